"""The Markdown reader as it was before its line-by-line fast path (commit b49d46f), kept verbatim as
the reference the fast path is proven against (tests/test_fast_md_*.py): markdown-it-py's stock
parser (commonmark, tables on, HTML off) and the token walk that made sections of its tokens."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token

from cmscheck.evidence.markdown import _blank_front_matter
from cmscheck.evidence.model import Locator, Section


@functools.lru_cache(maxsize=1)
def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline_text(token: Token) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)  # the alt text
    return "".join(out).strip()


def reference_sections(text: str, file: str) -> list[Section]:
    tokens = _stock().parse(_blank_front_matter(text))
    sections: list[Section] = []
    path: list[tuple[int, str]] = []  # (level, heading) of the open headings, outermost first
    level = 0
    line = 0  # 0: the preamble has no line until its first block
    body: list[str] = []
    row: list[str] | None = None
    i = 0

    def close() -> None:
        content = "\n".join(body).strip()
        if level or content:
            heading_path = tuple(h for _, h in path)
            sections.append(Section(heading_path, content, Locator(file, line=line or 1, heading=" > ".join(heading_path) or None), level))

    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            close()
            heading = _inline_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, heading))
            line = (tok.map[0] + 1) if tok.map else 1
            body = []
            i += 3  # heading_open, inline, heading_close
            continue
        if not level and not line and tok.map:
            line = tok.map[0] + 1
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            body.append(" | ".join(row or []))
            row = None
        elif tok.type == "inline":
            content = _inline_text(tok)
            if row is not None:
                row.append(content)
            elif content:
                body.append(content)
        elif tok.type in ("fence", "code_block", "html_block"):
            body.append(tok.content.rstrip("\n"))
        i += 1
    close()
    return sections
