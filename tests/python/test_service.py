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


def test_assess_answers_the_cli_s_assessment_json_byte_for_byte(service, tmp_path):
    cli = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
    if not cli.exists():
        pytest.skip("the CLI is not built")
    subprocess.run([str(cli), "assess", "--pack", str(ROOT / "data/examples/packs/langson-2022-illustrative.yaml"),
                    "--data", str(CSV), "--year", "2023", "--format", "json", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    r = service.post("/v1/assess", json={"pack": PACK, "year": 2023, "units": rows()})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.content == (tmp_path / "assessment.json").read_bytes()


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
                                          "lang": "en"})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == a.explain(unit, "ntm", "en", 1)
    problem(service.post("/v1/explain", json={"pack": PACK, "units": rows(), "unit": "nobody", "node": "ntm"}), 404)


def test_the_openapi_schema_lists_every_endpoint(service):
    paths = service.get("/openapi.json").json()["paths"]
    assert {"/health", "/v1/packs", "/v1/packs/{pack_id}", "/v1/packs/check", "/v1/assess", "/v1/explain"} <= set(paths)
