"""Read a monitoring series' CSV files: the monthly ledger and the raw records it summarizes.

Both are read through `Bundle.read_text` (the loader's path and encoding checks) and Python's csv
module; nothing in them is executed. A file that cannot be read as the table it should be (no month or
date column, an unreadable date or number, a month twice) is an input problem naming the file, line
and column, so the command exits 2 instead of judging data it could not read. An empty value cell is
not a problem: that month simply has no data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..problems import InputError, Problem, display

MONTH_HEADERS = ("month", "月份", "月", "period", "期间", "date", "日期")
DATE_HEADERS = ("date", "日期", "datetime", "time", "时间", "day")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?$")
_MONTH_ONLY = re.compile(r"^(\d{1,2})\s*月?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")

Month = tuple[int, int]  # (year, month)


@dataclass
class Table:
    """A parsed CSV file: values per month, with the line each month's value came from."""

    file: str  # path inside the bundle
    column: str
    values: dict[Month, float] = field(default_factory=dict)
    lines: dict[Month, int] = field(default_factory=dict)  # first line contributing to the month
    counts: dict[Month, int] = field(default_factory=dict)  # how many rows contributed


def _problem(bundle, rel: str, line: int | None, column: str, message: str, fix: str) -> InputError:
    return InputError([Problem(display(bundle.root / rel), line, column, message, fix)])


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        if any(cell.strip() for cell in row):
            yield reader.line_num, [cell.strip() for cell in row]


def _number(raw: str) -> float | None:
    text = raw.replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    value = float(text)  # ValueError is turned into a located problem by the caller
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _columns(bundle, rel: str, header: list[str], line: int, key_names: tuple[str, ...], wanted: str | None, what: str) -> tuple[int, int]:
    lowered = [h.lower() for h in header]
    key = next((i for i, h in enumerate(lowered) if h in key_names), None)
    if key is None:
        raise _problem(bundle, rel, line, "", f"no {what} column: the header is {', '.join(header)!s}",
                       f"name the {what} column {key_names[0]!r} (or {key_names[1]})")
    if wanted is not None:
        if wanted not in header:
            raise _problem(bundle, rel, line, wanted, f"no column {wanted!r}: the header is {', '.join(header)}",
                           "give the name of the value column exactly as the header writes it")
        return key, header.index(wanted)
    others = [i for i in range(len(header)) if i != key and header[i]]
    if len(others) != 1:
        raise _problem(bundle, rel, line, "", f"cannot tell the value column among {', '.join(header[i] for i in others) or 'none'}",
                       "say which column holds the values (column: / raw_column: in the manifest)")
    return key, others[0]


def _month(raw: str, default_year: int) -> Month | None:
    m = _YEAR_MONTH.match(raw)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = _MONTH_ONLY.match(raw)
        if not m:
            return None
        year, month = default_year, int(m.group(1))
    return (year, month) if 1 <= month <= 12 else None


def _date(raw: str) -> dt.date | None:
    m = _DATE.match(raw)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _read(bundle, rel: str, loc: tuple[Any, ...]) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    text = bundle.read_text(rel, loc)
    rows = list(_rows(text))
    if not rows:
        raise _problem(bundle, rel, None, "", "the file is empty", "write a header line and one line per month or record")
    (line, header), body = rows[0], rows[1:]
    return header, line, body


def read_ledger(bundle, rel: str, loc: tuple[Any, ...], column: str | None, year: int) -> Table:
    """A monthly ledger: one row per month (YYYY-MM, or 1-12 for the inventory year) and a value column."""
    header, hline, body = _read(bundle, rel, loc)
    key, col = _columns(bundle, rel, header, hline, MONTH_HEADERS, column, "month")
    table = Table(file=rel, column=header[col])
    for line, row in body:
        cell = row[key] if key < len(row) else ""
        month = _month(cell, year)
        if month is None:
            raise _problem(bundle, rel, line, header[key], f"{cell!r} is not a month",
                           "write the month as YYYY-MM, e.g. 2024-03")
        raw = row[col] if col < len(row) else ""
        try:
            value = _number(raw)
        except ValueError:
            raise _problem(bundle, rel, line, table.column, f"{raw!r} is not a number",
                           "write a plain number (no unit), or leave the cell empty when there is no data") from None
        if month in table.lines:
            raise _problem(bundle, rel, line, header[key], f"month {month[0]}-{month[1]:02d} appears twice (first on line {table.lines[month]})",
                           "keep one line per month in a monthly ledger")
        table.lines[month] = line
        if value is not None:
            table.values[month] = value
            table.counts[month] = 1
    return table


def read_raw(bundle, rel: str, loc: tuple[Any, ...], column: str | None, ledger_column: str | None = None) -> Table:
    """Raw records: one row per reading or ticket, with its date (YYYY-MM-DD); summed per month.

    The value column is `column` when given, else the ledger's column name when the file has it, else
    the only column besides the date."""
    header, hline, body = _read(bundle, rel, loc)
    if column is None and ledger_column in header:
        column = ledger_column
    key, col = _columns(bundle, rel, header, hline, DATE_HEADERS, column, "date")
    table = Table(file=rel, column=header[col])
    for line, row in body:
        cell = row[key] if key < len(row) else ""
        day = _date(cell)
        if day is None:
            raise _problem(bundle, rel, line, header[key], f"{cell!r} is not a date", "write the date as YYYY-MM-DD")
        raw = row[col] if col < len(row) else ""
        try:
            value = _number(raw)
        except ValueError:
            raise _problem(bundle, rel, line, table.column, f"{raw!r} is not a number", "write a plain number (no unit)") from None
        if value is None:
            continue
        month = (day.year, day.month)
        table.values[month] = table.values.get(month, 0.0) + value
        table.counts[month] = table.counts.get(month, 0) + 1
        table.lines.setdefault(month, line)
    return table


def merge(tables: list[Table]) -> Table | None:
    """Raw records kept in several files (one per quarter, say), summed per month."""
    if not tables:
        return None
    out = Table(file=tables[0].file, column=tables[0].column)
    for t in tables:
        for month, value in t.values.items():
            out.values[month] = out.values.get(month, 0.0) + value
            out.counts[month] = out.counts.get(month, 0) + t.counts[month]
            out.lines.setdefault(month, t.lines[month])
    return out
