"""The built site in a real headless browser at 1,280 px: follow dashboard → standard → nonconformity →
evidence, find a Chinese term through the search box, switch language on a page and back, check the
register fits the window and the charts are drawn, print the report to PDF (Chrome's printToPDF) and
read it back, and save screenshots to test-artifacts/.

Needs Debian's chromium and chromium-driver (`apt-get install chromium chromium-driver`) and selenium
(the `test` extra); skips cleanly without them. The site is served on 127.0.0.1 by http.server in a
thread, and opened once more from file:// to check search works from disk too.
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
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
WIDTH = 1280  # the width a compliance manager's laptop gives the site


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
                 f"--window-size={WIDTH},1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
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


# -- the language switch -------------------------------------------------------------------------------

def _switch(driver, lang: str, screenshot: str | None = None) -> None:
    """Open the header's language menu and follow the entry for `lang`, as a reader does."""
    from selenium.webdriver.common.action_chains import ActionChains
    button = driver.find_element(By.CSS_SELECTOR, ".cmscheck-languages button")
    ActionChains(driver).move_to_element(button).perform()  # the menu opens on hover
    entry = _wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, f".cmscheck-languages a[hreflang='{lang}']")))
    if screenshot:
        driver.save_screenshot(str(ARTIFACTS / screenshot))  # the open menu, before switching
    entry.click()


def _lang(driver) -> str:
    return driver.execute_script("return document.documentElement.lang")


@pytest.mark.parametrize("where", ["server", "file"])
def test_language_switch_leads_to_the_same_page(browser, server, site, where):
    ARTIFACTS.mkdir(exist_ok=True)
    root = server if where == "server" else site.as_uri()
    browser.get(f"{root}/standards/cms.html")
    assert _lang(browser) == "zh" and browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("cms")
    _switch(browser, "en", "site-switch-before.png" if where == "server" else None)
    _wait(browser).until(EC.url_contains("/en/standards/cms.html"))
    assert _lang(browser) == "en"
    assert browser.current_url.endswith("/en/standards/cms.html")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("cms")
    assert "Nonconformities" in browser.find_element(By.CSS_SELECTOR, "article").text
    if where == "server":
        browser.save_screenshot(str(ARTIFACTS / "site-switch-after.png"))
    _switch(browser, "zh")
    _wait(browser).until(lambda d: _lang(d) == "zh")
    assert browser.current_url.endswith("/standards/cms.html") and "/en/" not in browser.current_url


# -- what a reader sees at 1,280 px ----------------------------------------------------------------------

def _no_page_scroll(driver) -> None:
    width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width[0]} px of content in {width[1]} px"


def test_register_fits_the_window(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(f"{server}/register.html")
    assert browser.execute_script("return window.innerWidth") <= WIDTH
    browser.save_screenshot(str(ARTIFACTS / "site-register.png"))
    sizes = browser.execute_script(
        "const r = document.querySelector('.cmscheck-register'); return r && [r.scrollWidth, r.clientWidth];")
    assert sizes, "the register page has no .cmscheck-register table"
    assert sizes[0] <= sizes[1], f"the register scrolls sideways: {sizes[0]} px of content in {sizes[1]} px"
    _no_page_scroll(browser)


@pytest.mark.parametrize("where", ["server", "file"])
def test_dashboard_charts_are_drawn(browser, server, site, where):
    """Served and opened from disk (file://, offline): the charts are inline SVG made at build time."""
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(f"{server}/index.html" if where == "server" else (site / "index.html").as_uri())
    _no_page_scroll(browser)
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.cmscheck-chart svg")
    assert charts, "the dashboard has no figure.cmscheck-chart svg"
    drawn = [c for c in charts if browser.execute_script(
        "const b = arguments[0].getBoundingClientRect(); return arguments[0].querySelectorAll('rect').length > 0 && b.width > 0 && b.height > 0", c)]
    assert len(drawn) == len(charts), f"{len(charts) - len(drawn)} of {len(charts)} charts drew nothing"
    if where == "server":
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", drawn[0])
        drawn[0].screenshot(str(ARTIFACTS / "site-chart.png"))


# -- the printable report ------------------------------------------------------------------------------

def test_printed_report_holds_the_organization_and_its_findings(browser, server):
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    a = support.assessment(support.MINIMAL)
    finding = min((f for s in a.standards if s.applicable for f in s.findings), key=lambda f: len(f.id))
    for lang, prefix in (("zh", ""), ("en", "en/")):
        browser.get(f"{server}/{prefix}report.html")
        options = PrintOptions()
        options.background = True
        pdf = base64.b64decode(browser.print_page(options))
        (ARTIFACTS / f"site-report-{lang}.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) >= 1
        text = "".join(page.extract_text() for page in reader.pages)
        flat = "".join(text.split())  # a long id may wrap across lines
        assert a.organization.name in flat, lang
        assert finding.id in flat, (lang, finding.id)
        # the print stylesheet leaves the screen furniture out: no footer line, no printing hint
        words = support.site_words(lang)
        assert "".join(words["generated"].split()) not in flat
        assert "".join(words["report_print"].split())[:12] not in flat
        # nothing cut off at the right edge: the summary table's last column heading is on the first
        # sheet beside the totals line that uses the same words (a clipped table leaves only that one)
        first = "".join(reader.pages[0].extract_text().split())
        assert first.count("".join(_last_column(lang).split())) >= 2, first[:400]


def _last_column(lang: str) -> str:
    from cmscheck.site.labels import t
    return t(lang, "general_ncs")
