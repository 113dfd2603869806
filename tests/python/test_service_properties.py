"""Property tests of the HTTP service from its own OpenAPI schema (schemathesis): requests
generated for every operation, valid and not, never get a 5xx, and every refusal is a problem
document. A real uvicorn on 127.0.0.1; examples bounded per operation.

(The operations are driven with Hypothesis directly: schemathesis's pytest fixture loader does
not run under pytest 9.)"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

from test_service import start  # noqa: E402  (the same server start as the service tests)

EXAMPLES = int(os.environ.get("TIEUCHI_PROPERTY_EXAMPLES", "60"))  # per operation
# Workbook uploads (POST /v1/assess/workbook) are bytes, as application/octet-stream is.
schemathesis.serializer.alias("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              "application/octet-stream")
PACKS = hypothesis.strategies.sampled_from(["vn-ntm-2021-2025", "vn-ntm-2016-2020", "langson-2022-illustrative"])


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    proc, url = start(tmp_path_factory.mktemp("properties"), "--max-units", "200", "--timeout", "20",
                      "--max-body", str(1024 * 1024))
    try:
        yield schemathesis.openapi.from_url(url + "/openapi.json")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_no_request_makes_the_service_fail(api_schema):
    operations = [r.ok() for r in api_schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"POST /v1/assess", "POST /v1/assess/csv", "POST /v1/assess/workbook", "POST /v1/plan", "POST /v1/explain", "POST /v1/packs/check",
            "GET /v1/packs", "GET /v1/packs/{pack_id}", "GET /v1/packs/{old_id}/diff/{new_id}", "GET /health"} <= labels
    calls = 0
    for op in operations:
        @hypothesis.settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(hypothesis.HealthCheck))
        @hypothesis.given(case=op.as_strategy(), pack=PACKS, other=PACKS, real=hypothesis.strategies.booleans())
        def check(case, pack, other, real):
            nonlocal calls
            calls += 1
            if real:  # random ids stop at 404: name real packs so that the rest of the request is reached
                path = case.path_parameters or {}
                for key, value in (("pack_id", pack), ("old_id", pack), ("new_id", other)):
                    if key in path:
                        path[key] = value
                if case.query and "pack" in case.query:
                    case.query["pack"] = pack
                if isinstance(case.body, dict) and "pack" in case.body:
                    case.body["pack"] = pack
            response = case.call(timeout=30)
            assert response.status_code < 500, (f"{case.method} {case.formatted_path} {case.query} {case.body!r:.300}: "
                                                f"{response.status_code} {response.text[:500]}")
            if response.status_code >= 400:
                assert response.headers.get("content-type", [""])[0].startswith("application/problem+json"), \
                    (op.label, response.status_code, response.headers)
                assert "Traceback" not in response.text

        check()
    assert calls >= len(operations) * 5
