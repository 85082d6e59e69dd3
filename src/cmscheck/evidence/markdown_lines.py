"""A line-by-line reading of plain Markdown, for the Markdown reader's fast path.

Most documents organizations write use a small part of Markdown: ATX headings, paragraphs, one-line
list items and pipe tables, every line starting in column 0. For those, markdown-it's block parser
(most of the cost of reading a document) is not needed to know which lines form which block. This
module reads that subset and DECLINES (returns None) on any line that could start or continue some
other construct, or whose reading depends on context it does not track; markdown-it then reads the
document and stays the reference. Each rule below mirrors the markdown-it-py rule it stands for
(commonmark preset, tables on, HTML off); tests/test_fast_md_*.py prove the same sections.

A "part" is [level, heading, line, body]: the text under one heading (level 0, heading "" for the text
before the first heading), `line` its 1-based first line (0: none yet), `body` the texts of its blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

try:  # the trim markdown-it applies to paragraphs, headings and cells: its own set since 4.x
    from markdown_it.common.utils import mdTrim
except ImportError:  # markdown-it-py 3.x trims with str.strip
    mdTrim = str.strip

# A character at which an inline rule can start (markdown._INLINE_MARKUP without the newline, which
# is read here): text holding one goes to markdown-it's inline parser, passed in as `inline`.
_MARKUP = re.compile(r"[\\`*_\[!<&]")
_HEADING = re.compile(r"#{1,6}(?= |$)")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?= |$)")  # markdown-it's skipOrderedListMarker
# First characters of a line that is no paragraph line: indentation, block quote, link reference
# definition (see plain_parts), setext underline, delimiter row, list or thematic break, heading
_BLOCKED = " >=:-|#"
_ITEM_STARTS = frozenset("-+*0123456789")  # the first characters of a list item (_bullet, _ORDERED)
_DELIMITER_CELL = re.compile(r":?-+:?")
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it's table rule stops a table beyond this

# What the previous line was: it decides what the next line may be (a paragraph line after a list item
# would be a lazy continuation, a line after a table row a table row, and so on)
_BLANK, _HEADING_LINE, _HEADING_PIPE, _PARA, _ITEM, _TABLE = range(6)


class _Decline(Exception):
    """The document is outside the subset read here."""


def plain_parts(src: str, inline: Callable[[str], str]) -> list[list] | None:
    """The parts of `src` (front matter already blanked), or None when it is not plain Markdown.
    `inline(content)` gives the text of inline content holding markup, as the reference path would."""
    if "\t" in src or "\r" in src or "\0" in src:
        return None  # tab stops, line-ending and NUL normalisation: left to markdown-it
    # "[" starts a link reference definition only where "]:" follows its label: without any "]:" in
    # the document, a line starting with "[" (a link, a placeholder) is a paragraph line
    blocked = _BLOCKED + "[" if "]:" in src else _BLOCKED
    try:
        return _read(src.split("\n"), inline, blocked)
    except _Decline:
        return None


def _read(lines: list[str], inline: Callable[[str], str], blocked: str) -> list[list]:
    cur: list = [0, "", 0, []]
    parts = [cur]
    prev = _BLANK
    para: list[str] = []  # the lines of the open paragraph
    i = 0
    while i < len(lines):
        line = lines[i]
        item = None
        first = line[:1]
        if not first or (first == " " and not line.strip(" ")):  # markdown-it's isEmpty (tabs were declined)
            kind = _BLANK
        elif first == "#":
            kind = _HEADING_LINE
        elif first in _ITEM_STARTS and (item := _item(line, blocked)) is not None:
            kind = _ITEM
        elif first == "|":
            kind = _TABLE
        elif _paragraph_line(line, blocked):
            kind = _PARA
        else:
            raise _Decline
        if para and kind != _PARA:
            _flush(para, cur[3], inline)
        if kind == _HEADING_LINE:
            m = _HEADING.match(line)
            if m is None:
                raise _Decline  # "#tag", "#######": a paragraph, not read here
            cur = [m.end(), _text(_heading_content(line, m.end()), inline), i + 1, []]
            parts.append(cur)
            # a heading with a pipe followed by a delimiter row would be a table's header
            prev = _HEADING_PIPE if "|" in line else _HEADING_LINE
            i += 1
            continue
        if kind != _BLANK and not cur[2]:
            cur[2] = i + 1  # the preamble's line: that of its first block
        if kind == _ITEM:
            content, ordered_one = item
            if prev == _PARA and ordered_one is False:
                raise _Decline  # "2." does not interrupt a paragraph: it continues it
            text = _text(content, inline)
            if text:
                cur[3].append(text)
        elif kind == _TABLE:
            if prev not in (_BLANK, _HEADING_LINE):
                raise _Decline  # it could continue a paragraph or item, or be a delimiter row
            i = _table(lines, i, cur[3], inline)
            prev = _TABLE
            continue
        elif kind == _PARA:
            if prev in (_ITEM, _TABLE):
                raise _Decline  # a lazy item continuation, or a table row without pipes
            para.append(line)
        prev = kind
        i += 1
    if para:
        _flush(para, cur[3], inline)
    return parts


def _paragraph_line(line: str, blocked: str) -> bool:
    """Whether a line (not blank, not a heading, list item or table line) can only start or continue
    a paragraph. Declined: indentation (code, item continuation), block quotes, link reference
    definitions, setext underlines, delimiter rows, thematic breaks, fences."""
    c = line[0]
    if c in blocked:
        return False
    if c in "*_":
        return not set(line) <= {c, " "}  # "***", "_ _ _": a thematic break
    if c in "`~":
        return not line.startswith(c * 3)
    return True  # "<" too: with HTML off markdown-it has no block rule for it


def _item(line: str, blocked: str) -> tuple[str, bool | None] | None:
    """A one-line list item: (its content, for an ordered item whether its number is 1), or None when
    the line is no list item. Declines an empty item, content indented as code, nested blocks."""
    if _bullet(line):
        start, ordered_one = 1, None
    elif (m := _ORDERED.match(line)) is not None:
        start, ordered_one = m.end(), int(line[: m.end() - 1]) == 1
    else:
        return None
    rest = line[start:]
    body = rest.lstrip(" ")
    if not body or len(rest) - len(body) > 4:
        raise _Decline  # empty item, or content that is an indented code block
    if not _paragraph_line(body, blocked) or _bullet(body) or _ORDERED.match(body):
        raise _Decline  # a block inside the item (heading, nested list, quote, fence ...)
    return mdTrim(body), ordered_one


def _bullet(line: str) -> bool:
    """markdown-it's skipBulletListMarker: "-", "+" or "*", then a space or the end of the line."""
    return line[0] in "-+*" and (len(line) == 1 or line[1] == " ")


def _heading_content(line: str, pos: int) -> str:
    """markdown-it's heading rule: cut trailing spaces, then a closing run of '#' after a space."""
    end = len(line)
    while end > pos and line[end - 1] == " ":
        end -= 1
    tmp = end
    while tmp > pos and line[tmp - 1] == "#":
        tmp -= 1
    if tmp > pos and line[tmp - 1] == " ":
        end = tmp
    return mdTrim(line[pos:end])


def _table(lines: list[str], i: int, body: list[str], inline: Callable[[str], str]) -> int:
    """A pipe table starting at line i (markdown-it's table rule): one body text per row, cells joined
    with " | ". Returns the index of the line after it; declines what would not be a table, escaped
    pipes, and a table followed by anything but a blank line, a heading or a list item."""
    if i + 1 >= len(lines):
        raise _Decline
    header, delimiter = mdTrim(lines[i]), lines[i + 1]
    if "\\" in header or not _is_delimiter_row(delimiter):
        raise _Decline
    aligns = 0
    columns = delimiter.split("|")
    for k, cell in enumerate(columns):
        cell = mdTrim(cell)
        if not cell:
            if k == 0 or k == len(columns) - 1:
                continue
            raise _Decline
        if not _DELIMITER_CELL.fullmatch(cell):
            raise _Decline
        aligns += 1
    cells = _cells(header)
    count = len(cells)
    if count == 0 or count != aligns:
        raise _Decline
    body.append(_row(header, cells, inline))
    autocompleted = 0
    j = i + 2
    while j < len(lines) and lines[j][:1] == "|":
        row = mdTrim(lines[j])
        if "\\" in row:
            raise _Decline
        cells = _cells(row)
        autocompleted += count - len(cells)
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
            raise _Decline
        cells += [""] * (count - len(cells))
        body.append(_row(row, cells[:count], inline))
        j += 1
    return j


def _row(line: str, cells: list[str], inline: Callable[[str], str]) -> str:
    """A table row's text: its cells' texts joined with " | ". A line without inline markup gives each
    cell stripped, which is what _text(mdTrim(cell)) gives it (a line has no newline, and mdTrim's
    characters are white space to str.strip)."""
    if _MARKUP.search(line) is None:
        return " | ".join([c.strip() for c in cells])
    return " | ".join([_text(mdTrim(c), inline) if c else "" for c in cells])


def _is_delimiter_row(line: str) -> bool:
    """The first check of markdown-it's table rule on the second line: /^[-:|][-:| ]*$/, not "- "."""
    if len(line) < 2 or line[0] not in "|-:" or line[1] not in "|-: ":
        return False
    if line[0] == "-" and line[1] == " ":
        return False
    return set(line) <= set("|-: ")


def _cells(text: str) -> list[str]:
    """A table line's cells: split at pipes (escapes were declined), the empty edges dropped."""
    columns = text.split("|")
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _flush(para: list[str], body: list[str], inline: Callable[[str], str]) -> None:
    """Close the open paragraph: its content is its lines, trimmed as a whole."""
    text = _text(mdTrim("\n".join(para)), inline)
    if text:
        body.append(text)
    para.clear()


def _text(content: str, inline: Callable[[str], str]) -> str:
    """The text of inline content, as markdown._inline_text gives it. Without markup the only inline
    rule that applies is the newline: a line break keeps "\n", drops the spaces that end the line
    (a hard break drops them all, a soft break its one) and the spaces and tabs that start the next."""
    if _MARKUP.search(content):
        return inline(content)
    if "\n" not in content:
        return content.strip()
    lines = content.split("\n")
    last = len(lines) - 1
    out = [lines[0].rstrip(" ")]
    out += [ln.lstrip(" \t").rstrip(" ") for ln in lines[1:last]]
    out.append(lines[last].lstrip(" \t"))
    return "\n".join(out).strip()
