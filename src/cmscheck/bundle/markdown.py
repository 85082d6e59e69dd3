"""Markdown documents of a bundle, read section by section so rules can look inside them.

A document is parsed with markdown-it-py (CommonMark plus tables) with HTML recognition switched
off: raw HTML in a document stays plain text and is never rendered. Nothing is executed and no
document is used as a template. Each section keeps the 1-based line of its heading, so a finding
can point at the place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token

_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


@dataclass(frozen=True)
class Section:
    """The text directly under one heading, up to the next heading of any level.

    Text before the first heading, when there is any, is a section with an empty heading and level 0.
    """

    heading: str
    level: int
    line: int  # 1-based line of the heading in the file (of the first text line for level 0)
    text: str

    def contains(self, word: str) -> bool:
        w = word.casefold()
        return w in self.heading.casefold() or w in self.text.casefold()


@dataclass(frozen=True)
class ParsedDocument:
    file: str  # path relative to the bundle folder, with '/' separators
    title: str  # the first level-1 heading, else the first heading, else the file name
    sections: list[Section] = field(default_factory=list)

    def find(self, words: list[str] | tuple[str, ...] | str) -> list[Section]:
        """Sections whose heading or text contains any of the words (case-insensitive), in file order."""
        if isinstance(words, str):
            words = [words]
        wanted = [w for w in words if w]
        return [s for s in self.sections if any(s.contains(w) for w in wanted)]

    def section(self, heading: str) -> Section | None:
        """The first section whose heading contains `heading` (case-insensitive)."""
        h = heading.casefold()
        return next((s for s in self.sections if s.level and h in s.heading.casefold()), None)

    @property
    def text(self) -> str:
        """The whole document as plain text, headings included."""
        parts = []
        for s in self.sections:
            if s.heading:
                parts.append(s.heading)
            if s.text:
                parts.append(s.text)
        return "\n".join(parts)


def _parser() -> MarkdownIt:
    # html=False: tags are not recognized as HTML and stay in text tokens, verbatim.
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


def _blank_front_matter(text: str) -> str:
    """Blank out a leading YAML front matter block, keeping line numbers (it is not parsed)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for i in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[i]):
            return "\n".join([""] * (i + 1) + lines[i + 1 :])
    return text


def parse_markdown(text: str, file: str) -> ParsedDocument:
    """Parse Markdown source into sections. `file` is how the document is named (relative to the bundle)."""
    tokens = _parser().parse(_blank_front_matter(text))
    sections: list[Section] = []
    heading: str = ""
    level = 0
    line = 0  # 0: the preamble has no line until its first block
    body: list[str] = []
    row: list[str] | None = None
    i = 0

    def close() -> None:
        content = "\n".join(body).strip()
        if level or content:
            sections.append(Section(heading=heading, level=level, line=line or 1, text=content))

    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            close()
            heading = _inline_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
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

    title = next((s.heading for s in sections if s.level == 1 and s.heading), "")
    title = title or next((s.heading for s in sections if s.level and s.heading), "")
    return ParsedDocument(file=file, title=title or PurePosixPath(file).stem, sections=sections)
