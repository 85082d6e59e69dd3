"""Markdown documents, read section by section so rules can look inside them.

A document is parsed with markdown-it-py (CommonMark plus tables) with HTML recognition switched
off: raw HTML in a document stays plain text and is never rendered. Nothing is executed and no
document is used as a template. Each section keeps the 1-based line of its heading, so a finding
can point at the place in the file.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .markdown_lines import plain_parts
from .model import Locator, ReadResult, Section

_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


# A character at which an inline rule of the parser can start (newline, escape, backticks, emphasis,
# link, image, autolink, entity): inline text without any of them parses to one text token, itself.
_INLINE_MARKUP = re.compile(r"[\n\\`*_\[!<&]")


def _inline(state: StateCore) -> None:
    """markdown-it's core "inline" rule, with a shortcut: text without inline markup (most lines of a
    Chinese document, most table cells) becomes the one text token the inline parser would make of it."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if not content:
                continue  # the inline parser makes no token of empty text
            if _INLINE_MARKUP.search(content) is None:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)
            else:
                state.md.inline.parse(content, state.md, state.env, token.children)


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: tags are not recognized as HTML and stay in text tokens, verbatim (the two HTML rules
    # then always decline, so they are not run at all). Made once: building the rule chains cost as much
    # as parsing a page (a parse keeps its state in its own env)
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["html_block", "html_inline"])
    md.core.ruler.at("inline", _inline)
    return md


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


def _blank_front_matter(text: str) -> str:
    """Blank out a leading YAML front matter block, keeping line numbers (it is not parsed)."""
    if not text.startswith("---") and not text[:1].isspace():
        return text  # the first line, stripped, cannot be "---": no need to split the document
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for i in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[i]):
            return "\n".join([""] * (i + 1) + lines[i + 1 :])
    return text


def markdown_sections(text: str, file: str) -> list[Section]:
    """The sections of Markdown source: the text directly under each heading, up to the next heading of
    any level; text before the first heading, when there is any, is a section with an empty path."""
    src = _blank_front_matter(text)
    # plain documents (most) are read line by line; anything else by markdown-it, the reference
    parts = plain_parts(src, _markup_text)
    if parts is None:
        parts = _token_parts(_parser().parse(src))
    return _assemble(parts, file)


def _markup_text(content: str) -> str:
    """The text of inline content holding markup, read by markdown-it's inline parser."""
    return _inline_text(_parser().parseInline(content)[0])


def _token_parts(tokens: list[Token]) -> list[list]:
    """The parts (see markdown_lines) of markdown-it's tokens: [level, heading, line, body texts]."""
    cur: list = [0, "", 0, []]
    parts = [cur]
    body: list[str] = cur[3]
    row: list[str] | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            heading = _inline_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            cur = [level, heading, (tok.map[0] + 1) if tok.map else 1, []]
            parts.append(cur)
            body = cur[3]
            i += 3  # heading_open, inline, heading_close
            continue
        if not cur[0] and not cur[2] and tok.map:
            cur[2] = tok.map[0] + 1  # the preamble has no line until its first block
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
    return parts


def _assemble(parts: list[list], file: str) -> list[Section]:
    """Sections from parts: a heading closes the headings of its level and deeper; the text before the
    first heading is a section only when there is any."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []  # (level, heading) of the open headings, outermost first
    for level, heading, line, body in parts:
        if level:
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, heading))
        content = "\n".join(body).strip()
        if level or content:
            heading_path = tuple([h for _, h in path])
            sections.append(Section(heading_path, content, Locator(file, line or 1, None, " > ".join(heading_path) or None), level))
    return sections


def read_markdown(text: str, rel: str, encoding: str = "utf-8") -> ReadResult:
    return ReadResult(rel, "markdown", "read", sections=tuple(markdown_sections(text, rel)), encoding=encoding, text=text)
