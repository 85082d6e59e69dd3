"""The Jinja2 environment for the page templates, with bundle text escaped by one filter.

`md` (cmscheck.render.escape.md) is registered once, as the filter `md`, and also runs as the
environment's finalize step on every `{{ … }}` that is not already `Safe`. So a template that forgets
`| md` still escapes: a mistake costs a visible backslash, never a live tag or link. `Safe` is a plain
str subclass without `__html__`, so Jinja's `~` and `join` turn it back into a plain str, which is then
escaped as a whole — nothing can smuggle raw text through concatenation.

Only the helpers below make `Safe` values, and they build Markdown from escaped text and from URLs
assembled out of anchors (anchors.py) and fixed page paths.
"""

from __future__ import annotations

import html
import posixpath

import jinja2

from ..render.escape import md as _md
from . import paths as _paths


class Safe(str):
    """Markdown we built ourselves; every bundle-derived piece inside it was escaped on the way in.

    Adding or joining plain text escapes that text first, so Safe stays safe under composition.
    """

    def __add__(self, other: object) -> "Safe":
        return Safe(str.__add__(self, md(other)))

    def __radd__(self, other: object) -> "Safe":
        return Safe(str.__add__(md(other), self))

    def join(self, parts) -> "Safe":
        return Safe(str.join(self, [md(p) for p in parts]))


def md(value: object) -> Safe:
    if isinstance(value, Safe):
        return value
    return Safe(_md("" if value is None else value))


def _finalize(value: object) -> str:
    return md(value)


def rel(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative link from one page to another (MkDocs resolves .md links and checks them)."""
    if to_page == from_page:
        target = "" if anchor else posixpath.basename(to_page)
    else:
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")


def link(text: object, url: str) -> Safe:
    """[text](url): text is escaped; url must come from rel() (page paths and anchors we made)."""
    _paths.check_url(url)
    return Safe(f"[{md(text)}]({url})")


def anchor_tag(anchor: str) -> Safe:
    """An empty element carrying an id, for a heading or a table cell to be linked to."""
    _paths.check_anchor(anchor)
    return Safe(f'<a id="{html.escape(anchor)}"></a>')


def raw_html(fragment: str) -> Safe:
    """HTML we generated with every text html-escaped (the heat map); never pass bundle text here."""
    return Safe(fragment)


def environment(template_dir) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=False,  # the output is Markdown, escaped by md(), not HTML
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.globals.update(link=link, anchor_tag=anchor_tag, rel=rel)
    return env
