"""The built site in a real headless browser: follow dashboard → standard → nonconformity → evidence,
find a Chinese term through the search box, and save screenshots to test-artifacts/.

Needs Debian's chromium and chromium-driver (`apt-get install chromium chromium-driver`) and selenium
(the `test` extra); skips cleanly without them. The site is served on 127.0.0.1 by http.server in a
thread, and opened once more from file:// to check search works from disk too.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip("needs Debian's chromium and chromium-driver", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import test_site_support as support  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
WAIT_S = 30  # an upper bound for page loads and the search worker, not a timing assertion
SEARCH_TERM = "内部审核"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return support.minimal_site(tmp_path_factory)  # tests/bundles/minimal: severe NCs with evidence


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(WAIT_S)
    yield driver
    driver.quit()


def _wait(driver):
    return WebDriverWait(driver, WAIT_S)


def _click(driver, element) -> None:
    # scroll first: Material's sticky header can cover a link at the top of the viewport
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _search(driver, term: str) -> list[str]:
    box = _wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys(term)
    _wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item")))
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")]


def test_dashboard_to_standard_to_nonconformity_to_evidence(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(f"{server}/index.html")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".cmscheck-heatmap td")))
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "总览"
    browser.save_screenshot(str(ARTIFACTS / "site-dashboard.png"))

    # dashboard → the cms standard page (a link in the per-standard table)
    _click(browser, browser.find_element(By.CSS_SELECTOR, "article a[href='standards/cms.html']"))
    _wait(browser).until(EC.url_contains("standards/cms.html"))
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("cms")
    browser.save_screenshot(str(ARTIFACTS / "site-standard.png"))

    # standard → a nonconformity: a nonconforming statement in the clause tree links its finding
    row_link = browser.find_element(By.XPATH, "//table//tr[td[contains(., '不符合')]]//a[starts-with(@href, '#f-')]")
    anchor = row_link.get_attribute("href").split("#", 1)[1]
    _click(browser, row_link)
    _wait(browser).until(EC.url_contains("#" + anchor))
    heading = browser.find_element(By.XPATH, f"//h3[a[@id='{anchor}']]")
    assert heading.is_displayed()

    # nonconformity → its evidence: the evidence link in the finding's details
    evidence_link = heading.find_element(By.XPATH, "following-sibling::ul[1]//a[contains(@href, 'evidence.html#e-')]")
    target = evidence_link.get_attribute("href").split("#", 1)[1]
    _click(browser, evidence_link)
    _wait(browser).until(EC.url_contains("evidence.html#" + target))
    entry = browser.find_element(By.ID, target)
    # the evidence entry lists the finding we came from among those citing the file
    cited = entry.find_element(By.XPATH, "following::table[1]")
    assert cited.find_elements(By.XPATH, f".//a[contains(@href, '#{anchor}')]")


def test_search_finds_a_chinese_term(browser, server):
    browser.get(f"{server}/index.html")
    results = _search(browser, SEARCH_TERM)
    assert results and any(SEARCH_TERM in r for r in results)


def test_search_works_from_file_url(browser, site):
    # the offline plugin inlines the index and our vendored worker shim runs search without a server
    browser.get((site / "index.html").as_uri())
    results = _search(browser, SEARCH_TERM)
    assert any(SEARCH_TERM in r for r in results)
