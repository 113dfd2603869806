"""Support for the web page's end-to-end tests (issue #19), not a test file itself: a live
tieuchi-serve process on 127.0.0.1, a headless Debian Chromium driven through Debian's chromedriver,
screenshots into build/test-artifacts/web and waits for elements and downloads.

Nothing is fetched at run time: Selenium Manager is never used (the driver and browser paths are
always given), and the pages are served by the local process only.

    import browser

    @pytest.fixture(scope="module")
    def base_url(tmp_path_factory):
        browser.skip_without_browser()
        with browser.live_service(tmp_path_factory.mktemp("web")) as url:
            yield url

    @pytest.fixture
    def driver(tmp_path):
        d = browser.chrome(tmp_path / "downloads")
        yield d
        d.quit()
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
# Selenium's usage statistics and Selenium Manager's downloads stay off even if something calls it.
os.environ.setdefault("SE_AVOID_STATS", "true")
os.environ.setdefault("SE_OFFLINE", "true")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_command() -> list[str]:
    # The console script of the environment running the tests (.venv/bin/tieuchi-serve under
    # scripts/test.sh); `python -m tieuchi.service` when it has no such script.
    script = pathlib.Path(sys.executable).parent / "tieuchi-serve"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tieuchi.service"]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def live_service(tmp_path: os.PathLike, *extra_args: str, timeout: float = 30) -> Iterator[str]:
    """Run tieuchi-serve with the example and national packs on a free port of 127.0.0.1 (working
    directory and service.log in tmp_path); yield its base URL once /health answers 200; stop it."""
    tmp = pathlib.Path(tmp_path)
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "service.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*_serve_command(), "--host", "127.0.0.1", "--port", str(port),
             "--pack-path", str(ROOT / "data" / "examples" / "packs"), "--pack-path", str(ROOT / "data" / "packs"),
             *extra_args], stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        _stop(proc)


def _missing_browser() -> str | None:
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"chromium ({CHROMIUM})")
    if shutil.which("chromedriver") is None:
        missing.append("chromedriver (Debian's chromium-driver)")
    return ", ".join(missing) or None


def skip_without_browser() -> None:
    """Skip when the browser stack is missing, unless TIEUCHI_TEST_DEPS=1 (scripts/test.sh), where
    scripts/setup.sh should have installed it and its absence fails. Also usable at module level."""
    missing = _missing_browser()
    if missing is None:
        return
    if os.environ.get("TIEUCHI_TEST_DEPS") == "1":
        pytest.fail(f"the web page's browser test needs {missing}, which scripts/setup.sh installs with "
                    "TIEUCHI_TEST_DEPS=1", pytrace=False)
    pytest.skip(f"no browser for the web page's test: missing {missing} "
                "(TIEUCHI_TEST_DEPS=1 bash scripts/setup.sh installs them)", allow_module_level=True)


def chrome(download_dir: os.PathLike, *, log_path: os.PathLike | None = None):
    """A headless Chromium WebDriver (the caller quits it) whose downloads land in download_dir
    without a prompt. log_path, if given, receives chromedriver's log."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver_path = shutil.which("chromedriver")
    if driver_path is None:  # never let Selenium Manager look for one
        raise RuntimeError("chromedriver is not on PATH (Debian package chromium-driver)")
    downloads = pathlib.Path(download_dir).resolve()
    downloads.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=vi", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
        "intl.accept_languages": "vi,vi-VN",
    })
    # The browser is not ours: no sanitizer runtime preloaded into it (the ASan leg of
    # scripts/sanitize.sh preloads one into the tests and the service they start).
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")}
    service = Service(executable_path=driver_path, log_output=None if log_path is None else str(log_path), env=env)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(30)
        behavior = {"behavior": "allow", "downloadPath": str(downloads)}
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", behavior)
        with contextlib.suppress(Exception):  # deprecated in CDP; Browser.* above is what counts
            driver.execute_cdp_cmd("Page.setDownloadBehavior", behavior)
    except BaseException:
        driver.quit()
        raise
    return driver


def screenshot(driver, name: str, *, full_page: bool = False) -> pathlib.Path:
    """Save the window (full_page: the whole document, up to 4000 px high) as
    build/test-artifacts/web/<name>.png and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = driver.get_window_size() if full_page else None
    if size is not None:
        doc, chrome_px = driver.execute_script(
            "return [Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),"
            " window.outerHeight - window.innerHeight]")
        driver.set_window_size(size["width"], max(size["height"], min(int(doc) + int(chrome_px), 4000)))
    try:
        if not driver.save_screenshot(str(path)):
            raise RuntimeError(f"screenshot {path} failed")
    finally:
        if size is not None:
            driver.set_window_size(size["width"], size["height"])
    return path


def wait_for(driver, css: str, timeout: float = 30, *, visible: bool = True):
    """The first element matching css once it is (visible and) in the document."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    condition = ec.visibility_of_element_located if visible else ec.presence_of_element_located
    return WebDriverWait(driver, timeout).until(condition((By.CSS_SELECTOR, css)),
                                                f"no {'visible ' if visible else ''}element {css!r} after {timeout} s")


def wait_text(driver, css: str, text: str, timeout: float = 30):
    """The first element matching css once its text contains text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text),
                                         f"element {css!r} has no text {text!r} after {timeout} s")
    return driver.find_element(By.CSS_SELECTOR, css)


def wait_download(download_dir: os.PathLike, suffix: str, timeout: float = 60, *,
                  newer_than: float = 0.0) -> pathlib.Path:
    """The newest file in download_dir named *suffix (modified after newer_than, a time.time()),
    once Chromium has no partial .crdownload left there."""
    directory = pathlib.Path(download_dir)
    deadline = time.monotonic() + timeout
    while True:
        entries = list(directory.iterdir()) if directory.is_dir() else []
        done = [p for p in entries if p.name.endswith(suffix) and p.is_file() and p.stat().st_mtime >= newer_than]
        if done and not any(p.name.endswith(".crdownload") for p in entries):
            return max(done, key=lambda p: p.stat().st_mtime)
        if time.monotonic() > deadline:
            raise AssertionError(f"no finished *{suffix} download in {directory} after {timeout} s: "
                                 f"{sorted(p.name for p in entries)}")
        time.sleep(0.1)
