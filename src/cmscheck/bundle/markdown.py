"""A bundle's documents as rules look inside them: sections with their heading, level and place.

The reading itself is done by the evidence readers (`cmscheck.evidence`: Markdown, text, Word, PDF,
Excel); this module keeps the document view rules and reports have always used (`ParsedDocument`,
`parse_markdown`) and builds it from any reader's result, so a Word policy is searched like a
Markdown one and a finding cites the heading, paragraph or page it found.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..evidence.markdown import read_markdown
from ..evidence.model import Locator, ReadResult


# Section and ParsedDocument are made for every document a bundle holds: their __init__ is written out,
# setting each field once through the instance's dict, as evidence.model does for its classes (a frozen
# dataclass's own __init__ calls object.__setattr__ per field). They stay frozen dataclasses (same fields,
# repr, equality, replace and pickling; tests/test_fast_read6_documents.py compares them with generated ones).


@dataclass(frozen=True, init=False)
class Section:
    """The text directly under one heading, up to the next heading of any level (one page of a PDF).

    Text before the first heading, when there is any, is a section with an empty heading and level 0.
    """

    heading: str
    level: int
    line: int | None  # 1-based line of the heading in a text file (of the first text line for level 0)
    text: str
    locator: Locator | None = None  # where it stands in any format (page, paragraph, heading path)

    def __init__(self, heading: str, level: int, line: int | None, text: str, locator: Locator | None = None) -> None:
        d = self.__dict__
        d["heading"] = heading
        d["level"] = level
        d["line"] = line
        d["text"] = text
        d["locator"] = locator

    def contains(self, word: str) -> bool:
        w = word.casefold()
        return w in self.heading.casefold() or w in self.text.casefold()

    def where(self) -> dict:
        """The EvidenceRef fields that locate this section (line, section, page, paragraph)."""
        loc = self.locator
        out: dict = {"line": self.line, "section": self.heading or None}
        if loc is not None:
            out.update(page=loc.page, paragraph=loc.paragraph)
        return out


_NO_SECTIONS: list = []  # stands for "not given": a document made without sections gets a list of its own


@dataclass(frozen=True, init=False)
class ParsedDocument:
    file: str  # path relative to the bundle folder, with '/' separators
    title: str  # the first level-1 heading, else the first heading, else the file name
    sections: list[Section] = field(default_factory=list)
    format: str = "markdown"

    def __init__(self, file: str, title: str, sections: list[Section] = _NO_SECTIONS, format: str = "markdown") -> None:
        d = self.__dict__
        d["file"] = file
        d["title"] = title
        d["sections"] = [] if sections is _NO_SECTIONS else sections
        d["format"] = format

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


def from_result(result: ReadResult) -> ParsedDocument:
    """The document view of a file the evidence readers read (status "read")."""
    sections = [Section(s.heading, s.level, s.locator.line, s.text, s.locator) for s in result.sections]
    title = next((s.heading for s in sections if s.level == 1 and s.heading), "")
    title = title or next((s.heading for s in sections if s.level and s.heading), "")
    return ParsedDocument(file=result.file, title=title or PurePosixPath(result.file).stem, sections=sections, format=result.format)


class Documents(Mapping):
    """id -> the document view (`from_result`) of each document and record the loader read: made when a
    caller first asks for it. An evaluation reads the readings themselves (content facts), never this
    view, which cost a bundle of 18 documents some 0.7 % of its evaluation to build up front.

    A read-only mapping: its items, equality and repr are those of the dict of views it stands for."""

    __slots__ = ("_readings", "_views")

    def __init__(self, readings: dict[str, ReadResult] | None = None) -> None:
        self._readings: dict[str, ReadResult] = dict(readings or {})  # id -> a reading with status "read"
        self._views: dict[str, ParsedDocument] = {}

    def add(self, ident: str, result: ReadResult) -> None:
        """The reading of document `ident`, unless one is held for it already (the first one stays)."""
        self._readings.setdefault(ident, result)

    def __getitem__(self, ident: str) -> ParsedDocument:
        view = self._views.get(ident)
        if view is None:
            view = self._views[ident] = from_result(self._readings[ident])
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self._readings)

    def __len__(self) -> int:
        return len(self._readings)

    def __contains__(self, ident: object) -> bool:
        return ident in self._readings

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __getstate__(self) -> dict:  # pickled (a packed park member) as its readings; views are made again
        return {"_readings": self._readings}

    def __setstate__(self, state: dict) -> None:
        self._readings = state["_readings"]
        self._views = {}


def parse_markdown(text: str, file: str) -> ParsedDocument:
    """Parse Markdown source into sections. `file` is how the document is named (relative to the bundle)."""
    return from_result(read_markdown(text, file))
