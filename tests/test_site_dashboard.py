"""The dashboard reads top to bottom as a compliance manager needs it: severe findings and deadlines
first, then honest stacked bars per standard, the charts and the heat map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import test_site_support as support
from cmscheck.site import dashboard, pages
from cmscheck.site.views import Site

STEEL = Path(__file__).resolve().parent.parent / "examples" / "hubei-steel"


@pytest.fixture(scope="module")
def steel():
    return support.context(STEEL)


def _headings(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


def test_severe_findings_come_first(steel):
    index = pages.render_pages(steel)["index.md"]
    assert _headings(index) == ["严重不符合项及纠正期限", "陈述状态", "排放和目标", "主题 × 标准 符合率"]
    severe_part = index.split("## 陈述状态", 1)[0]
    # the steel works' four planted severe subjects, each once, with every standard it breaks
    rows = [line for line in severe_part.splitlines() if line.startswith("| 2025-")]
    assert len(rows) == 4
    calibration = next(r for r in rows if "M-coal" in r)
    for std in ("cms", "enterprise", "industrial", "key-industry"):
        assert f"[{std}](standards/{std}.md#f-{std}-instrument-calibration-m-co" in calibration
    assert "**15** 严重不符合" in severe_part and "最近的纠正期限 **2025-06-30**" in severe_part
    # due three months after the as-of date 2025-03-31: 91 days ahead
    assert all(r.startswith("| 2025-06-30 (还有 91 天) |") for r in rows), rows[0]


def test_severe_rows_are_ordered_by_deadline(steel):
    a = steel.assessment
    site = Site(a, steel.catalog, "zh")
    rows = dashboard.severe(site, "index.md", a)
    keys = [(r["deadline"], r["subject"]) for r in rows]
    assert keys == sorted(keys) and len({r["subject"] for r in rows}) == len(rows)
    n = sum(1 for s in a.standards if s.applicable for f in s.findings if f.verdict == "nonconforming" and f.grade == "severe")
    assert sum(len(r["links"]) for r in rows) == n  # every severe finding is linked from its subject's row


def test_stacked_bar_numbers_are_the_counts(steel):
    a = steel.assessment
    index = pages.render_pages(steel)["index.md"]
    chart = index.split("### 各标准的陈述状态", 1)[1].split("### ", 1)[0]
    for s in a.standards:
        if not s.applicable:
            continue
        c = s.counts
        values = dashboard.status_values(c)
        assert sum(values) == c.assessable  # the denominator is every shall/should statement
        assert values[:3] == [c.conforming_checked, c.conforming_answered, c.by_status["documented"]]
        assert values[4:6] == [c.by_status["nonconforming"], c.by_status["not_assessed"]]
        for seg, v in zip(dashboard.status_segments("zh"), values):
            if v:
                assert f"<title>{s.standard} · {seg.label}: {v:,}</title>" in chart, (s.standard, seg.key)
        # the table under the chart: the same numbers under the segments' names (all-zero optional columns left out)
        header = next(line for line in chart.splitlines() if line.startswith("| 标准 |"))
        row = next(line for line in chart.splitlines() if line.startswith(f"| [{s.standard}]"))
        table = dict(zip([x.strip() for x in header.strip("|").split("|")], [x.strip() for x in row.strip("|").split("|")]))
        for seg, v in zip(dashboard.status_segments("zh"), values):
            assert table.get(seg.label, "0") == f"{v:,}", seg.key
        assert seg.label not in table  # the steel works excludes nothing: no empty "excluded" column
        assert table["应/宜陈述"] == f"{c.assessable:,}" and table["符合率"] == f"{c.conformity_rate:.0%}"


def _documented_only(a):
    return a.model_copy(update={"standards": [
        s.model_copy(update={"counts": s.counts.model_copy(update={
            "by_status": {**s.counts.by_status, "conforming": 0, "nonconforming": 0, "observation": 0, "not_assessed": 0,
                          "documented": s.counts.assessable},
            "by_basis": {"checked": 0, "documented": s.counts.assessable, "answered": 0, "excluded": 0, "none": 0},
            "conforming_checked": 0, "conforming_answered": 0}), "findings": []}) if s.counts else s
        for s in a.standards]})


def test_presence_only_reads_zero_percent_on_the_bars():
    a = support.assessment(support.MINIMAL)
    site = Site(_documented_only(a), support.catalog(), "en")
    view = dashboard.status_chart(site, "index.md")
    ends = re.findall(r'font-weight="bold">([^<]*)</text>', view["figure"])
    assert ends and set(ends) == {"0%"}
    # the same statements checked conforming fill the bar: the check can fail
    full = a.model_copy(update={"standards": [s.model_copy(update={"counts": s.counts.model_copy(update={
        "conforming_checked": s.counts.assessable, "by_status": {**s.counts.by_status, "documented": 0, "nonconforming": 0,
                                                                 "not_assessed": 0, "observation": 0},
        "by_basis": {"checked": s.counts.assessable, "documented": 0, "answered": 0, "excluded": 0, "none": 0}})}) if s.counts else s
        for s in a.standards]})
    ends = re.findall(r'font-weight="bold">([^<]*)</text>', dashboard.status_chart(Site(full, support.catalog(), "en"), "index.md")["figure"])
    assert set(ends) == {"100%"}


def test_header_speaks_the_page_language(steel):
    a = steel.assessment
    view = dashboard.header(a.organization, steel.catalog, "en")
    assert view == {"kind": "enterprise", "sector": "Iron and steel", "market": "carbon market provincial"}
    assert dashboard.header(a.organization, steel.catalog, "zh") == {"kind": "企业", "sector": "钢铁", "market": "碳市场 地方（省级）"}


def test_member_pages_are_full_pages():
    out = pages.render_pages(support.context(support.INJECTION))
    member = out["members/m001.md"]
    heads = _headings(member)
    assert heads[:4] == ["严重不符合项及纠正期限", "陈述状态", "排放和目标", "主题 × 标准 符合率"]
    assert '<figure class="cmscheck-chart">' in member and 'class="cmscheck-heatmap"' in member
    # the member heat map links to the catalog: its statements are on the member page, not the park's
    assert re.search(r'<a href="\.\./catalog/standards/[a-z-]+\.html">', member)


def test_a_parks_dashboard_lists_its_members_severe_findings_first():
    ctx = support.context(Path(__file__).resolve().parent.parent / "examples" / "park")
    a = ctx.assessment
    index = pages.render_pages(ctx)["index.md"]
    severe_part = index.split("## 陈述状态", 1)[0]
    member_severe = sum(1 for m in a.members for s in m.standards if s.applicable for f in s.findings
                        if f.verdict == "nonconforming" and f.grade == "severe")
    own = sum(1 for s in a.standards if s.applicable for f in s.findings if f.verdict == "nonconforming" and f.grade == "severe")
    assert member_severe > 0
    assert f"**{own + member_severe}** 严重不符合" in severe_part
    rows = [line for line in severe_part.splitlines() if line.startswith("| 20")]
    assert rows and all("](members/m00" in r for r in rows[: member_severe and 1])
    # each member row names its member and links its findings on the member's page
    for r in rows:
        name_cell = r.split("|")[2]
        assert any(m.organization.name in name_cell for m in a.members) or a.organization.name in name_cell
