"""A hostile bundle's site has no live script, handler or javascript: link (checked on the built HTML).

tests/bundles/injection is a park with two members whose names, titles, answers, notes, ids and file
names carry <script>, <img onerror>, [x](javascript:…), {: onclick=… } and raw HTML. The theme's own
scripts are allowed: every <script> must load one of MkDocs Material's or our assets, or be one of
the theme's inline snippets, none of which contains anything from the bundle.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import test_site_support as support
from cmscheck.site import publish

# words only the bundle's payloads contain
PAYLOAD = re.compile(r"alert\(|onerror|onclick|onmouseover|onload", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}
THEME_SCRIPT = re.compile(r"^/?(\.\./)*(assets/javascripts/(bundle\.[0-9a-f]+\.min\.js|iframe-worker-shim\.js|register\.js)|search/search_index\.js)$")


class Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str | None, str]] = []
        self.handlers: list[tuple[str, str, str]] = []
        self.js_urls: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value or ""))
            if name.lower() in URL_ATTRS and value and re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.js_urls.append((tag, name, value))
        if tag == "script":
            self.scripts.append((dict(attrs).get("src"), ""))
            self._in_script = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            src, text = self.scripts[-1]
            self.scripts[-1] = (src, text + data)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("injection") / "site"
    publish(support.context(support.INJECTION, "zh"), out)
    return out


def _scan(path: Path) -> Scan:
    s = Scan()
    s.feed(path.read_text(encoding="utf-8"))
    s.close()
    return s


def test_every_page_was_built(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    # park: the roll-up and one page per member, plus the usual pages
    assert {"index.html", "park.html", "members/m001.html", "members/m002.html", "register.html", "evidence.html",
            "standards/cms.html", "standards/park.html"} <= pages


def test_the_payloads_reach_the_pages_as_text(site):
    # the escape must show the text, not drop it: otherwise "no script" would prove nothing
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;" in index or "&lt;script&gt;alert(\"org\")&lt;/script&gt;" in index
    member = (site / "members" / "m002.html").read_text(encoding="utf-8")
    assert "javascript:alert(5)" in member  # shown as text …
    evidence = (site / "evidence.html").read_text(encoding="utf-8")
    assert "onerror=alert(8)" in evidence  # the file name, escaped
    cms = (site / "standards" / "cms.html").read_text(encoding="utf-8")
    assert "[x](javascript:alert(19))" in cms  # an answer note, as literal text
    assert "{: onclick=" in cms


def test_no_live_script_handler_or_javascript_link(site):
    problems = []
    for page in sorted(site.rglob("*.html")):
        s = _scan(page)
        name = page.relative_to(site).as_posix()
        problems += [f"{name}: handler {h}" for h in s.handlers]
        problems += [f"{name}: url {u}" for u in s.js_urls]
        for src, text in s.scripts:
            if src is not None:
                if not THEME_SCRIPT.match(src):
                    problems.append(f"{name}: script src {src!r}")
            elif PAYLOAD.search(text):
                problems.append(f"{name}: inline script {text[:80]!r}")
        # tags the payloads try to create never appear: the theme uses none of them
        problems += [f"{name}: <{t}>" for t in ("img", "iframe", "object", "embed", "b") if t in s.tags]
    assert problems == []


def test_no_external_resources(site):
    # offline: no CDN scripts, fonts or styles (search over file:// uses our vendored shim);
    # plain <a href> links out (the theme's credit) load nothing and are allowed
    loads = re.compile(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?//""", re.I)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not loads.search(text), (page, loads.search(text))


def test_search_index_holds_escaped_text(site):
    # Material's search shows result snippets as HTML: the index must carry the payloads escaped
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "alert" in index
    assert "<script" not in index and "<img" not in index
