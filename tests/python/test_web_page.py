"""The web page (#19) in a real browser: Debian's Chromium, headless, driven by Selenium against a
tieuchi-serve on 127.0.0.1. An officer's whole job, steps 1-6, with the example communes; what
the page shows is checked against the service's JSON for the same request (the page computes
nothing of its own). Screenshots of every step go to build/test-artifacts/web/."""

from __future__ import annotations

import base64
import json
import pathlib
import time

import pandas as pd
import pytest

import browser
from conftest import EXAMPLE_CSV, ROOT

httpx = pytest.importorskip("httpx")
pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

from test_workbooks import fill_template  # noqa: E402  (after the skips: it needs openpyxl)

PACK = "langson-2022-illustrative"
DATA = ROOT / "data" / "examples" / "langson"
DOCS_IMAGES = ROOT / "build" / "test-artifacts" / "web"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    browser.skip_without_browser()
    with browser.live_service(tmp_path_factory.mktemp("web")) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads):
    browser.skip_without_browser()
    d = browser.chrome(downloads)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def api(base_url):
    with httpx.Client(base_url=base_url, timeout=120) as c:
        yield c


def by_css(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def select(driver, css, value=None, text=None):
    from selenium.webdriver.support.ui import Select

    s = Select(browser.wait_for(driver, css))
    if value is not None:
        s.select_by_value(value)
    else:
        s.select_by_visible_text(text)


def settle(driver, timeout=60):
    """Waits until the page has answered the last action: the status line no longer says it is busy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = driver.execute_script("return document.getElementById('status').textContent")
        if not s.endswith("…"):
            return s
        time.sleep(0.05)
    raise AssertionError("the page is still busy")


def table_rows(driver, css):
    """The rows of a table on the page as lists of cell texts (header rows excepted)."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map("
        "tr => [...tr.children].map(td => td.textContent))", css)


def annex_texts(annex):
    return [[c["text"] for c in r["cells"]] for r in annex["rows"]]


def wait_new_download(downloads, suffix, since):
    return browser.wait_download(downloads, suffix, newer_than=since)


def test_an_officer_does_the_whole_review_and_roadmap_in_the_page(driver, base_url, api, downloads, tmp_path):
    example = pd.read_csv(EXAMPLE_CSV, dtype={"id": str, "recognized": str, "region": str})
    unit_list = tmp_path / "danh-sach-xa.csv"
    example[["id", "name", "district"]].to_csv(unit_list, index=False)

    # ---- 1. the pack, its lineage and thresholds; the template ---------------------------------
    driver.get(base_url + "/")
    browser.wait_text(driver, "#h1", "Chọn bộ tiêu chí")
    browser.wait_for(driver, f"#pack option[value='{PACK}']")
    select(driver, "#pack", PACK)
    year = browser.wait_for(driver, "#year")
    year.clear()
    year.send_keys("2023")
    listed = next(p for p in api.get("/v1/packs").json()["packs"] if p.get("id") == PACK)
    counts = {e.get_attribute("data-count"): e.text for e in by_css(driver, "#threshold-counts [data-count]")}
    th = listed["thresholds"]
    assert counts["verified"].split()[0] == str(th["verified"])
    assert counts["unverified"].split()[0] == str(th["unverified"])
    assert counts["illustrative"].split()[0] == str(th["illustrative"])
    assert counts["missing"].split()[0] == str(len(th["missing"]))
    assert " › ".join(listed["lineage"]) in driver.find_element("id", "pack-info").text
    if th["illustrative"]:
        assert by_css(driver, "#pack-info .warn")
    by_css(driver, "#unit-list")[0].send_keys(str(unit_list))
    since = time.time()
    by_css(driver, "#get-template")[0].click()
    template = wait_new_download(downloads, ".xlsx", since)
    browser.screenshot(driver, "step-1-pack")
    assert template.name == f"{PACK}-2023-nhap-lieu.xlsx"

    # ---- 2. a bad workbook: the diagnostic in place; then the filled one -----------------------
    filled = tmp_path / "da-nhap.xlsx"
    fill_template(template, filled, example)
    bad = tmp_path / "sai.xlsx"
    broken = example.copy()
    broken["roads.commune_hardened_share"] = broken["roads.commune_hardened_share"].astype(object)
    broken.loc[2, "roads.commune_hardened_share"] = "khoảng 80"
    fill_template(template, bad, broken)
    by_css(driver, "#data-file")[0].send_keys(str(bad))
    by_css(driver, "#assess")[0].click()
    browser.wait_for(driver, "#problems tr.diagnostic")
    settle(driver)
    expected = api.post("/v1/assess", json={"pack": PACK, "year": 2023, "file": "sai.xlsx", "sheet": "",
                                            "workbook": base64.b64encode(bad.read_bytes()).decode(),
                                            "format": "annexes"})
    assert expected.status_code == 422
    d = expected.json()["diagnostics"][0]
    shown = table_rows(driver, "#problems")[0]
    assert shown[0] == d["code"] == "E509"
    assert shown[1] == d["sheet"] == "Nhập liệu"
    assert shown[2] == str(d["row"])
    assert shown[3] == d["column_name"] == "roads.commune_hardened_share"
    assert d["text"] in driver.find_element("css selector", "#problems .diagnostic-text").text
    browser.screenshot(driver, "step-2-diagnostics")
    assert not driver.find_element("id", "step3").is_displayed()

    by_css(driver, "#data-file")[0].clear()
    by_css(driver, "#data-file")[0].send_keys(str(filled))
    by_css(driver, "#assess")[0].click()
    browser.wait_for(driver, "#review-table table.annex")
    settle(driver)
    request = {"pack": PACK, "year": 2023, "file": "da-nhap.xlsx", "sheet": "", "recognized": "recognized",
               "workbook": base64.b64encode(filled.read_bytes()).decode()}
    view = api.post("/v1/assess", json={**request, "format": "annexes", "lang": "vi"}).json()
    assert not driver.find_element("id", "problems").is_displayed()

    # ---- 3. the re-assessment: communes x criteria, counts, filters, heat map -----------------
    assert view["units"] == 181
    assert table_rows(driver, "#review-table") == annex_texts(view["units_annex"])
    province = table_rows(driver, "#review-table")[0]
    assert province[1] == view["units_annex"]["rows"][0]["cells"][1]["text"]  # "Toàn tỉnh (181 xã)"
    # One commune's statuses: Cao Minh (06010), cell for cell.
    cao_minh = next(r for r in view["units_annex"]["rows"] if r.get("unit") == "06010")
    page_row = driver.execute_script(
        "return [...document.querySelector('#review-table tr[data-unit=\"06010\"]').children].map(td => td.textContent)")
    assert page_row == [c["text"] for c in cao_minh["cells"]]
    assert "CĐ" in page_row
    unmet_cells = by_css(driver, '#review-table tr[data-unit="06010"] td.unmet')
    assert len(unmet_cells) == sum(c["look"] == "unmet" for c in cao_minh["cells"])
    # Biểu 01 (recognized at ntm) is the same table as the annex.
    select(driver, "#f-level", "1")
    assert table_rows(driver, "#review-table") == annex_texts(view["annexes"][0])
    # Filter: one district, one review outcome; the counts are the service's for that filter.
    district = view["choices"]["districts"][2]["id"]
    select(driver, "#f-district", district)
    browser.wait_text(driver, "#review-head", "")
    settle(driver)
    filtered = api.post("/v1/assess", json={**request, "format": "annexes", "lang": "vi",
                                            "filter": {"district": district}}).json()
    deadline = time.monotonic() + 30
    while table_rows(driver, "#review-table") != annex_texts(filtered["annexes"][0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert table_rows(driver, "#review-table") == annex_texts(filtered["annexes"][0])
    select(driver, "#f-outcome", "short_of")
    settle(driver)
    both = api.post("/v1/assess", json={**request, "format": "annexes", "lang": "vi",
                                        "filter": {"district": district, "review_outcome": "short_of"}}).json()
    deadline = time.monotonic() + 30
    while table_rows(driver, "#review-table") != annex_texts(both["annexes"][0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert table_rows(driver, "#review-table") == annex_texts(both["annexes"][0])
    for tr in by_css(driver, "#review-table tr.unit"):
        assert tr.get_attribute("data-district") == district and tr.get_attribute("data-outcome") == "short_of"
    # Back to every commune, every district; the heat map is the district rows' shares.
    select(driver, "#f-outcome", "")
    settle(driver)
    select(driver, "#f-district", "")
    settle(driver)
    deadline = time.monotonic() + 30
    while len(by_css(driver, "#review-table tr.unit")) != 181 and time.monotonic() < deadline:
        time.sleep(0.1)
    select(driver, "#f-level", "units")
    assert len(by_css(driver, "#review-table tr.unit")) == 181
    browser.screenshot(driver, "step-3-review")
    by_css(driver, "#tab-heat")[0].click()
    heat = by_css(driver, "#heatmap td.cell")
    groups = [r for r in view["units_annex"]["rows"] if r["kind"] != "unit"]
    marks = [i for i, c in enumerate(view["units_annex"]["columns"]) if c["kind"] in ("criterion", "level")]
    assert len(heat) == len(groups) * len(marks)
    shares = [float(td.get_attribute("data-share")) for td in heat]
    assert shares == [g["cells"][i]["share"] for g in groups for i in marks]
    browser.screenshot(driver, "step-3-heatmap")
    by_css(driver, "#tab-table")[0].click()

    # ---- 4. one commune explained ------------------------------------------------------------------
    driver.find_element("css selector", '#review-table button.unit-link[data-unit="06010"]').click()
    browser.wait_for(driver, "#explanation[data-unit='06010']")
    settle(driver)
    explained = api.post("/v1/explain", json={**request, "unit": "06010", "node": "ntm", "lang": "vi", "depth": 2})
    assert driver.find_element("id", "explanation").text == explained.json()["text"].rstrip("\n")
    assert "TC2" in explained.json()["text"]
    browser.screenshot(driver, "step-4-explain")

    # ---- 5. the roadmap: targets, yearly budgets, priorities -------------------------------------
    assert driver.find_element("id", "t-ntm").is_selected()
    assert driver.find_element("id", "t-ntm_nang_cao").is_selected()
    assert driver.find_element("id", "t-ntm-year").get_attribute("value") == "2024"
    budgets = pd.read_csv(DATA / "budgets-illustrative.csv", dtype=str, keep_default_na=False)
    rows = by_css(driver, "#budget-rows tr")
    for i, b in enumerate(budgets.itertuples()):
        if i >= len(rows):
            by_css(driver, "#budget-add")[0].click()
        row = by_css(driver, "#budget-rows tr")[i]
        row.find_element("css selector", ".b-year").send_keys(b.year)
        select(driver, f"#budget-rows tr:nth-child({i + 1}) .b-scope", b.scope)
        row.find_element("css selector", ".b-name").send_keys(b.name)
        row.find_element("css selector", ".b-amount").send_keys(b.amount)
    by_css(driver, "#cost-file")[0].send_keys(str(DATA / "costs-illustrative.csv"))
    select(driver, "#policy", "weighted")
    weights = {"TC5": "3", "TC2": "2", "TC6": "2"}  # schools, transport, cultural facilities
    for k, v in weights.items():
        driver.find_element("id", "w-" + k).send_keys(v)
    driver.find_element("id", "plan-name").send_keys("Kế hoạch thử nghiệm")
    # A budget typed wrong: the library's diagnostic, naming the row, shown under the form.
    first_amount = by_css(driver, "#budget-rows tr")[0].find_element("css selector", ".b-amount")
    first_amount.clear()
    first_amount.send_keys("bốn vạn")
    by_css(driver, "#run-plan")[0].click()
    browser.wait_for(driver, "#plan-problems tr.diagnostic")
    settle(driver)
    bad_budgets = [{"year": b.year, "scope": b.scope, "name": b.name, "amount": b.amount} for b in budgets.itertuples()]
    bad_budgets[0]["amount"] = "bốn vạn"
    refused = api.post("/v1/plan", json={**request, "targets": ["ntm:2024", "ntm_nang_cao:2024"],
                                         "horizon": "2023-2025", "budgets": bad_budgets, "format": "annexes"})
    assert refused.status_code == 422
    d = refused.json()["diagnostics"][0]
    shown = table_rows(driver, "#plan-problems")[0]
    assert shown[0] == d["code"] == "E610" and shown[2] == str(d["row"]) == "1"
    first_amount.clear()
    first_amount.send_keys(budgets.amount[0])
    driver.execute_script("document.getElementById('h5').scrollIntoView()")
    browser.screenshot(driver, "step-5-form")
    # Only the ladder of levels are targets; the conditions (recognition, revocation) are not.
    assert [e.get_attribute("data-level") for e in by_css(driver, "#targets .target")] == \
        [x["id"] for x in view["levels"]] == ["ntm", "ntm_nang_cao", "kieu_mau"]
    by_css(driver, "#run-plan")[0].click()
    browser.wait_for(driver, "#roadmap-table table.annex")
    settle(driver)
    plan_request = {**request, "targets": ["ntm:2024", "ntm_nang_cao:2024"], "horizon": "2023-2025",
                    "policy": "weighted", "weights": {k: float(v) for k, v in weights.items()},
                    "budgets": [{"year": b.year, "scope": b.scope, "name": b.name, "amount": b.amount}
                                for b in budgets.itertuples()],
                    "costs": (DATA / "costs-illustrative.csv").read_text(encoding="utf-8"),
                    "lang": "vi", "plan_name": "Kế hoạch thử nghiệm"}
    planned = api.post("/v1/plan", json={**plan_request, "format": "annexes"})
    assert planned.status_code == 200, planned.text
    pv = planned.json()
    p = pv["plan"]
    assert driver.find_element("id", "plan-tasks").text == str(p["tasks"])
    assert driver.find_element("id", "plan-method").text == p["method"]
    assert driver.find_element("id", "plan-optimality").text == p["optimality_text"]
    assert driver.find_element("id", "plan-policy").text == p["policy_text"]
    assert driver.find_element("id", "plan-cost").text == f"{p['total_cost_text']} {p['cost_unit']}"
    for o in pv["choices"]["plan_outcomes"]:
        assert f"{o['text']}: {p['outcomes'][o['id']]}" in driver.find_element("id", "plan-outcomes").text
    roadmap = next(a for a in pv["annexes"] if a["kind"] == "roadmap")
    assert table_rows(driver, "#roadmap-table") == annex_texts(roadmap)
    assert roadmap["attached"] in driver.find_element("id", "roadmap-head").text
    # The roadmap's totals: the province row (criteria completed and cost per year).
    assert table_rows(driver, "#roadmap-table")[0] == [c["text"] for c in roadmap["rows"][0]["cells"]]
    assert table_rows(driver, "#agencies") == [[c or "" for c in r] for r in p["agencies"]["rows"]]
    assert table_rows(driver, "#not-on-time") == [[c or "" for c in r] for r in p["not_on_time"]["rows"]]
    assert table_rows(driver, "#budget-use") == [[c or "" for c in r] for r in p["budgets"]["rows"]]
    browser.screenshot(driver, "step-5-roadmap")
    driver.find_element("id", "agencies").location_once_scrolled_into_view
    browser.screenshot(driver, "step-5-agencies")

    # ---- 6. the annexes and the JSON ---------------------------------------------------------------
    since = time.time()
    by_css(driver, "#dl-annexes")[0].click()
    book = wait_new_download(downloads, ".xlsx", since)
    from python_calamine import CalamineWorkbook

    assert CalamineWorkbook.from_path(str(book)).sheet_names[:4] == ["Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04"]
    since = time.time()
    by_css(driver, "#dl-plan-json")[0].click()
    plan_json = wait_new_download(downloads, ".json", since)
    expected_plan = api.post("/v1/plan", json={**plan_request, "format": "json"})
    assert plan_json.read_bytes() == expected_plan.content
    since = time.time()
    by_css(driver, "#dl-assessment-json")[0].click()
    assessment = wait_new_download(downloads, ".json", since)
    assert json.loads(assessment.read_bytes())["schema"] == "tieuchi.assessment/1"
    assert assessment.read_bytes() == api.post("/v1/assess", json={**request, "format": "json"}).content
    driver.find_element("id", "step6").location_once_scrolled_into_view
    browser.screenshot(driver, "step-6-downloads")

    # ---- English: the page's words and the service's words switch together -----------------------
    by_css(driver, "#lang-en")[0].click()
    browser.wait_text(driver, "#h1", "Choose the criteria set")
    settle(driver)
    view_en = api.post("/v1/assess", json={**request, "format": "annexes", "lang": "en"}).json()
    deadline = time.monotonic() + 30
    while table_rows(driver, "#review-table") != annex_texts(view_en["units_annex"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert table_rows(driver, "#review-table") == annex_texts(view_en["units_annex"])
    assert driver.execute_script("return document.documentElement.lang") == "en"


def test_every_control_is_labelled_and_reachable_by_keyboard(driver, base_url):
    driver.get(base_url + "/")
    browser.wait_for(driver, "#pack option")
    unlabelled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea')].filter(e =>
          !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML);""")
    assert unlabelled == []
    # Tab from the top reaches the language switch, the pack and the template button.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    reached = set()
    for _ in range(40):  # keys to the page, as a person presses them (not typed into a file input)
        ActionChains(driver).send_keys(Keys.TAB).perform()
        reached.add(driver.execute_script("return document.activeElement.id"))
    assert {"lang-en", "pack", "year", "get-template", "data-file", "assess"} <= reached
    # Readable on a 1366x768 laptop: nothing but the tables scrolls sideways.
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    # The page loads nothing from elsewhere.
    sources = driver.execute_script(
        "return [...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href)")
    assert sources and all(s.startswith(base_url) for s in sources)
