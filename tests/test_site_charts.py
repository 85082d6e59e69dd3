"""The site's SVG charts (site/charts.py, site/dashboard.py): well-formed inline SVG that shows the
numbers of the table under it, escapes whatever a bundle names, and comes out byte for byte the same."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import test_site_support as support
from cmscheck import figures as figures_mod
from cmscheck.figures import Figures, TargetFigure, Value
from cmscheck.site import charts, dashboard, pages

STEEL = Path(__file__).resolve().parent.parent / "examples" / "hubei-steel"
SVG = "{http://www.w3.org/2000/svg}"
FIGURE = re.compile(r'<figure class="cmscheck-chart">(<svg .*?</svg>)<figcaption>', re.S)
HOSTILE = '<script>alert("x")</script> & "q" onload=alert(1) \x1b[31m\x00'


@pytest.fixture(scope="module")
def steel():
    return support.context(STEEL)


def _svgs(text: str) -> list[ET.Element]:
    return [ET.fromstring(m.group(1)) for m in FIGURE.finditer(text)]


def _texts(svg: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in svg.iter() if e.tag in (f"{SVG}text", f"{SVG}title"))


def _numbers(table: str) -> list[str]:
    """The numeric cells of a Markdown table (thousands separators and decimals kept as printed)."""
    out = []
    for line in table.splitlines()[2:]:
        out += [c.strip() for c in line.strip("|").split("|") if re.fullmatch(r"\s*-?[0-9][0-9,]*(\.[0-9]+)?\s*", c)]
    return out


def test_the_steel_works_figures_come_from_its_manifest(steel):
    fig = steel.figures
    assert [(v.label, v.value, v.kind) for v in fig.years] == [("2023", 2010000, "verified"), ("2024", 1914897.8, "inventory")]
    assert (fig.baseline.label, fig.baseline.value) == ("2022", 2050000)
    assert fig.baseline.where.startswith("cmscheck.yaml:") and "data.baseline.emissions" in fig.baseline.where
    assert fig.sources_year == 2024 and len(fig.sources) == 5
    # scope 2 is the purchased electricity alone; both scopes add up to the sources
    assert fig.scopes() == {1: pytest.approx(366030 + 1072512 + 25660.8 + 80000), 2: pytest.approx(370695)}
    assert [t.id for t in fig.targets] == ["T-intensity", "T-waste-heat", "T-pv"]
    assert fig.emission_targets == ()  # its targets are an intensity, an output and a capacity, none in tCO2e


def test_every_chart_shows_the_numbers_of_its_table(steel):
    views = dashboard.emission_charts(steel.figures, "zh")
    assert [v["title"] for v in views] == ["逐年排放与基准年、目标", "各排放源排放 (2024)", "目标：实际值 / 目标值 / 基准值"]
    for v in views:
        (svg,) = _svgs(v["figure"])
        shown = _texts(svg)
        numbers = _numbers(v["table"])
        assert numbers, v["title"]
        for n in numbers:
            assert n in shown, (v["title"], n)
    assert "2,050,000" in views[0]["figure"] and "1,914,897.8" in views[0]["figure"]


def test_charts_are_well_formed_svg_with_a_name_and_children(steel):
    out = pages.render_pages(steel)
    svgs = _svgs(out["index.md"])
    assert len(svgs) == 5  # statuses, findings, emissions by year, by source, targets
    for svg in svgs:
        assert svg.get("role") == "img" and svg.get("aria-label")
        assert len([e for e in svg.iter(f"{SVG}rect")]) >= 2
    assert out["index.md"].count('<figure class="cmscheck-chart">') == 5


def test_hostile_names_reach_the_svg_as_text():
    fig = Figures(name=HOSTILE, years=(Value("2024", 10.5, "tCO2e", HOSTILE, "inventory"),),
                  baseline=Value("2020", 12, "tCO2e", "x", "baseline"), sources_year=2024,
                  sources=(Value(HOSTILE, 10.5, "tCO2e", HOSTILE, "fuel_combustion"),),
                  targets=(TargetFigure("T", HOSTILE, "t<b>", "decrease", 2, 1, 1.5, "2024-12-31", HOSTILE),))
    views = dashboard.emission_charts(fig, "en")
    assert len(views) == 3
    for v in views:
        (svg,) = _svgs(v["figure"])  # parses: no control character, no stray markup
        assert not [e for e in svg.iter() if e.tag.removeprefix(SVG) not in ("svg", "title", "rect", "text", "line")]
        assert not any(k.startswith("on") for e in svg.iter() for k in e.attrib)
        assert "<script" not in v["figure"] and "\x1b" not in v["figure"] and "\x00" not in v["figure"]
        assert "<script" not in v["table"] and "&lt;script&gt;" in v["table"]
    # the name is shown, escaped, not dropped (clipped to the label column in the chart)
    assert '&lt;script&gt;alert(&quot;x&quot;)' in views[1]["figure"]


def test_same_figures_same_bytes(steel):
    bundle_fig = steel.figures
    assert figures_mod.of.__module__ == "cmscheck.figures"
    first = dashboard.emission_charts(bundle_fig, "en")
    again = dashboard.emission_charts(dataclasses.replace(bundle_fig), "en")
    assert first == again
    assert pages.render_pages(steel)["index.md"] == pages.render_pages(steel)["index.md"]


def test_a_longer_bar_is_more_statements():
    segs = [charts.Segment("a", "a", charts.GREEN), charts.Segment("b", "b", charts.GREY)]
    svg = ET.fromstring(charts.stacked("t", [("x", [10, 30], ""), ("y", [5, 5], "")], segs))
    widths = {r.find(f"{SVG}title").text: float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None}
    assert widths["x · a: 10"] == pytest.approx(widths["x · b: 30"] / 3, abs=0.1)
    assert widths["y · a: 5"] + widths["y · b: 5"] == pytest.approx((widths["x · a: 10"] + widths["x · b: 30"]) / 4, abs=0.2)


def test_a_park_with_members_gets_them_side_by_side():
    ctx = support.context(support.INJECTION)
    out = pages.render_pages(ctx)
    for page in ("index.md", "park.md"):
        svgs = _svgs(out[page])
        side = [s for s in svgs if s.get("aria-label") == "成员企业的陈述状态（各适用标准合计）"]
        assert side, page
        labels = _texts(side[0])
        # one bar per member, named (escaped) in the chart
        assert labels.count("成员") >= 2 and "<script>" not in out[page].split("成员企业的陈述状态", 1)[1].split("</svg>", 1)[0]
    # and the same numbers in the table under it
    a = ctx.assessment
    for m in a.members:
        values = dashboard._sum([s.counts for s in m.standards if s.applicable and s.counts])
        assert sum(values) == sum(s.counts.assessable for s in m.standards if s.applicable and s.counts)


def test_no_chart_when_the_bundle_has_no_numbers():
    assert dashboard.emission_charts(Figures(name="x"), "zh") == []
    assert dashboard.emission_charts(None, "zh") == []


def test_an_emissions_target_is_drawn_as_a_line_with_its_value():
    fig = Figures(name="x", years=(Value("2023", 120, "tCO2e", "a", "inventory"), Value("2024", 110, "tCO2e", "b", "inventory")),
                  baseline=Value("2020", 150, "tCO2e", "c", "baseline"),
                  emission_targets=(Value("排放总量 (2025)", 100, "tCO2e", "d", "target"),))
    (view, *_) = dashboard.emission_charts(fig, "zh")
    (svg,) = _svgs(view["figure"])
    lines = {"".join(e.itertext()) for e in svg.iter(f"{SVG}line") if e.find(f"{SVG}title") is not None}
    assert lines == {"基准值 2020: 150 tCO2e", "目标值 排放总量 (2025): 100 tCO2e"}
    # three bars: the baseline year has no inventory, so it is drawn as its own bar
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [b.find(f"{SVG}title").text.split(" ·")[0] for b in bars] == ["2020", "2023", "2024"]
    assert "| 排放总量 \\(2025\\) | 目标值 | 100 |" in view["table"]
