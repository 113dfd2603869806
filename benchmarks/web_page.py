"""What the web page (docs/web.md) costs per step: the service calls it makes for the 181 example
communes, timed on a live tieuchi-serve on 127.0.0.1, beside the calls a provincial application
makes for the same data (assessment.json, plan.json). Medians of --repeat runs, as ratios measured
in one run (these machines are noisy).

    .venv/bin/python benchmarks/web_page.py --repeat 5
"""

from __future__ import annotations

import argparse
import base64
import pathlib
import statistics
import subprocess
import sys
import time

import httpx

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import browser  # noqa: E402  (the tests' live service)

DATA = ROOT / "data" / "examples" / "langson"
PACK = "langson-2022-illustrative"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import tempfile

    import tieuchi

    with tempfile.TemporaryDirectory() as tmp, browser.live_service(tmp) as url, \
            httpx.Client(base_url=url, timeout=120) as api:
        pack = tieuchi.load_pack(str(ROOT / "data/examples/packs" / f"{PACK}.yaml"), [str(ROOT / "data/packs")])
        # The filled template the page uploads: the example communes written into the template.
        book = pathlib.Path(tmp) / "da-nhap.xlsx"
        pack.template(book, str(DATA / "communes-2023.csv"), year=2023)
        filled = pathlib.Path(tmp) / "filled.xlsx"
        subprocess.run([sys.executable, "-c", (
            "import sys, pandas as pd; sys.path.insert(0, sys.argv[3]); from test_workbooks import fill_template; "
            "fill_template(__import__('pathlib').Path(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]), "
            "pd.read_csv(sys.argv[4], dtype={'id': str, 'recognized': str, 'region': str}))"),
            str(book), str(filled), str(ROOT / "tests" / "python"), str(DATA / "communes-2023.csv")], check=True)
        units = {"pack": PACK, "year": 2023, "file": "da-nhap.xlsx",
                 "workbook": base64.b64encode(filled.read_bytes()).decode()}
        csv_units = {"pack": PACK, "year": 2023, "csv": (DATA / "communes-2023.csv").read_text(encoding="utf-8")}
        plan = {"targets": ["ntm:2024", "ntm_nang_cao:2024"], "horizon": "2023-2025",
                "budgets": (DATA / "budgets-illustrative.csv").read_text(encoding="utf-8"),
                "costs": (DATA / "costs-illustrative.csv").read_text(encoding="utf-8"), "lang": "vi"}
        calls = {
            "page: template (.xlsx)": ("/v1/template", {"pack": PACK, "year": 2023}),
            "page: review annexes (workbook in)": ("/v1/assess", {**units, "format": "annexes", "lang": "vi"}),
            "page: review, one district": ("/v1/assess", {**units, "format": "annexes", "lang": "vi",
                                                          "filter": {"district": "Huyện Tràng Định"}}),
            "page: explain 06010 (depth 2)": ("/v1/explain", {**units, "unit": "06010", "node": "ntm", "lang": "vi"}),
            "page: plan annexes (workbook in)": ("/v1/plan", {**units, **plan, "format": "annexes"}),
            "page: Biểu 01-04 (.xlsx)": ("/v1/plan", {**units, **plan, "format": "xlsx"}),
            "app: assessment.json (CSV in)": ("/v1/assess", {**csv_units, "format": "json"}),
            "app: plan.json (CSV in)": ("/v1/plan", {**csv_units, **plan, "format": "json"}),
        }
        results = {}
        for name, (path, body) in calls.items():
            times, size = [], 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                r = api.post(path, json=body)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200, (name, r.text[:300])
                size = len(r.content)
            results[name] = (statistics.median(times), size)
        base = results["app: assessment.json (CSV in)"][0]
        print(f"181 communes, pack {PACK}, median of {args.repeat}; ratio to POST /v1/assess of assessment.json")
        for name, (t, size) in results.items():
            print(f"{name:<38} {t * 1000:8.1f} ms  {size / 1024:8.1f} KiB  {t / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
