"""The site's comparison page: topics × standards, requirements vs guidelines, why verdicts differ.

Checked on the Markdown pages (milliseconds each): the page is in the nav and on the dashboard, holds
the matrix, explains a difference for hubei-steel with links to the standard pages' anchors, every link
it makes lands on a page and an anchor that exist (what `mkdocs build --strict` checks), and the
injection bundle's payloads stay text when the page is turned into HTML by Python-Markdown. The built
injection site is scanned, compare.html included, by test_site_injection.py.
"""

from __future__ import annotations

import posixpath
import re

import markdown
import pytest

import test_site_support as support
from test_site_injection import PAYLOAD, Scan
from cmscheck.site import pages
from cmscheck.site.views import COMPARE, INDEX

EXAMPLES = support.TESTS.parent / "examples"
HUBEI = EXAMPLES / "hubei-steel"
BUNDLES = [HUBEI, EXAMPLES / "park", EXAMPLES / "small-manufacturer", support.INJECTION]
LINK = re.compile(r"\]\(([^)\s]*)\)")
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')

_pages: dict = {}


def site_pages(bundle, lang: str = "en") -> dict[str, str]:
    if (bundle, lang) not in _pages:
        _pages[(bundle, lang)] = pages.render_pages(support.context(bundle, lang))
    return _pages[(bundle, lang)]


def test_page_is_in_the_nav_and_linked_from_the_dashboard():
    a = support.assessment(HUBEI)
    flat = [v for item in pages.nav(a, "en") for v in item.values()]
    assert COMPARE in flat
    assert "Comparison across standards" in pages.render_config(a, "en")
    assert f"]({COMPARE})" in site_pages(HUBEI)[INDEX]


def test_hubei_matrix_and_roles():
    page = site_pages(HUBEI)[COMPARE]
    assert page.startswith("# Comparison across standards\n")
    # every standard a column, with its role: requirements are certifiable, guidelines are gaps
    assert "| [cms](standards/cms.md) Carbon management system" in page
    assert page.count("requirements: certifiable conformity") == 2  # cms, park
    assert page.count("guideline: gaps against guidance") == 3
    header = next(line for line in page.splitlines() if line.startswith("| topic |"))
    assert header.count("](standards/") == 5
    # one row per topic of the vocabulary, five cells each
    topics = [tp.name.en for tp in support.catalog().vocabulary.topics]
    rows = [line for line in page.splitlines() if line.startswith("| ") and line.split(" |")[0][2:].replace(" **\\***", "") in topics]
    assert len(rows) == len(topics)
    assert all(r.count(" | ") == 5 for r in rows)
    targets = next(r for r in rows if r.startswith("| Objectives and targets "))
    assert "**\\*" in targets  # its verdicts differ …
    assert "**nonconforming**<small>✗1 ◔4 ?8</small><small>implementation 0/1 · effectiveness 0/1</small>" in targets  # … key-industry fails it
    park = next(r for r in rows if r.startswith("| Park member coordination"))
    assert park.endswith("| does not apply |")


def test_hubei_explains_a_difference_with_linked_findings_and_statements():
    page = site_pages(HUBEI)[COMPARE]
    section = page.split("### Objectives and targets · targets\n", 1)[1].split("\n### ", 1)[0]
    assert "key-industry: nonconforming" in section
    assert "[key-industry:6.1.1.s1](standards/key-industry.md#s-key-industry-6-1-1-s1) [shall] nonconforming" in section
    assert re.search(r"\[key-industry/target-missed/T-intensity\]\(standards/key-industry\.md#f-key-industry-target-missed-t-intensity-[0-9a-f]{8}\)", section)
    assert "→ enterprise has no counterpart: key-industry asks this alone" in section
    # somewhere a counterpart is named and linked, with the reason it did not fail ("industrial's", escaped)
    assert re.search(r"→ \S+ counterpart is [^:]*: \[[a-z-]+:[^\]]+\]\(standards/[a-z-]+\.md#s-", page)


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: b.name)
def test_every_link_lands_on_a_page_and_anchor(bundle):
    # what `mkdocs build --strict` (validation: anchors: warn) would refuse
    all_pages = site_pages(bundle)
    anchors = {p: set(ANCHOR.findall(text)) for p, text in all_pages.items()}
    links = LINK.findall(all_pages[COMPARE])
    assert links
    for url in links:
        path, _, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(COMPARE), path)) if path else COMPARE
        assert target in all_pages, url
        if anchor:
            assert anchor in anchors[target], url


def test_park_compares_each_member():
    a = support.assessment(EXAMPLES / "park")
    page = site_pages(EXAMPLES / "park")[COMPARE]
    assert len(a.members) >= 2
    for number in range(1, len(a.members) + 1):
        assert f"\n## Member enterprise {number}\n" in page
    assert page.count("### topics × standards") == len(a.members)


def test_injection_stays_text():
    page = site_pages(support.INJECTION, "zh")[COMPARE]
    assert "&lt;script&gt;alert" in page  # the payloads are there, as text
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings and not any(PAYLOAD.search(h) or "&lt;" in h for h in headings)
    html = markdown.markdown(page, extensions=["tables", "toc", "pymdownx.tilde"])
    scan = Scan()
    scan.feed(html)
    scan.close()
    assert scan.handlers == [] and scan.js_urls == [] and scan.scripts == []
    assert not scan.tags & {"img", "iframe", "object", "embed", "script", "div"}
    assert "alert(" in html


def test_deterministic():
    from cmscheck import pipeline
    again = pipeline.load_and_assess(support.INJECTION, pipeline.load_inputs(), pipeline.Options(compare=True, site=True)).context
    assert pages.render_pages(again)[COMPARE] == site_pages(support.INJECTION, "zh")[COMPARE]
