"""The monitoring series' ledgers and raw records, read when the bundle is loaded.

`validate` and `evaluate` load a bundle the same way, so every ledger problem (an unreadable or
missing file, no month column, a unit in a value cell, a month 2024-13, inf, an empty file) stops
both with a located problem (file, line or sheet!cell, column, fix) and exit 2: a bundle that passes
validate always evaluates. The month tables are kept on the Bundle for the fact functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Any

from ..evidence import Locator, format_of, limits, read_file, sniff
from ..evidence.csvfile import column_letters
from ..evidence.ledger import DATE_HEADERS, MONTH_HEADERS, LedgerProblem, MonthTable, read_ledger, read_raw
from ..evidence.textfile import decode
from ..problems import Problem, display
from ..yamlio import Located, dotted
from .paths import PathProblem, Resolver, _posix

Loc = tuple[Any, ...]

_FIX = {
    "unsupported": "save the ledger as .xlsx (Excel: File > Save As > Excel Workbook) or as CSV UTF-8",
    "too_large": "split the ledger (one file per year or per quarter), or raise the limit with --max-file-size",
    "unreadable": "save the ledger again from Excel as .xlsx or CSV UTF-8 (declare encoding: in the manifest for another text encoding)",
    "scanned": "give the ledger as a table (.xlsx or .csv)",
}


def read_series(root: Path, manifest, doc: Located, max_bytes: int | None = None,
                resolver: Resolver | None = None) -> tuple[dict[Loc, MonthTable], list[Problem]]:
    """Month tables of every ledger and raw-records file, keyed by where the manifest names the file
    (e.g. ("data", "inventory", 0, "monitoring", 1, "ledger")), and the problems found reading them.
    `resolver` is the load's (the checker has resolved these paths already)."""
    tables: dict[Loc, MonthTable] = {}
    problems: list[Problem] = []
    resolve = resolver or Resolver(root)

    def one(loc: Loc, rel: str, parse, quick=None) -> MonthTable | None:
        try:
            real = resolve(rel)
        except PathProblem:
            return None  # the checker has reported the path
        table = quick(real, _posix(rel)) if quick else None
        if table is not None:
            tables[loc] = table
            return table
        result = read_file(real, _posix(rel), max_bytes=max_bytes, encoding=series.encoding)
        if result.status != "read" or result.format not in ("csv", "xlsx"):
            reason = result.reason or f"a {result.format} file is not a table"
            problems.append(Problem(doc.file, doc.line(loc), dotted(loc), f"{rel!r} cannot be read as a ledger: {reason}",
                                    _FIX.get(result.status, "give the ledger as .xlsx or .csv")))
            return None
        try:
            table = parse(result)
        except LedgerProblem as p:
            problems.append(_located(root, rel, p))
            return None
        tables[loc] = table
        return table

    for i, inv in enumerate(manifest.data.inventory):
        for j, series in enumerate(inv.monitoring):
            base = ("data", "inventory", i, "monitoring", j)
            ledger = None
            if series.ledger:
                ledger = one(base + ("ledger",), series.ledger, lambda r: read_ledger(r, series.column, inv.year, series.sheet),
                             lambda real, rel: plain_ledger(real, rel, series.column, series.sheet, max_bytes, series.encoding))
            for k, rel in enumerate(series.raw_records):
                one(base + ("raw_records", k), rel, lambda r: read_raw(r, series.raw_column, ledger.column if ledger else None),
                    lambda real, rel: plain_raw(real, rel, series.raw_column, ledger.column if ledger else None, max_bytes, series.encoding))
    return tables, problems


def _located(root: Path, rel: str, p: LedgerProblem) -> Problem:
    where = p.where
    if where is not None and where.sheet is not None:
        cell = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
        field = f"{cell} ({p.column})" if p.column else cell
        return Problem(display(root / rel), None, field, p.message, p.fix)
    return Problem(display(root / rel), where.line if where is not None else None, p.column, p.message, p.fix)


# ------------------------------------------------------------------------------ plain raw records
# Raw records are the long tables (a reading or ticket per row: 100,000 rows in a year is ordinary).
# The general reader builds a located cell per value and tries every header layout; most files are
# plain: a header line naming the date column, then one `YYYY-MM-DD,number` line per record. Such a
# file is summed here directly, giving the very MonthTable the general reader gives; anything else
# (quotes, a title row, a total row, Excel, an empty cell, a comma in a number, a bad date, a file over
# its limit or not text) returns None, and the general reader reads it and locates any problem.

_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _norm(v: str) -> str:
    return re.sub(r"\s+", "", v.strip()).rstrip(":：").lower()


def _plain_text(path: Path, rel: str, max_bytes: int | None, encoding: str | None) -> str | None:
    """The text of a CSV file within its limit, read as the general reader reads it, when it has no
    quote and no NUL (every line is then its cells split at ','); else None."""
    try:
        if format_of(rel) != "csv":
            return None
        _, data = limits.read_within(path, max_bytes if max_bytes is not None else limits.max_bytes_for("csv"))
        if data is None:
            return None  # over its limit
        if sniff.kind_of(data[:sniff.HEAD]) != "text":
            return None
        text, _ = decode(data, encoding)
    except (OSError, sniff.Refused, LookupError, ValueError):
        return None
    if '"' in text or "\x00" in text:
        return None
    return text


def _plain_start(text: str, key_names: tuple[str, ...], column: str | None, ledger_column: str | None = None):
    """(csv reader after the header line, column names, key column, value column) when the first line is
    the header, with the key column and one value column found as the general reader finds them; else None."""
    reader = csv.reader(io.StringIO(text, newline=None))
    header = next(reader, None)
    if not header or reader.line_num != 1:
        return None
    names = [c.strip() for c in header]
    key = next((j for j, v in enumerate(header) if _norm(v) in key_names), None)
    if key is None:
        return None
    if column is None and ledger_column is not None and ledger_column in names:
        column = ledger_column
    if column is not None:
        found = [j for j, n in enumerate(names) if n == column] or [j for j, n in enumerate(names) if j != key and column in n.split("/")]
        if len(found) != 1:
            return None
        return reader, names, key, found[0]
    others = [j for j, n in enumerate(names) if j != key and n]
    if len(others) != 1:
        return None
    return reader, names, key, others[0]


def plain_raw(path: Path, rel: str, column: str | None, ledger_column: str | None,
              max_bytes: int | None = None, encoding: str | None = None) -> MonthTable | None:
    """A plain CSV of raw records summed per month, as evidence.ledger.read_raw sums it; None when the
    file is not plain (see above)."""
    text = _plain_text(path, rel, max_bytes, encoding)
    if text is None:
        return None
    try:
        start = _plain_start(text, DATE_HEADERS, column, ledger_column)
        if start is None:
            return None
        reader, names, key, col = start
        months = _MONTHS
        acc: dict[tuple[int, int], list] = {}  # month -> [sum, rows, first line], months in order of appearance
        # Records come in runs of one month: the run's sum and count are kept in locals and put back into
        # acc when the month changes (the same additions in the same order: the same sums)
        cur: tuple[int, int] | None = None
        total, n = 0.0, 0
        for row in reader:
            try:
                day, cell = row[key], row[col]
            except IndexError:
                if any(c.strip() for c in row):
                    return None
                continue  # a blank line: the general reader skips it too
            month = months.get(day)
            if month is None:
                month = _month(day.strip())
                if month is None:
                    if any(c.strip() for c in row):
                        return None
                    continue
                if len(months) < _MAX_MONTHS:
                    months[day] = month
            value = float(cell)  # ValueError for anything but a plain number: the general reader says why
            if month != cur:
                if cur is not None:
                    a = acc[cur]
                    a[0], a[1] = total, n
                a = acc.get(month)
                if a is None:
                    a = acc[month] = [0.0, 0, reader.line_num]
                cur, total, n = month, a[0], a[1]
            total += value  # summed in row order, as the general reader sums
            n += 1
        if cur is not None:
            a = acc[cur]
            a[0], a[1] = total, n
    except (csv.Error, ValueError):
        return None
    if not all(math.isfinite(a[0]) for a in acc.values()):
        return None  # inf or nan somewhere (or a sum past the float range): the general reader says which
    out = MonthTable(file=rel, column=names[col], sheet=None)
    letters = column_letters(col)
    for month, (total, n, line) in acc.items():
        out.values[month] = total
        out.counts[month] = n
        out.lines[month] = line
        out.cells[month] = Locator(rel, line=line, cell=f"{letters}{line}")
    return out


# A monthly ledger is short, but a bundle has one per monitored parameter (fifty in a large one), and
# the general reader's located cells and header search cost more than the file: a plain one (a header
# line naming the month column, then one `YYYY-MM,number` line per month) is read here directly into
# the MonthTable read_ledger makes; anything else (a title or total row, an empty value, another way of
# writing the month, a month twice, a named sheet, ...) returns None for the general reader.
_PLAIN_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def plain_ledger(path: Path, rel: str, column: str | None, sheet: str | None = None,
                 max_bytes: int | None = None, encoding: str | None = None) -> MonthTable | None:
    """A plain monthly ledger CSV as evidence.ledger.read_ledger reads it; None when the file is not plain."""
    if sheet is not None:
        return None  # a CSV has no sheets: the general reader says so
    text = _plain_text(path, rel, max_bytes, encoding)
    if text is None:
        return None
    try:
        start = _plain_start(text, MONTH_HEADERS, column)
        if start is None:
            return None
        reader, names, key, col = start
        out = MonthTable(file=rel, column=names[col], sheet=None)
        letters = column_letters(col)
        for row in reader:
            try:
                written, cell = row[key], row[col]
            except IndexError:
                written = cell = None
            if written is None or not _PLAIN_MONTH.fullmatch(written):
                if any(c.strip() for c in row):
                    return None
                continue  # a blank line: the general reader skips it too
            month = (int(written[:4]), int(written[5:]))
            value = float(cell)  # ValueError for anything but a plain number: the general reader says why
            if not 1 <= month[1] <= 12 or month in out.cells or not math.isfinite(value):
                return None
            line = reader.line_num
            out.cells[month] = Locator(rel, line=line, cell=f"{letters}{line}")
            out.lines[month] = line
            out.values[month] = value
            out.counts[month] = 1
    except (csv.Error, ValueError):
        return None
    return out


# A date cell as written -> its (year, month): a pure function of a short string, and the same days recur
# in every raw-records file, so the memo is kept for the process (bounded: ten years of days are 3,653).
_MONTHS: dict[str, tuple[int, int]] = {}
_MAX_MONTHS = 50_000


def _month(day: str) -> tuple[int, int] | None:
    if not _PLAIN_DATE.fullmatch(day):
        return None
    try:
        d = dt.date(int(day[:4]), int(day[5:7]), int(day[8:10]))
    except ValueError:
        return None
    return d.year, d.month
