"""The nonconformity register (site/register.py) and the evidence index (site/evidence.py).

The register is one row per finding subject (RULE/SUBJECT of the stable id) across the standards,
graded by colour, mark and word, filterable and sortable by register.js, escaped raw HTML. The evidence
index names each document, record and data set by its title and says what it decides.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

import test_site_support as support
from cmscheck import tracking
from cmscheck.findings import Bilingual, EvidenceRef, Finding, WaiverNote
from cmscheck.site import anchors, pages, register
from cmscheck.site.views import Site

HOSTILE = '<img src=x onerror=alert(1)>[x](javascript:alert(2)) </td></tr><script>alert(3)</script>'
ROW = re.compile(r'<tr data-standards="([^"]*)" data-grade="([^"]*)"[^>]*>(.*?)</tr>', re.S)


@pytest.fixture(scope="module")
def ctx():
    return support.context(support.MINIMAL)


@pytest.fixture(scope="module")
def catalog():
    return support.catalog()


def _finding(std: str, subject: str, grade: str = "general", verdict: str = "nonconforming", message: str = "m",
             deadline: dt.date | None = None, **kw) -> Finding:
    return Finding(id=f"{std}/instrument-calibration/{subject}", rule="instrument-calibration", standard=std,
                   statements=[f"{std}:9.1.1.s6"], verdict=verdict, type="implementation", grade=grade,
                   message=Bilingual(zh=message, en=message), deadline=deadline,
                   evidence=[EvidenceRef(file="cmscheck.yaml", line=7, field="documents[0].approved_by")], **kw)


def _with(a, findings: dict[str, list[Finding]]):
    """The assessment with exactly these findings per standard (others: none)."""
    return a.model_copy(update={"standards": [s.model_copy(update={"findings": findings.get(s.standard, [])})
                                              for s in a.standards]})


def _table(a, catalog, lang: str = "zh", places=()) -> str:
    return register.table(Site(a, catalog, lang, places=places), "register.md", {"instrument-calibration": "计量器具未检定"})


# -- one row per subject --------------------------------------------------------------------------

def test_the_same_finding_under_three_standards_is_one_row(ctx, catalog):
    a = _with(ctx.assessment, {
        "cms": [_finding("cms", "M-x", "severe", deadline=dt.date(2025, 6, 30)), _finding("cms", "M-y")],
        "enterprise": [_finding("enterprise", "M-x", deadline=dt.date(2025, 5, 1))],
        "industrial": [_finding("industrial", "M-x")],
    })
    rows = ROW.findall(_table(a, catalog))
    assert len(rows) == 2  # M-x once for three standards, M-y once: not four rows
    (stds, grade, body), (stds_y, grade_y, _) = rows  # severe first
    assert stds == "cms enterprise industrial" and stds_y == "cms"
    assert grade == "severe" and grade_y == "general"  # the row takes its worst grade
    for std in ("cms", "enterprise", "industrial"):  # each standard links to its own finding
        assert f'href="standards/{std}.html#{anchors.finding(f"{std}/instrument-calibration/M-x")}"' in body
    assert '<td class="cr-deadline">2025-05-01</td>' in body  # the earliest correction deadline
    assert "instrument-calibration/M-x" in body and "M-y" not in body


def test_an_observation_twin_joins_its_nonconformity_row(ctx, catalog):
    a = _with(ctx.assessment, {"cms": [_finding("cms", "M-x~obs", verdict="observation")],
                               "industrial": [_finding("industrial", "M-x")]})
    rows = ROW.findall(_table(a, catalog))
    assert len(rows) == 1 and rows[0][1] == "general"
    assert '<span class="cr-tag">观察项</span>' in rows[0][2]  # the standard that only observes says so
    only_obs = ROW.findall(_table(_with(ctx.assessment, {"cms": [_finding("cms", "M-x~obs", verdict="observation")]}), catalog))
    assert [r[1] for r in only_obs] == ["observation"]


def test_minimal_register_has_fewer_rows_than_findings(ctx, catalog):
    a = ctx.assessment
    findings = [f for s in a.standards if s.applicable for f in s.findings]
    rows = ROW.findall(_table(a, catalog))
    keys = {register.subject_key(f) for f in findings}
    assert len(rows) == len(keys) < len(findings)
    shown = sum(len(r[0].split()) for r in rows)
    assert shown >= len(keys)


# -- grade, controls, tracked status --------------------------------------------------------------

def test_grades_have_colour_class_mark_and_word(ctx, catalog):
    html = _table(ctx.assessment, catalog)
    assert '<span class="cr-grade cr-severe">✖ 严重</span>' in html
    assert '<span class="cr-grade cr-general">● 一般</span>' in html
    en = _table(ctx.assessment, catalog, "en")
    assert '<span class="cr-grade cr-severe">✖ severe</span>' in en
    css = (support.TESTS.parent / "site" / "assets" / "register.css").read_text(encoding="utf-8")
    for level in register.LEVELS:
        assert re.search(rf"\.cr-{level} \{{ background: #[0-9a-f]{{6}}; color: #[0-9a-f]{{3,6}}; \}}", css), level


def test_filter_controls_and_sortable_heads(ctx):
    page = pages.render_pages(ctx)["register.md"]
    assert page.startswith("---\nhide:\n  - toc\n---\n")  # the table gets the page's width
    bar = re.search(r'<div class="cmscheck-register-filter" hidden>(.*?)</div>', page).group(1)
    for name in ("standards", "grade", "type"):
        assert f'<select data-filter="{name}">' in bar
    assert '<input type="search" data-filter="text">' in bar
    standards = [s.standard for s in ctx.assessment.standards if s.applicable]
    assert all(f'<option value="{s}">{s}</option>' in bar for s in standards)
    assert '<div class="cmscheck-register">' in page
    heads = re.findall(r'<th data-sort="([a-z]+)">', page)
    assert heads == ["text", "count", "rank", "type", "deadline"]  # no owner or status without tracking


def test_tracked_run_shows_owner_and_status(ctx, catalog):
    waiver = WaiverNote(justification="按计划整改", approved_by="王经理", expires=dt.date(2099, 1, 1), active=True,
                        where=EvidenceRef(file="cmscheck.yaml", line=3))
    a = _with(ctx.assessment, {"cms": [_finding("cms", "M-x", waiver=waiver), _finding("cms", "M-y", "severe", deadline=dt.date(2000, 1, 1))],
                               "enterprise": [_finding("enterprise", "M-y", "severe", deadline=dt.date(2000, 1, 1))]})
    old = json.loads(_with(ctx.assessment, {"cms": [_finding("cms", "M-x", waiver=waiver)]}).model_dump_json())
    tr = tracking.track(tracking.seen_of_findings(a.findings()), a.organization.as_of, old, "old.json", "zh")
    html = _table(a.model_copy(update={"tracking": tr}), catalog)
    assert re.findall(r'<th data-sort="([a-z]+)">', html)[-2:] == ["owner", "status"]
    (_, _, y), (_, _, x) = ROW.findall(html)  # severe M-y first
    assert '<td class="cr-owner">王经理</td>' in x and '<td class="cr-owner">–</td>' in y
    assert '<span class="cr-st cr-st-waived">已豁免</span> <small class="cr-state">持续</small>' in x
    assert '<span class="cr-st cr-st-overdue">已逾期</span> <small class="cr-state">新增</small>' in y
    assert '<span class="cr-waiver">已豁免</span>' in x and "按计划整改" in x  # the waiver mark stays on its standard
    assert "cr-owner" not in _table(a, catalog)  # not tracked: no invented owner or status


# -- escaping -------------------------------------------------------------------------------------

def test_hostile_text_is_escaped_in_the_register(ctx, catalog):
    w = WaiverNote(justification=HOSTILE, approved_by=HOSTILE, expires=dt.date(2099, 1, 1), active=True,
                   where=EvidenceRef(file="cmscheck.yaml", line=3))
    f = _finding("cms", "M-x", message=HOSTILE, waiver=w).model_copy(
        update={"evidence": [EvidenceRef(file="docs/<b>a</b>[x](javascript:1).md", section=HOSTILE)]})
    html = _table(_with(ctx.assessment, {"cms": [f]}), catalog)
    assert "<img" not in html and "<script" not in html and "<b>" not in html and "</td></tr><" not in html
    assert "](javascript" not in html  # brackets are entities: nothing reads as a Markdown link
    assert "&lt;img src=x onerror=alert(1)&gt;&#91;x&#93;(javascript:alert(2))" in html  # shown, as text
    assert len(ROW.findall(html)) == 1  # the row was not broken open
    for href in re.findall(r'href="([^"]*)"', html):
        assert re.match(r"^(\.\./)*[a-z0-9_./-]*\.html(#[a-z][a-z0-9-]*)?$", href), href


def test_hostile_bundle_register_and_evidence_pages(catalog):
    out = pages.render_pages(support.context(support.INJECTION))
    for name in ("register.md", "evidence.md"):
        assert not re.search(r"<(script|img|svg|object|style|iframe)\b", out[name]), name
    assert "&lt;script&gt;" in out["register.md"]  # member names and record ids, shown as text
    # an evidence item's hostile title, shown as text in the index
    assert "**碳排放管理方针&lt;script&gt;alert\\(&quot;title&quot;\\)&lt;/script&gt;&lt;svg onload=alert\\(7\\)&gt;**" in out["evidence.md"]


# -- the evidence index ---------------------------------------------------------------------------

STEEL = support.TESTS.parent / "examples" / "hubei-steel"


def test_evidence_index_names_manifest_places_by_title():
    from cmscheck.render.escape import md
    ctx = support.context(STEEL)
    out = pages.render_pages(ctx)["evidence.md"]
    items = {x.id: x for x in ctx.assessment.evidence_index}
    places = dict(ctx.where.items)
    assert places and set(places.values()) <= set(items)
    cited = out.split("## 被引用的文件", 1)[1].split("## 缺少的预期证据", 1)[0]
    # a place in the manifest reads as the item's title and id, never as a bare "line 101 · documents[11]"
    assert not re.search(r"^\| (line \d+|第 \d+ 行) · (documents|records\.[a-z_]+)\\\[", cited, re.M)
    assert re.search(r"^\| 第 \d+ 行 · documents \|", cited, re.M)  # the list as a whole has no title: its place stays
    audit = items[places[next(f for f, i in places.items() if i == "D-IAP")]]
    assert re.search(r"^\| " + re.escape(md(f"{audit.title} ({audit.id}) · 第 ")) + r"\d+ 行 \|", cited, re.M)
    # the index: every item under its kind, by title, with its id and where it sits
    for x in items.values():
        assert f'<a id="{anchors.evidence_item(x.id)}"></a>**{md(x.title)}**' in out, x.id
    assert f"**{md(items['D-ACC'].title)}** (D-ACC) | cmscheck.yaml · documents\\[" in out


def test_evidence_index_says_what_each_item_decides():
    ctx = support.context(STEEL)
    out = pages.render_pages(ctx)["evidence.md"]
    lines = out.splitlines()
    # the calibration record cited by the instrument finding: the problem named once, with its four standards
    cal = next(line for line in lines if f'<a id="{anchors.evidence_item("CAL-coal-1")}"></a>' in line)
    row = register.row_anchor(Site(ctx.assessment, None, "zh"), "instrument-calibration/M-coal")
    assert f"发现 \\(1\\): [instrument-calibration/M-coal](register.md#{row})" in cal  # to its register row
    assert f'id="{row}"' in pages.render_pages(ctx)["register.md"]
    for std in ("cms", "enterprise", "industrial", "key-industry"):
        assert f"[{std}](standards/{std}.md#{anchors.finding(f'{std}/instrument-calibration/M-coal')})" in cal
    # the policy decides statements, listed by status, linked to where they are judged
    policy = next(line for line in lines if f'<a id="{anchors.evidence_item("D-POL")}"></a>' in line)
    assert "✓ 符合（已核查） \\(8\\): [cms:5.2.b](standards/cms.md#s-cms-5-2-b)" in policy
    assert "◔ 有文件、待核实" in policy
    # the carbon asset register: cited by the statements that rest on it, to verify (cms 8.4.c, which the
    # allowance account's balance does not vouch for: decides.unvouched)
    assets = next(line for line in lines if f'<a id="{anchors.evidence_item("R-assets")}"></a>' in line)
    assert "◔ 有文件、待核实" in assets and "[cms:8.4.c](standards/cms.md#s-cms-8-4-c)" in assets
    # an item nobody cites says so, with how many statements expect its kind (the park's fuel settlements)
    park = pages.render_pages(support.context(STEEL.parent / "park"))["evidence.md"]
    settlements = next(line for line in park.splitlines() if "(P-R-purchase)" in line)
    assert "未被引用（1 条陈述预期此类证据）" in settlements


# -- determinism ----------------------------------------------------------------------------------

def test_register_and_evidence_are_deterministic(ctx):
    from cmscheck import pipeline
    first = pages.render_pages(ctx)
    fresh = pipeline.load_and_assess(support.MINIMAL, pipeline.load_inputs(), pipeline.Options(compare=True, site=True)).context
    second = pages.render_pages(fresh)
    assert fresh is not ctx
    assert first["register.md"] == second["register.md"] and first["evidence.md"] == second["evidence.md"]


# -- in a browser ---------------------------------------------------------------------------------

def _driver():
    if not Path("/usr/bin/chromium").exists() or not (shutil.which("chromedriver") or Path("/usr/bin/chromedriver").exists()):
        pytest.skip("needs Debian's chromium and chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--window-size=1280,1000", "--disable-gpu"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def test_register_filters_sorts_and_fits_1280_px_from_file(tmp_path_factory):
    site = support.minimal_site(tmp_path_factory)
    driver = _driver()
    try:
        driver.get((site / "register.html").as_uri())
        js = driver.execute_script
        width = js("var r = document.querySelector('.cmscheck-register'); return [r.scrollWidth, r.clientWidth,"
                   " document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1] and width[2] <= width[3], width  # no horizontal overflow at 1,280 px
        assert js("return document.querySelector('.cmscheck-register-filter').hidden") is False  # JS showed the bar
        total = js("return document.querySelectorAll('.cmscheck-register tbody tr').length")
        visible = "return [...document.querySelectorAll('.cmscheck-register tbody tr')].filter(r => !r.hidden)"
        js("var s = document.querySelector('[data-filter=grade]'); s.value = 'severe'; s.dispatchEvent(new Event('change'))")
        severe = js(visible + ".map(r => r.dataset.grade)")
        assert severe and set(severe) == {"severe"} and len(severe) < total
        js("var s = document.querySelector('[data-filter=grade]'); s.value = ''; s.dispatchEvent(new Event('change'));"
           "var i = document.querySelector('[data-filter=text]'); i.value = 'training'; i.dispatchEvent(new Event('input'))")
        found = js(visible + ".map(r => r.textContent)")
        assert found and all("training" in t.lower() for t in found) and len(found) < total
        js("var i = document.querySelector('[data-filter=text]'); i.value = ''; i.dispatchEvent(new Event('input'));"
           "document.querySelector('th[data-sort=deadline] button').click()")
        deadlines = js("return [...document.querySelectorAll('.cmscheck-register tbody tr')].map(r => r.dataset.deadline || '9999')")
        assert deadlines == sorted(deadlines) and deadlines[0] != deadlines[-1]
    finally:
        driver.quit()


def test_site_previous_puts_the_tracked_status_in_the_register(tmp_path):
    """`cmscheck site --previous OLD.json`, end to end: the register gains the owner and status columns,
    and each row says whether its finding is new or persisting; without --previous neither appears."""
    from click.testing import CliRunner

    from cmscheck.cli import main

    old = tmp_path / "old.json"
    run = CliRunner().invoke(main, ["evaluate", str(support.MINIMAL), "--format", f"json:{old}", "--fail-on", "never"])
    assert run.exit_code == 0, run.output
    report = json.loads(old.read_text(encoding="utf-8"))
    report["standards"][0]["findings"] = report["standards"][0]["findings"][1:]  # one finding is new this time
    old.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")

    def register_page(*extra) -> str:
        out = tmp_path / f"site{len(extra)}"
        run = CliRunner().invoke(main, ["site", str(support.MINIMAL), "-o", str(out), "--no-build", "--single-language", *extra])
        assert run.exit_code == 0, run.output
        return (out / "docs" / "register.md").read_text(encoding="utf-8")

    tracked = register_page("--previous", str(old))
    assert re.findall(r'<th data-sort="([a-z]+)">', tracked)[-2:] == ["owner", "status"]
    assert 'class="cr-state">新增</small>' in tracked and 'class="cr-state">持续</small>' in tracked
    assert "cr-owner" not in register_page()


def test_a_place_reads_in_the_page_language():
    from cmscheck.site.views import place

    ref = EvidenceRef(file="docs/a.pdf", line=12, page=3, section="方针")
    assert place(ref, "zh") == "第 12 行 · 第 3 页 · §方针"
    assert place(ref, "en") == "line 12 · p.3 · §方针"
