"""Word (.docx) documents with python-docx: sections by heading, paragraphs numbered, tables kept.

A heading is recognised by its paragraph style (Heading N / 标题 N / Title, or an outline level) or,
since many Chinese documents number their headings by hand in body text, by its numbering: 第一章,
第一节, 一、, （一）, 1.1 (a short line without closing punctuation) and 第X条 (the article number
opens the section; the rest of the paragraph is its text). A paragraph is located by its number
among the document's non-empty paragraphs (¶), counted in reading order outside tables; a table cell
by table, row and column. Text in tables is part of the section's text too, so a commitment written
in a table is found.

python-docx parses XML with lxml and resolve_entities=False; `sniff.check_zip` has already refused
any DTD, oversized or over-populated archive before this module sees the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import limits
from .model import Cell, Locator, ReadResult, Section, Table

_CN = "一二三四五六七八九十百零〇两"
# (rank, pattern): a lower rank is an outer heading. Styled headings rank 5-90, numbered ones 100 and
# up, so a numbered heading nests under the styled heading above it and a styled heading closes them.
_PATTERNS = [
    (100, re.compile(rf"^第[{_CN}\d]+[章篇部分]")),
    (110, re.compile(rf"^第[{_CN}\d]+节")),
    (120, re.compile(rf"^[{_CN}]+、")),
    (130, re.compile(rf"^[（(][{_CN}]+[)）]")),
]
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})(?:\s+|(?=[^\d.\s]))")
_ARTICLE = re.compile(rf"^(第[{_CN}\d]+条)")
_END = "。；;：:！？!?，,"
_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _style_rank(paragraph) -> int | None:
    try:
        name = (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        name = ""
    if name.lower() == "title" or name == "标题":
        return 5
    m = _STYLE.match(name)
    if m:
        return 10 * int(m.group(1))
    p_pr = paragraph._p.pPr
    lvl = p_pr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl") if p_pr is not None else None
    if lvl is not None:
        val = lvl.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "")
        if val.isdigit() and int(val) < 9:
            return 10 * (int(val) + 1)
    return None


def heading_of(text: str, style_rank: int | None) -> tuple[int, str, str] | None:
    """(rank, heading, rest of the paragraph) when the paragraph opens a section, else None."""
    if style_rank is not None:
        return style_rank, text, ""
    m = _ARTICLE.match(text)
    if m:
        rest = text[m.end():].strip()
        short = len(rest) <= 20 and not any(c in rest for c in _END)
        return (190, text, "") if short else (190, m.group(1), rest)
    if len(text) > 40 or text[-1] in _END:
        return None  # numbered list items and sentences stay body text
    for rank, pattern in _PATTERNS:
        if pattern.match(text):
            return rank, text, ""
    m = _DECIMAL.match(text)
    if m:
        return 135 + 10 * m.group(1).count("."), text, ""
    return None


def _table_rows(table, rel: str, n: int, heading: str | None) -> tuple[list[tuple[Cell, ...]], list[str]]:
    rows: list[tuple[Cell, ...]] = []
    lines: list[str] = []
    for r, row in enumerate(table.rows, 1):
        cells = []
        seen: set[int] = set()
        texts = []
        for c, cell in enumerate(row.cells, 1):
            text = cell.text.strip()
            cells.append(Cell(text, Locator(rel, heading=heading, cell=f"table {n} row {r} col {c}")))
            if id(cell._tc) not in seen:  # a merged cell repeats across the columns it spans
                seen.add(id(cell._tc))
                texts.append(text)
        rows.append(tuple(cells))
        lines.append(" | ".join(texts))
    return rows, lines


def read_docx(path: Path, rel: str) -> ReadResult:
    import docx  # imported here: only bundles with Word files pay for it
    from docx.table import Table as DocxTable

    document = docx.Document(str(path))
    sections: list[Section] = []
    tables: list[Table] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    start = (1, None)  # (paragraph number, heading) where the open section starts
    count = 0  # non-empty paragraphs so far
    chars = 0
    n_tables = 0

    def close() -> None:
        text = "\n".join(body).strip()
        path_ = tuple(h for _, h in stack)
        if stack or text:
            sections.append(Section(path_, text, Locator(rel, heading=" > ".join(path_) or None, paragraph=start[0]), len(stack)))

    for block in document.iter_inner_content():
        if chars > limits.MAX_TEXT_CHARS:
            break
        if isinstance(block, DocxTable):
            n_tables += 1
            heading = " > ".join(h for _, h in stack) or None
            rows, lines = _table_rows(block, rel, n_tables, heading)
            tables.append(Table(tuple(rows), Locator(rel, heading=heading, paragraph=count or None, cell=f"table {n_tables}"),
                                tuple(h for _, h in stack)))
            body.extend(lines)
            chars += sum(map(len, lines))
            continue
        text = block.text.strip()
        if not text:
            continue
        count += 1
        chars += len(text)
        found = heading_of(text, _style_rank(block))
        if found is None:
            body.append(text)
            continue
        close()
        rank, heading, rest = found
        while stack and stack[-1][0] >= rank:
            stack.pop()
        stack.append((rank, heading))
        body = [rest] if rest else []
        start = (count, heading)
    close()
    meta = {"paragraphs": count, "tables": n_tables}
    if chars > limits.MAX_TEXT_CHARS:
        meta["truncated"] = True
    return ReadResult(rel, "docx", "read", sections=tuple(sections), tables=tuple(tables), meta=meta)
