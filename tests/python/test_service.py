"""The HTTP service (tieuchi.service) as a provincial application meets it: a real uvicorn process
on 127.0.0.1, called with httpx. Its answers are the library's: the same bytes as the CLI's
assessment.json for the same table, the same diagnostics as the CSV door."""

import csv
import os
import pathlib
import socket
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CSV = ROOT / "data" / "examples" / "langson" / "communes-2023.csv"
PACK = "langson-2022-illustrative"
TOKEN = "s3cret-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp_path, *extra):
    port = free_port()
    log = tmp_path / "service.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tieuchi.service", "--host", "127.0.0.1", "--port", str(port),
             "--pack-path", str(ROOT / "data" / "examples" / "packs"), "--pack-path", str(ROOT / "data" / "packs"),
             *extra], stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    proc.wait(timeout=10)
    raise RuntimeError(f"the service did not start: {log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("service")
    tokens = tmp / "tokens"
    tokens.write_text(f"# clients\n{TOKEN}\n")
    proc, url = start(tmp, "--tokens-file", str(tokens), "--max-units", "1000", "--max-body", str(8 * 1024 * 1024))
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    yield client
    client.close()
    proc.terminate()
    proc.wait(timeout=10)


def rows():
    with open(CSV, encoding="utf-8", newline="") as f:
        return [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(f)]


def problem(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in r.text
    return body


def test_health_needs_no_token_and_the_rest_does(service):
    assert httpx.get(str(service.base_url) + "/health").json()["status"] == "ok"
    bare = httpx.get(str(service.base_url) + "/v1/packs")
    problem(bare, 401)
    assert bare.headers["www-authenticate"] == "Bearer"
    problem(httpx.get(str(service.base_url) + "/v1/packs", headers={"Authorization": "Bearer wrong"}), 401)
    problem(httpx.get(str(service.base_url) + "/v1/packs", headers={"Authorization": TOKEN}), 401)


def test_packs_are_listed_and_described_as_the_library_describes_them(service):
    ids = [p["id"] for p in service.get("/v1/packs").json()["packs"]]
    assert PACK in ids and "vn-ntm-2021-2025" in ids
    import tieuchi

    pack = tieuchi.load_pack(PACK, [str(ROOT / "data" / "examples" / "packs")])
    r = service.get(f"/v1/packs/{PACK}")
    assert r.status_code == 200 and r.text == pack.describe()


@pytest.mark.parametrize("pack_id", ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "no-such-pack", ".hidden"])
def test_a_pack_id_resolves_only_on_the_pack_path(service, pack_id):
    body = problem(service.get(f"/v1/packs/{pack_id}"), 404)
    assert "passwd" not in body.get("detail", "") or "not a pack id" in body["detail"]


def cli_assessment_json(tmp_path, name: str = "assessment.json") -> bytes:
    """assessment.json (or another of its outputs) as `tieuchi assess` writes it for the example
    communes in 2023."""
    cli = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
    if not cli.exists():
        pytest.skip("the CLI is not built")
    subprocess.run([str(cli), "assess", "--pack", str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"),
                    "--data", str(CSV), "--year", "2023", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    return (tmp_path / name).read_bytes()


def test_assess_answers_the_cli_s_assessment_json_byte_for_byte(service, tmp_path):
    expected = cli_assessment_json(tmp_path)
    r = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows()})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.content == expected


def test_the_planning_table_and_the_summary_are_the_library_s(service):
    import tieuchi

    pack = tieuchi.load_pack(str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"))
    a = tieuchi.assess(pack, tieuchi.read_units_csv(pack, str(CSV), optional_attributes=["recognized"])[0], year=2023)
    wide = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows(), "format": "wide"})
    assert wide.text == a.planning_table_csv()
    summary = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows(), "format": "summary",
                                               "lang": "vi"})
    assert summary.text == a.summary("vi")


def test_bad_units_get_the_csv_door_s_diagnostics(service):
    units = rows()[:3]
    units[1]["id"] = units[0]["id"]
    units[2]["irrigation.active_share"] = "abc"
    body = problem(service.post("/v1/assess", json={"pack": PACK, "units": units}), 422)
    found = [(d["code"], d["row"], d["column_name"]) for d in body["diagnostics"] if d["severity"] == "error"]
    assert found == [("E511", 2, "id"), ("E509", 3, "irrigation.active_share")]


def test_hostile_requests_are_4xx_problems_and_the_server_stays_up(service):
    problem(service.post("/v1/assess", content=b"{not json", headers={"content-type": "application/json"}), 422)
    problem(service.post("/v1/assess", json={"pack": PACK, "units": "many"}), 422)
    problem(service.post("/v1/assess", json={"pack": PACK, "units": [{}] * 1001}), 413)
    problem(service.post("/v1/assess", content=b"[" * (9 * 1024 * 1024), headers={"content-type": "application/json"}), 413)
    def chunks():  # no Content-Length: the limit is found while the body streams in
        for _ in range(10):
            yield b" " * (1024 * 1024)
    problem(service.post("/v1/assess", content=chunks(), headers={"content-type": "application/json"}), 413)
    deep = service.post("/v1/packs/check", json={"text": "pack: d\ntitle: " + "[" * 100_000})
    assert deep.status_code == 200 and not deep.json()["ok"]
    traversal = service.post("/v1/packs/check", json={"text": "pack: o\nextends: ../../etc/passwd\n"}).json()
    assert [(d["code"], d["line"]) for d in traversal["diagnostics"]] == [("E311", 2)]
    assert service.get("/health").json()["status"] == "ok"


def test_an_overlay_is_checked_against_the_server_s_packs(service):
    ok = service.post("/v1/packs/check", json={"text": "pack: my-overlay\nextends: vn-ntm-2021-2025\n"}).json()
    assert ok["ok"] and ok["pack"] == "my-overlay"


def test_explain_is_the_library_s_text(service):
    import tieuchi

    pack = tieuchi.load_pack(str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"))
    a = tieuchi.assess(pack, tieuchi.read_units_csv(pack, str(CSV), optional_attributes=["recognized"])[0], year=2023)
    unit = rows()[5]["id"]
    r = service.post("/v1/explain", json={"pack": PACK, "year": 2023, "units": rows(), "unit": unit, "node": "ntm",
                                          "lang": "en", "depth": 1})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == a.explain(unit, "ntm", "en", 1)
    problem(service.post("/v1/explain", json={"pack": PACK, "units": rows(), "unit": "nobody", "node": "ntm"}), 404)
    # The CLI's defaults: English, two levels.
    plain = service.post("/v1/explain", json={"pack": PACK, "year": 2023, "units": rows(), "unit": unit, "node": "ntm"})
    assert plain.json()["text"] == a.explain(unit, "ntm", "en", 2)


def test_the_openapi_schema_lists_every_endpoint(service):
    paths = service.get("/openapi.json").json()["paths"]
    assert {"/health", "/v1/packs", "/v1/packs/{pack_id}", "/v1/packs/check", "/v1/assess", "/v1/explain"} <= set(paths)


def test_a_csv_upload_is_read_as_the_cli_reads_the_file(service, tmp_path):
    expected = cli_assessment_json(tmp_path)
    raw = service.post("/v1/assess/csv", params={"pack": PACK, "year": 2023}, content=CSV.read_bytes(),
                       headers={"content-type": "text/csv"})
    assert raw.status_code == 200, raw.text
    assert raw.content == expected
    text = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "csv": CSV.read_text(encoding="utf-8")})
    assert text.content == expected
    for fmt, name in (("wide", "planning-table.csv"), ("long", "assessment-long.csv")):
        got = service.post("/v1/assess/csv", params={"pack": PACK, "year": 2023, "format": fmt},
                           content=CSV.read_bytes(), headers={"content-type": "text/csv"})
        assert got.status_code == 200 and got.content == (tmp_path / name).read_bytes(), fmt
    both = service.post("/v1/assess", json={"pack": PACK, "csv": "id\n", "units": []})
    assert "not several or none" in problem(both, 422)["detail"]
    problem(service.post("/v1/assess", json={"pack": PACK}), 422)


def corpus_diagnostics(body) -> list[tuple[str, int, str]]:
    return [(d["code"], d["row"], d["column_name"] or (str(d["column"]) if d["column"] else ""))
            for d in body.get("diagnostics", []) if d["code"] != "W501"]


def test_the_hostile_csv_corpus_gets_the_cli_s_diagnostics(service):
    """Every file of the corpus of issue #16 (tests/data/hostile/csv), uploaded: the codes, rows and
    columns the CLI gives for the file; a file the CLI accepts is accepted."""
    from test_conformance import CORPUS, cli_diagnostics

    files = sorted(CORPUS.glob("*.csv"))
    assert len(files) >= 15
    for f in files:
        expected = cli_diagnostics(f)
        r = service.post("/v1/assess/csv", params={"pack": "vn-ntm-2021-2025", "allow_missing_columns": True,
                                                   "file": f.name}, content=f.read_bytes(),
                         headers={"content-type": "text/csv"})
        errors = any(c.startswith("E") for c, _, _ in expected)
        if errors:
            body = problem(r, 422)
            assert corpus_diagnostics(body) == expected, f.name
            assert all(d["file"] == f.name for d in body["diagnostics"]), f.name
        else:
            assert r.status_code == 200, (f.name, r.text)


def plan_files():
    data = ROOT / "data" / "examples" / "langson"
    return data / "budgets-illustrative.csv", data / "costs-illustrative.csv"


def test_plan_answers_the_cli_s_plan_json_byte_for_byte(service, tmp_path):
    cli = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
    if not cli.exists():
        pytest.skip("the CLI is not built")
    budgets, costs = plan_files()
    subprocess.run([str(cli), "plan", "--pack", str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"),
                    "--data", str(CSV), "--year", "2023", "--horizon", "2023-2025", "--target", "ntm:2024",
                    "--target", "ntm_nang_cao:2024", "--costs", str(costs), "--budget", str(budgets), "--lang", "vi",
                    "--out", str(tmp_path)], check=True, capture_output=True)
    request = {"pack": PACK, "year": 2023, "units": rows(), "horizon": "2023-2025",
               "targets": ["ntm:2024", "ntm_nang_cao:2024"], "budgets": budgets.read_text(encoding="utf-8"),
               "costs": costs.read_text(encoding="utf-8"), "lang": "vi"}
    r = service.post("/v1/plan", json=request)
    assert r.status_code == 200, r.text
    assert r.content == (tmp_path / "plan.json").read_bytes()
    for table in ("tasks", "roadmap", "outcomes", "budgets"):
        got = service.post("/v1/plan", json={**request, "format": table})
        assert got.status_code == 200 and got.text == (tmp_path / f"{table}.csv").read_text(encoding="utf-8"), table
    # Budgets as JSON rows are read as the CSV is.
    with open(budgets, encoding="utf-8", newline="") as f:
        budget_rows = list(csv.DictReader(f))
    assert service.post("/v1/plan", json={**request, "budgets": budget_rows}).content == r.content


def test_bad_plan_options_are_the_library_s_diagnostics(service):
    budgets, costs = plan_files()
    base = {"pack": PACK, "year": 2023, "units": rows()[:20], "targets": ["ntm:2024"]}
    cases = [
        ({"horizon": "2025-2023"}, "E612", "horizon"),
        ({"targets": ["ntm:2024", "ntm"]}, "E612", "targets[1]"),
        ({"pins": ["06010:1.1"]}, "E612", "pins[0]"),
        ({"targets": ["gold:2024"]}, "E603", ""),
        ({"policy": "fastest"}, "E612", "policy"),
        ({"method": "optimal"}, "E612", "method"),
        ({"time_limit": 0}, "E612", "time_limit"),
        ({"policy": "weighted", "weights": {"TC99": 2}}, "E608", ""),
        ({"horizon": "2023-2024", "budgets": "year,amount\n2030,5\n"}, "E604", ""),
    ]
    for change, code, field in cases:
        body = problem(service.post("/v1/plan", json={**base, **change}), 422)
        first = body["diagnostics"][0]
        assert (first["code"], first["field"]) == (code, field), (change, body)
    # The solver's time limit may not outlast the service's own timeout (60 s by default).
    long = problem(service.post("/v1/plan", json={**base, "time_limit": 3600}), 422)
    assert "--timeout" in long["detail"]
    # A bad cell in budget rows names its row (1: the first object) and column.
    body = problem(service.post("/v1/plan", json={**base, "budgets": [{"year": 2023, "amount": 5},
                                                                      {"year": 2024, "amount": "-5"}]}), 422)
    d = body["diagnostics"][0]
    assert (d["code"], d["row"], d["column_name"], d["file"]) == ("E610", 2, "amount", "budgets")


def test_two_packs_are_compared_as_the_cli_compares_them(service):
    cli = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
    if not cli.exists():
        pytest.skip("the CLI is not built")
    for fmt in ("json", "markdown"):
        expected = subprocess.run([str(cli), "--pack-path", str(ROOT / "data" / "packs"), "diff", "vn-ntm-2016-2020",
                                   "vn-ntm-2021-2025", "--format", fmt], check=True, capture_output=True).stdout
        r = service.get("/v1/packs/vn-ntm-2016-2020/diff/vn-ntm-2021-2025", params={"format": fmt})
        assert r.status_code == 200 and r.content == expected, fmt
    assert service.get("/v1/packs/vn-ntm-2016-2020/diff/vn-ntm-2021-2025").json()["schema"] == "tieuchi.pack-diff/1"
    body = problem(service.get("/v1/packs/vn-ntm-2016-2020/diff/vn-ntm-2021-2025", params={"new_year": 1990}), 422)
    assert body["diagnostics"][0]["code"] == "E506" and body["diagnostics"][0]["field"] == "new_year"
    for bad in ("..secret", ".x", "no-such-pack"):
        body = problem(service.get(f"/v1/packs/vn-ntm-2016-2020/diff/{bad}"), 404)
        assert body["title"] == "no such pack" and body["diagnostics"][0]["code"] == "E311", body


def test_the_pack_list_says_what_each_pack_is(service):
    listed = {p["id"]: p for p in service.get("/v1/packs").json()["packs"]}
    national = listed["vn-ntm-2021-2025"]
    assert national["ok"] and national["lineage"] == ["vn-ntm-2021-2025"]
    assert national["valid"] == {"from": 2022, "to": 2025} and national["title"]["vi"]
    assert {"verified", "unverified", "illustrative", "missing"} <= set(national["thresholds"])
    assert listed[PACK]["lineage"][-1] == PACK and len(listed[PACK]["lineage"]) > 1


def test_huge_requests_are_refused_before_they_are_read(service):
    # 10^6 units, over --max-units 1000 (and within the 8 MB body limit).
    many = problem(service.post("/v1/assess", json={"pack": PACK, "units": [{}] * 1_000_000}), 413)
    assert many["title"] == "too many units" and "1000000 units" in many["detail"]
    # A 100 MB body, declared, then streamed without a length.
    big = problem(service.post("/v1/assess", content=b" " * (100 * 1024 * 1024),
                               headers={"content-type": "application/json"}), 413)
    assert big["title"] == "request body too large"
    def chunks():
        for _ in range(100):
            yield b"id\n" * (512 * 1024)
    streamed = problem(service.post("/v1/assess/csv", params={"pack": PACK}, content=chunks(),
                                    headers={"content-type": "text/csv"}), 413)
    assert streamed["title"] == "request body too large"
    # CSV text of more units than --max-units: counted by the reader, refused before the engine.
    over = problem(service.post("/v1/assess", json={"pack": PACK, "csv": "id\n" + "".join(f"u{i}\n" for i in range(1001)),
                                                    "allow_missing_columns": True}), 413)
    assert over["title"] == "too many units"
    assert service.get("/health").json()["status"] == "ok"


def test_text_no_library_string_can_hold_is_a_422(service):
    # JSON allows a lone surrogate ("\ud800"); UTF-8 cannot encode it.
    for body in ('{"pack": "\\ud800", "units": []}', '{"pack": "%s", "units": [{"\\ud800": 1}]}' % PACK,
                 '{"pack": "%s", "units": [{"id": "\\ud800"}]}' % PACK, '{"text": "pack: \\udfff"}'):
        path = "/v1/packs/check" if '"text"' in body else "/v1/assess"
        r = service.post(path, content=body.encode(), headers={"content-type": "application/json"})
        problem(r, 422)
        r.content.decode("utf-8")
    assert service.get("/health").json()["status"] == "ok"


def test_worker_processes_serve_the_same_bytes(tmp_path, service):
    """--workers 2: the settings reach every worker (limits, tokens) and each answers as one does."""
    tokens = tmp_path / "tokens"
    tokens.write_text(TOKEN + "\n")
    proc, url = start(tmp_path, "--workers", "2", "--tokens-file", str(tokens), "--max-units", "1000")
    try:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as c:
            expected = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows()}).content
            answers = {c.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows()}).content
                       for _ in range(6)}
            assert answers == {expected}
            problem(c.post("/v1/assess", json={"pack": PACK, "units": [{}] * 1001}), 413)
            problem(httpx.get(url + "/v1/packs"), 401)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_load_script_runs_bounded_and_finds_no_error():
    """benchmarks/service_load.py, briefly (2 clients, at most 20 requests): the figures docs/service.md
    quotes come from this script, so it must keep working; every request is answered."""
    import json

    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "service_load.py"), "--clients", "2",
                          "--duration", "3", "--max-requests", "20", "--json"],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0 and 0 < figures["requests"] <= 20 + 2
    assert figures["units_per_request"] == len(rows()) == 181
    assert figures["in_process_ms"] > 0 and figures["rss_end_mb"] > 0


def doc_commands() -> list[str]:
    """The curl commands of docs/service.md's shell examples, each with its continuation lines (a
    backslash, or a quoted JSON body over several lines); comment lines end a command."""
    text = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in text.split("```sh\n")[1:]:
        current: list[str] = []
        for line in block.split("```", 1)[0].splitlines():
            starts = line.startswith(("curl ", "#", ".venv/", "printf "))
            if starts and current:
                commands.append("\n".join(current))
                current = []
            if line.startswith("curl ") or (current and not starts):
                current.append(line)
        if current:
            commands.append("\n".join(current))
    return commands


def test_every_curl_example_of_the_docs_works(service, tmp_path):
    """docs/service.md shows a curl example for every endpoint: each runs against the service (with
    a token, from a folder holding the docs' tokens.txt and data/) and gets a 2xx answer."""
    import shutil

    if not (shutil.which("curl") and shutil.which("jq")):
        pytest.fail("curl and jq are needed (scripts/setup.sh installs them)")
    commands = doc_commands()
    endpoints = {"/health", "/v1/packs", "/v1/packs/vn-ntm", "/diff/", "/v1/packs/check", "/v1/assess ",
                 "/v1/assess/csv", "/v1/explain", "/v1/plan", "/v1/template"}
    assert all(any(e in c for c in commands) for e in endpoints), commands
    (tmp_path / "tokens.txt").write_text(f"# provincial portal\n{TOKEN}\n")
    (tmp_path / "data").symlink_to(ROOT / "data")
    port = str(service.base_url.port)
    for c in commands:
        c = c.replace("localhost:8000", f"127.0.0.1:{port}").replace("curl ", "curl -sS --fail-with-body -o /dev/null ", 1)
        # curl and jq are not ours: no sanitizer runtime preloaded into them (the ASan leg sets one).
        env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS")}
        run = subprocess.run(["bash", "-c", c], cwd=tmp_path, env={**env, "TOKEN": TOKEN},
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, (c, run.stdout, run.stderr)


# ---- What the web page calls (issue #19) ------------------------------------------------------


def test_the_annexes_format_is_the_library_s_annexes_json(service):
    import tieuchi

    pack = tieuchi.load_pack(str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"),
                             [str(ROOT / "data/packs")])
    table, _ = tieuchi.read_units(pack, str(CSV), optional_attributes=["recognized"])
    a = tieuchi.assess(pack, table, year=2023)
    request = {"pack": PACK, "year": 2023, "csv": CSV.read_text(encoding="utf-8"), "format": "annexes", "lang": "vi"}
    r = service.post("/v1/assess", json=request)
    assert r.status_code == 200, r.text
    assert r.text == a.annexes_json("vi", "recognized", "", "", "")
    view = r.json()
    assert view["schema"] == "tieuchi.annexes/1" and view["units"] == 181
    # A filter gives the library's filtered annexes: one district's units, the counts of those.
    district = view["choices"]["districts"][1]["id"]
    f = service.post("/v1/assess", json={**request, "filter": {"district": district, "review_outcome": "short_of"}})
    assert f.status_code == 200, f.text
    assert f.text == a.annexes_json("vi", "recognized", "", district, "short_of")
    rows = [x for x in f.json()["units_annex"]["rows"] if x["kind"] == "unit"]
    assert rows and all(x["district"] == district and x["outcome"] == "short_of" for x in rows)


def test_a_workbook_in_base64_is_read_as_the_workbook_upload(service, tmp_path):
    import base64

    import tieuchi

    pack = tieuchi.load_pack(str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"),
                             [str(ROOT / "data/packs")])
    book = tmp_path / "template.xlsx"
    r = service.post("/v1/template", json={"pack": PACK, "year": 2023})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="langson-2022-illustrative-2023-nhap-lieu.xlsx"' in r.headers["content-disposition"]
    book.write_bytes(r.content)
    # The template of the service is the library's: the same sheets and cells.
    from python_calamine import CalamineWorkbook

    expected = tmp_path / "expected.xlsx"
    tieuchi.write_template(pack, expected, year=2023)
    got, want = CalamineWorkbook.from_path(str(book)), CalamineWorkbook.from_path(str(expected))
    assert "Nhập liệu" in got.sheet_names and got.sheet_names == want.sheet_names
    for name in got.sheet_names:
        assert got.get_sheet_by_name(name).to_python() == want.get_sheet_by_name(name).to_python(), name
    # An empty template has no units: the assessment says so with the library's diagnostic,
    # through the base64 door and the upload alike.
    payload = base64.b64encode(r.content).decode()
    a = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "workbook": payload, "file": "t.xlsx"})
    b = service.post("/v1/assess/workbook?pack=" + PACK + "&year=2023&file=t.xlsx", content=r.content)
    assert a.status_code == b.status_code
    assert a.json().get("diagnostics") == b.json().get("diagnostics")
    bad = service.post("/v1/assess", json={"pack": PACK, "workbook": "not base64!", "file": "t.xlsx"})
    assert problem(bad, 422)["title"] == "the workbook is not base64"
    both = service.post("/v1/assess", json={"pack": PACK, "workbook": payload, "csv": "id\n"})
    problem(both, 422)


def test_the_template_takes_a_unit_list_and_names_its_problems(service, tmp_path):
    units = "code,commune,district\n05986,Xã A,Huyện B\n05987,Xã C,Huyện B\n"
    r = service.post("/v1/template", json={"pack": PACK, "year": 2023, "units": units, "file": "xa.csv"})
    assert r.status_code == 200, r.text
    from python_calamine import CalamineWorkbook

    path = tmp_path / "t.xlsx"
    path.write_bytes(r.content)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhập liệu").to_python()
    assert ["05986", "Xã A", "Huyện B"] == [str(c) for c in next(r for r in rows if "05986" in map(str, r))[:3]]
    bad = service.post("/v1/template", json={"pack": PACK, "units": "code\n05986\n05986\n", "file": "xa.csv"})
    body = problem(bad, 422)
    assert body["diagnostics"][0]["code"] == "E511" and body["diagnostics"][0]["file"] == "xa.csv"
    year = service.post("/v1/template", json={"pack": PACK, "year": 1990})
    assert problem(year, 422)["diagnostics"][0]["code"] == "E506"


def test_the_plan_annexes_carry_the_roadmap_the_agencies_and_the_targets_not_on_time(service):
    budgets, costs = plan_files()
    request = {"pack": PACK, "year": 2023, "csv": CSV.read_text(encoding="utf-8"), "horizon": "2023-2025",
               "targets": ["ntm:2024", "ntm_nang_cao:2024"], "budgets": budgets.read_text(encoding="utf-8"),
               "costs": costs.read_text(encoding="utf-8"), "lang": "vi"}
    plan = service.post("/v1/plan", json=request).json()
    view = service.post("/v1/plan", json={**request, "format": "annexes"}).json()
    p = view["plan"]
    assert p["tasks"] == len(plan["tasks"]) and p["total_cost"] == plan["total_cost"]
    kinds = [a["kind"] for a in view["annexes"]]
    assert kinds == ["review", "review", "roadmap", "roadmap"]
    assert [a["sheet"] for a in view["annexes"]] == ["Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04"]
    late = [o for o in plan["outcomes"] if o["outcome"] in ("late", "missed", "cannot_tell")]
    assert len(p["not_on_time"]["rows"]) == len(late)
    assert p["agencies"]["rows"][-1][0] == "Tổng cộng"
    assert sum(p["outcomes"].values()) == len(plan["outcomes"])
