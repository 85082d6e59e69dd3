"""What an evidence reader yields, whatever the file's format: text sections and tables, each with a
locator a person can follow (line of a text file, heading and paragraph of a Word file, page of a
PDF, sheet and cell of a workbook).

This module is the contract between the readers (one per format) and everything that looks inside
a document: content recognition, ledgers, citations in reports. It imports nothing from cmscheck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReadStatus = Literal["read", "scanned", "unsupported", "too_large", "unreadable"]


# Locator, Section and Cell are made by the hundred per bundle: their __init__ is written out, setting
# each field once through the instance's dict, where dataclass's frozen __init__ makes a call to
# object.__setattr__ per field (2.7 times slower). They stay frozen dataclasses (same fields, repr,
# equality, hash, replace and pickling; tests/test_fast_load5_model.py compares them with generated ones).


@dataclass(frozen=True, init=False)
class Locator:
    """Where a passage or a cell stands. Only the fields the format knows are set."""

    file: str  # path relative to the bundle folder, '/' separators
    line: int | None = None  # 1-based, text and Markdown files
    page: int | None = None  # 1-based, PDF
    heading: str | None = None  # the heading path joined with " > ", Word and Markdown
    paragraph: int | None = None  # 1-based paragraph number in a Word file
    sheet: str | None = None  # workbook sheet
    cell: str | None = None  # A1-style cell reference, workbook; or "row N" in a CSV

    def __init__(self, file: str, line: int | None = None, page: int | None = None, heading: str | None = None,
                 paragraph: int | None = None, sheet: str | None = None, cell: str | None = None) -> None:
        d = self.__dict__
        d["file"] = file
        d["line"] = line
        d["page"] = page
        d["heading"] = heading
        d["paragraph"] = paragraph
        d["sheet"] = sheet
        d["cell"] = cell

    def text(self) -> str:
        """The locator as a person reads it: `policy.docx § 二、方针 ¶3`, `cert.pdf p.2`, `ledger.xlsx!月度!B7`."""
        parts = [self.file]
        if self.sheet is not None:
            parts = [f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else "")]
        elif self.cell is not None:
            parts.append(self.cell)
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.line is not None:
            parts[0] = f"{parts[0]}:{self.line}"
        if self.heading:
            parts.append(f"§ {self.heading}")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        return " ".join(parts)


@dataclass(frozen=True, init=False)
class Section:
    """Text under one heading (or one page of a PDF without headings)."""

    heading_path: tuple[str, ...]  # outermost first; () for text before the first heading
    text: str
    locator: Locator
    level: int = 0  # the heading's level (1 outermost); 0 for text before the first heading and PDF pages

    def __init__(self, heading_path: tuple[str, ...], text: str, locator: Locator, level: int = 0) -> None:
        d = self.__dict__
        d["heading_path"] = heading_path
        d["text"] = text
        d["locator"] = locator
        d["level"] = level

    @property
    def heading(self) -> str:
        return self.heading_path[-1] if self.heading_path else ""


@dataclass(frozen=True, init=False)
class Cell:
    value: str | float | int | None  # cached value of a formula, never evaluated
    locator: Locator

    def __init__(self, value: str | float | int | None, locator: Locator) -> None:
        d = self.__dict__
        d["value"] = value
        d["locator"] = locator


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    locator: Locator  # where the table starts
    heading_path: tuple[str, ...] = ()


_NO_META: dict = {}  # stands for "not given": a result made without meta gets a dict of its own


@dataclass(frozen=True, init=False)
class ReadResult:
    """One file as a reader saw it. `status` says whether its content can back a `checked` verdict:
    only "read" can; "scanned" (a PDF without a text layer), "unsupported" (.doc, .xls, images),
    "too_large" and "unreadable" leave the file present evidence at best (`documented`).

    `text` (not a field: not compared or shown) is the decoded text of a Markdown or plain-text file
    as the reader parsed it, kept so that a passage's line is found in what was read (content facts),
    without reading and decoding the file again; None for other formats."""

    file: str
    format: str  # "markdown", "text", "docx", "pdf", "xlsx", "csv", or the suffix of an unsupported file
    status: ReadStatus
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    encoding: str | None = None  # text formats: the encoding the bytes were decoded with
    reason: str | None = None  # why the status is not "read", in English
    reason_zh: str | None = None
    pages: int | None = None
    meta: dict = field(default_factory=dict)

    # one per file of a bundle: written out as Locator's is (tests/test_fast_read6_documents.py)
    def __init__(self, file: str, format: str, status: ReadStatus, sections: tuple[Section, ...] = (),
                 tables: tuple[Table, ...] = (), encoding: str | None = None, reason: str | None = None,
                 reason_zh: str | None = None, pages: int | None = None, meta: dict = _NO_META,
                 text: str | None = None) -> None:
        d = self.__dict__
        d["file"] = file
        d["format"] = format
        d["status"] = status
        d["sections"] = sections
        d["tables"] = tables
        d["encoding"] = encoding
        d["reason"] = reason
        d["reason_zh"] = reason_zh
        d["pages"] = pages
        d["meta"] = {} if meta is _NO_META else meta
        if text is not None:
            d["text"] = text

    text = None  # a class attribute, not a field: see the docstring

    def unread_note(self) -> str:
        """The evidence note citing this file when its content was not read: one text for either
        language's report, Chinese first, then English, as every evidence note is written."""
        from ..i18n import t  # the statuses' Chinese names, as `validate` shows them
        zh, zh_reason = t(f"cli.read_{self.status}", "zh"), self.reason_zh or self.reason
        return (f"{zh}：{zh_reason}" if zh_reason else zh) + " / " + (
            f"{self.status}: {self.reason}" if self.reason else self.status)
