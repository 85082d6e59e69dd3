"""`cmscheck site`: pages, escaping by construction, links and anchors, the atomic build and its failures.

One built site (tests/bundles/minimal, through the CLI) serves the link checks; everything else works
on the Markdown pages, which take milliseconds to write.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import test_site_support as support
from cmscheck.cli import main
from cmscheck.site import SiteBuildError, heatmap, pages, publish
from cmscheck.site.templating import Safe, environment, link

MINIMAL, INJECTION = support.MINIMAL, support.INJECTION
SITE_SRC = support.TESTS.parent / "site"


@pytest.fixture(scope="module")
def catalog():
    return support.catalog()


@pytest.fixture(scope="module")
def minimal():
    return support.assessment(MINIMAL)


@pytest.fixture(scope="module")
def minimal_ctx():
    return support.context(MINIMAL)


@pytest.fixture(scope="module")
def injection_ctx():
    return support.context(INJECTION)


@pytest.fixture(scope="module")
def injection():
    return support.assessment(INJECTION)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return support.minimal_site(tmp_path_factory)


# -- escaping by construction ---------------------------------------------------------------------

def test_templates_escape_even_without_the_filter():
    env = environment(SITE_SRC / "templates")
    tmpl = env.from_string("{{ x }} | {{ x | md }} | {{ '[a](javascript:b)' ~ link('ok', 'index.md') }}")
    out = tmpl.render(x="<script>[x](javascript:y)")
    assert "<script>" not in out and "](javascript" not in out
    assert out.count("&lt;script&gt;") == 2
    # concatenation with a plain string demotes Safe to plain text, which is then escaped whole
    assert "\\[ok\\]\\(index.md\\)" in out


def test_safe_stays_safe_when_combined():
    assert Safe("**a**") + "<b>" == "**a**&lt;b&gt;"
    assert "<b>" + Safe("x") == "&lt;b&gt;x"
    assert Safe(", ").join(["[x](javascript:1)", link("y", "index.md")]) == "\\[x\\]\\(javascript:1\\), [y](index.md)"
    with pytest.raises(ValueError):
        link("x", "javascript:alert(1)")


def test_injection_markdown_has_no_raw_html_or_links_from_the_bundle(injection, catalog, injection_ctx):
    # our own markup: the heat map, badges and the charts' inline SVG (site/charts.py); never a handler
    allowed_tag = re.compile(r'^<a id="[a-z][a-z0-9-]*">$|^</a>$|^</?(div|table|thead|tbody|tr|th|td|small|p|span|strong|br'
                             r'|figure|figcaption|svg|title|rect|text|line)\b')
    heatmap_link = re.compile(r'^<a href="(\.\./)*(standards|catalog/standards)/[a-z-]+\.html">$')
    # the register is raw HTML (site/register.py): these tags and attributes only, links to our own pages
    register_tag = re.compile(r'^</?(div|table|thead|tbody|tr|th|td|details|summary|dl|dt|dd|ul|li|small|span|code|br|p|label|select|option|input)'
                              r'( (class|id|data-[a-z]+|value|type|hidden)(="[^"<>]*")?)*>$'
                              r'|^<a href="(\.\./)*[a-z0-9_./-]*\.html(#[a-z][a-z0-9-]*)?">$')
    for name, text in pages.render_pages(injection_ctx).items():
        for m in re.finditer(r"<[^>]*>", text):
            tag = m.group(0)
            ok = allowed_tag.match(tag) or (heatmap_link.match(tag) and (name == "index.md" or name.startswith("members/"))) \
                or (name == "register.md" and register_tag.match(tag))
            assert ok and not re.search(r"\son[a-z]+\s*=", tag), (name, tag)
        targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", text)
        for target in targets:
            assert re.match(r"^(\.\./)*[a-z0-9_./-]*(#[a-z][a-z0-9-]*)?$", target), (name, target)
        assert "javascript:" not in text.replace("javascript:alert", "")  # only the escaped payloads
    # the payloads are there, as text
    assert "&lt;script&gt;alert\\(&quot;org&quot;\\)&lt;/script&gt;" in pages.render_pages(injection_ctx)["index.md"]


def test_no_bundle_text_in_headings(injection, catalog, injection_ctx):
    # MkDocs copies headings into <title>, nav and table of contents unescaped. A finding heading carries
    # its stable id, whose subject comes from a bundle record id reduced to letters, digits, CJK and _.-:
    # whatever the record id held, nothing in a heading can form markup.
    for name, text in pages.render_pages(injection_ctx).items():
        for line in text.splitlines():
            if line.startswith("#"):
                bare = re.sub(r'<a id="[a-z0-9-]+"></a>', "", line)
                assert not set(bare) & set("<>&\"'"), (name, line)


# -- pages ---------------------------------------------------------------------------------------

def test_pages_are_deterministic(minimal, catalog, minimal_ctx):
    assert pages.render_pages(minimal_ctx) == pages.render_pages(minimal_ctx)


def test_park_has_a_page_per_member_and_a_roll_up(injection, catalog, injection_ctx):
    out = pages.render_pages(injection_ctx)
    assert {"park.md", "members/m001.md", "members/m002.md"} <= set(out)
    roll_up = out["park.md"]
    assert "members/m001.md" in roll_up and "members/m002.md" in roll_up
    assert "park.md" in dict(pages.nav(injection, "zh")[4].items()).values()


def test_english_pages_and_config(minimal, catalog, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["site", str(MINIMAL), "-o", str(tmp_path / "en"), "--lang", "en", "--no-build", "-s", "cms"])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "en" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'language: "en"' in config and "lang: [en, zh]" in config and "- offline" in config
    assert "--strict" not in config and "not_in_nav" in config
    index = (tmp_path / "en" / "docs" / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Dashboard")
    assert "standards/cms.md" in index and "standards/park.md" not in index  # -s cms: one standard


def _all(a, status: str, basis: str):
    return a.model_copy(update={"standards": [
        s.model_copy(update={"statements": [r.model_copy(update={"status": status, "basis": basis})
                                            if r.modality in ("shall", "should") else r for r in s.statements]})
        for s in a.standards]})


def test_heatmap_never_counts_not_assessed_as_conforming(minimal, catalog):
    topics, standards, cells = heatmap.matrix(minimal, catalog)
    assert cells and set(standards) == {s.standard for s in minimal.standards if s.applicable}
    _, _, blank = heatmap.matrix(_all(minimal, "not_assessed", "none"), catalog)
    assert blank and all(c.ratio == 0 and c.conforming == 0 and c.not_assessed == c.total for c in blank.values())
    html = heatmap.render(_all(minimal, "not_assessed", "none"), catalog, "zh", lambda s: f"standards/{s}.html")
    assert "未评价" in html and "100%" not in html


def test_presence_only_evidence_never_shows_100_percent(minimal, catalog):
    """A bundle whose evidence is presence only (every statement documented — to verify) shows no topic
    at 100 %, and each cell says how many statements wait for verification."""
    documented = _all(minimal, "documented", "documented")
    _, _, cells = heatmap.matrix(documented, catalog)
    assert cells and all(c.ratio == 0 and c.documented == c.total for c in cells.values())
    html = heatmap.render(documented, catalog, "zh", lambda s: f"standards/{s}.html")
    assert "100%" not in html and "有文件、待核实" in html
    # the same bundle with every statement checked conforming does reach 100 %: the check can fail
    checked = _all(minimal, "conforming", "checked")
    assert "100%" in heatmap.render(checked, catalog, "zh", lambda s: f"standards/{s}.html")


def test_missing_evidence_is_listed(minimal, catalog, minimal_ctx):
    evidence = pages.render_pages(minimal_ctx)["evidence.md"]
    missing = evidence.split("## 缺少的预期证据", 1)[1]
    assert "(internal_audit_programme)" in missing.replace("\\_", "_")  # the minimal bundle has only a policy
    assert "(policy)" not in missing


# -- the built site ------------------------------------------------------------------------------

def test_every_finding_has_an_anchor_that_the_register_and_dashboard_reach(built, minimal):
    from cmscheck.site import anchors
    assert (built / "index.html").is_file() and not (built / "mkdocs.yml").exists()  # the HTML replaced the project
    register = (built / "register.html").read_text(encoding="utf-8")
    dashboard = (built / "index.html").read_text(encoding="utf-8")
    for s in minimal.standards:
        if not s.applicable:
            continue
        assert f'href="standards/{s.standard}.html"' in dashboard
        page = (built / "standards" / f"{s.standard}.html").read_text(encoding="utf-8")
        for f in s.findings:
            a = anchors.finding(f.id)
            assert f'id="{a}"' in page, f.id
            assert f'href="standards/{s.standard}.html#{a}"' in register, f.id
            for r in f.evidence:
                assert f'href="../evidence.html#{anchors.evidence_file(r.file)}"' in page
    evidence = (built / "evidence.html").read_text(encoding="utf-8")
    assert f'id="{anchors.evidence_file("cmscheck.yaml")}"' in evidence
    severe = [f for s in minimal.standards for f in s.findings if f.grade == "severe" and f.verdict == "nonconforming"]
    assert severe and all(f'#{anchors.finding(f.id)}"' in dashboard for f in severe)


def test_search_is_set_up_for_chinese(built):
    index = (built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en","zh"]' in index.replace(" ", "")
    assert "\\u200b" in index or "\u200b" in index  # jieba segmented the Chinese text
    assert (built / "search" / "search_index.js").is_file()  # offline plugin: search from file://


def _tree(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_rebuilding_swaps_in_the_same_bytes(built, minimal, catalog, minimal_ctx):
    # same input, same site: sitemap dates follow the assessment date, not the clock
    before = _tree(built)
    publish(minimal_ctx, built)
    assert _tree(built) == before


def test_failed_build_leaves_the_previous_site(built, minimal, catalog, tmp_path, monkeypatch, minimal_ctx):
    before = _tree(built)
    broken = tmp_path / "site-src"
    shutil.copytree(SITE_SRC, broken)
    with (broken / "templates" / "register.md.j2").open("a", encoding="utf-8") as f:
        f.write("\n[a link to an anchor that does not exist](index.md#no-such-anchor)\n")
    monkeypatch.setenv("CMSCHECK_SITE", str(broken))
    with pytest.raises(SiteBuildError) as err:  # the CLI turns this into exit 2 (see the test below)
        publish(minimal_ctx, built)
    assert "mkdocs build --strict failed" in err.value.message and "no-such-anchor" in err.value.message
    assert _tree(built) == before
    assert not list(built.parent.glob(f".{built.name}.build-*"))  # the aside folder is cleaned up


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(MINIMAL), "-o", str(target), "--no-build"])
    assert result.exit_code == 2
    assert "not empty and was not made by cmscheck site" in result.output and "Traceback" not in result.output
    assert [p.name for p in target.iterdir()] == ["thesis.txt"]
