"""A monitoring series' tables (CSV or Excel) read as values per month: the monthly ledger and the
raw records it summarizes.

Works on the tables a reader yields (`ReadResult.tables`), so a ledger kept in Excel and one saved
as CSV give the same months and values. What real ledgers hold is handled: a title row above the
header (the header is the first row naming a month or date column), headers merged across or down
cells (a merged cell's text covers every column it spans; stacked header rows join as "上/下"),
blank rows, total rows (合计, 小计, 总计, 累计, total: skipped), and months written as Excel dates,
Excel serial numbers, 2024-03, 2024/3, 2024年3月 or 1-12 (the inventory year). A table that cannot
be read as the ledger it should be (no month column, a value that is not a number, a month twice)
raises LedgerProblem with the cell's locator; an empty value cell is no problem (no data that month).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from .model import Cell, Locator, ReadResult, Table
from ..textsafe import one_line

MONTH_HEADERS = ("month", "月份", "月", "period", "期间", "date", "日期")
DATE_HEADERS = ("date", "日期", "datetime", "time", "时间", "day")
TOTAL_WORDS = ("合计", "小计", "总计", "累计", "total", "sum")
HEADER_SEARCH_ROWS = 30
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T]\d.*)?$")
_MONTH_ONLY = re.compile(r"^(\d{1,2})\s*月?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")

Month = tuple[int, int]  # (year, month)


class LedgerProblem(Exception):
    """A ledger cannot be read as the table it should be: where, what, and how to fix it."""

    def __init__(self, message: str, fix: str, where: Locator | None = None, column: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.where = where
        self.column = column


@dataclass
class MonthTable:
    """Values per month, with the place (line, or sheet and cell) each month's value came from."""

    file: str  # path inside the bundle
    column: str
    values: dict[Month, float] = field(default_factory=dict)
    lines: dict[Month, int] = field(default_factory=dict)  # first line (CSV) or row (Excel) contributing to the month
    counts: dict[Month, int] = field(default_factory=dict)  # how many rows contributed
    cells: dict[Month, Locator] = field(default_factory=dict)  # the first contributing value cell
    sheet: str | None = None

    def where(self, month: Month | None = None) -> dict:
        """EvidenceRef fields locating the table, or one month's value cell (line for CSV, sheet and cell for Excel)."""
        loc = self.cells.get(month) if month is not None else None
        if self.sheet is None:
            return {"line": loc.line if loc else None}
        return {"sheet": self.sheet, "cell": loc.cell if loc else None}


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _shown(names) -> str:
    """Header names for a message: control characters (a terminal escape in a stranger's file) made visible."""
    return ", ".join(one_line(n, "?") for n in names if n)


def _norm(v) -> str:
    return re.sub(r"\s+", "", _text(v)).rstrip(":：").lower()


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _spread_merges(rows: list[list], numbers: list[int], merged: list[str]) -> None:
    """Copy each merged range's value over the cells it covers (rows: a header window, numbers: their row numbers)."""
    at = {n: i for i, n in enumerate(numbers)}
    for ref in merged:
        a, _, b = ref.partition(":")
        ma, mb = _CELL.match(a), _CELL.match(b or a)
        if not ma or not mb or int(ma.group(2)) not in at:
            continue
        c0, r0, c1, r1 = _col_index(ma.group(1)), int(ma.group(2)), _col_index(mb.group(1)), int(mb.group(2))
        if c1 - c0 > 200:
            continue
        first = rows[at[r0]]
        top = first[c0] if c0 < len(first) else None
        for r in range(r0, r1 + 1):
            if r not in at:
                continue
            row = rows[at[r]]
            while len(row) <= c1:
                row.append(None)
            for c in range(c0, c1 + 1):
                if row[c] in (None, ""):
                    row[c] = top


def _row_number(row: tuple[Cell, ...]) -> int:
    loc = row[0].locator
    if loc.line is not None:
        return loc.line
    m = _CELL.match(loc.cell or "")
    return int(m.group(2)) if m else 0


def _header(table: Table, merged: list[str], key_names: tuple[str, ...]) -> tuple[int, int, list[str]] | None:
    """(index of the last header row in table.rows, key column, column names) or None without a key header."""
    window = [list(c.value for c in row) for row in table.rows[:HEADER_SEARCH_ROWS]]
    if merged and window:
        _spread_merges(window, [_row_number(r) for r in table.rows[:HEADER_SEARCH_ROWS]], merged)
    for i, row in enumerate(window):
        key = next((j for j, v in enumerate(row) if _norm(v) in key_names), None)
        if key is None:
            continue
        last = i  # a header merged down (月份 over two rows) continues while the key cell still names the column
        # A header continues down (stacked "用电量" over "一车间 | 二车间") while the next row's key cell is
        # the key again (merged down) or empty, and the row holds only text.
        while last + 1 < len(window) and _header_below(window[last + 1], key, row[key]):
            last += 1
        width = max(len(r) for r in window[i:last + 1])
        names = []
        for j in range(width):
            parts: list[str] = []
            for r in window[i:last + 1]:
                t = _text(r[j]) if j < len(r) else ""
                if t and t not in parts:
                    parts.append(t)
            names.append("/".join(parts))
        return last, key, names
    return None


def _header_below(row: list, key: int, name) -> bool:
    cell = _norm(row[key]) if key < len(row) else ""
    texts = [v for v in row if _text(v)]
    return cell in ("", _norm(name)) and bool(texts) and all(isinstance(v, str) and month_of(v, 2000) is None for v in texts) \
        and not any(_is_number(v) for v in texts)


def _is_number(v) -> bool:
    try:
        return number(v) is not None
    except ValueError:
        return False


def _value_column(names: list[str], key: int, wanted: str | None, where: Locator, body: list) -> int:
    if wanted is not None:
        exact = [j for j, n in enumerate(names) if n == wanted]
        part = [j for j, n in enumerate(names) if j != key and wanted in n.split("/")]
        found = exact or (part if len(part) == 1 else [])
        if not found:
            raise LedgerProblem(f"no column {wanted!r}: the header is {_shown(names)}",
                                "give the name of the value column exactly as the header writes it (column: / raw_column: in the manifest)",
                                where, wanted)
        return found[0]
    others = [j for j, n in enumerate(names) if j != key and n]
    if len(others) > 1:  # beside a 备注 (note) column: the one column that holds only numbers
        numeric = [j for j in others if _numbers_only(body, j)]
        others = numeric if len(numeric) == 1 else others
    if len(others) != 1:
        raise LedgerProblem(f"cannot tell the value column among {_shown(names[j] for j in others) or 'none'}",
                            "say which column holds the values (column: / raw_column: in the manifest)", where)
    return others[0]


def _numbers_only(body: list, j: int) -> bool:
    values = [row[j].value for row in body if j < len(row) and _text(row[j].value)]
    return bool(values) and all(_is_number(v) for v in values)


def pick_table(result: ReadResult, sheet: str | None, key_names: tuple[str, ...]) -> tuple[Table, list[str]]:
    """The table of a ledger file: the named sheet, else the first sheet with a month/date header."""
    merged = result.meta.get("merged", {}) if result.meta else {}
    if sheet is not None:
        for t in result.tables:
            if t.locator.sheet == sheet:
                return t, merged.get(sheet, [])
        names = [t.locator.sheet for t in result.tables if t.locator.sheet]
        raise LedgerProblem(f"no sheet {sheet!r} in the workbook (sheets: {_shown(names) or 'none'})",
                            "write the sheet's name exactly as its tab shows it (sheet: in the manifest)", Locator(result.file))
    for t in result.tables:
        if _header(t, merged.get(t.locator.sheet or "", []), key_names) is not None:
            return t, merged.get(t.locator.sheet or "", [])
    if result.tables and result.tables[0].rows:
        return result.tables[0], merged.get(result.tables[0].locator.sheet or "", [])
    raise LedgerProblem("the file is empty", "write a header line and one line per month or record", Locator(result.file))


def number(v) -> float | None:
    """A cell's number; None for an empty cell; ValueError for text that is not a plain finite number."""
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        value = float(v)
    else:
        text = _text(v).replace(",", "").replace("，", "").replace(" ", "")
        if not text:
            return None
        value = float(text)
    if not math.isfinite(value):
        raise ValueError(v)
    return value


def _serial(v: float, epoch_1904: bool) -> dt.date | None:
    base = dt.date(1904, 1, 1) if epoch_1904 else dt.date(1899, 12, 30)
    try:
        return base + dt.timedelta(days=int(v))
    except OverflowError:
        return None


def month_of(v, default_year: int, epoch_1904: bool = False) -> Month | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if float(v).is_integer() and 1 <= v <= 12:
            return default_year, int(v)
        day = _serial(v, epoch_1904) if v > 60 else None
        return (day.year, day.month) if day else None
    raw = _text(v)
    m = _YEAR_MONTH.match(raw)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = _MONTH_ONLY.match(raw)
        if not m:
            return None
        year, month = default_year, int(m.group(1))
    return (year, month) if 1 <= month <= 12 else None


def date_of(v, epoch_1904: bool = False) -> dt.date | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _serial(v, epoch_1904) if v > 60 else None
    m = _DATE.match(_text(v))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _is_total(row: tuple[Cell, ...], key: int) -> bool:
    """A total row: its month/date cell says 合计 (or 小计, 2024年合计, …); or, with that cell empty, its
    first text does. Another column's text (a meter named 总计量表) never makes a row a total."""
    keyed = _norm(row[key].value) if key < len(row) else ""
    if keyed:
        return any(w in keyed for w in TOTAL_WORDS)
    first = next((_norm(c.value) for c in row if _text(c.value)), "")
    return any(w in first for w in TOTAL_WORDS)


def _rows(result: ReadResult, sheet: str | None, key_names: tuple[str, ...], wanted: str | None, what: str):
    table, merged = pick_table(result, sheet, key_names)
    found = _header(table, merged, key_names)
    if found is None:
        first = table.rows[0] if table.rows else ()
        header = _shown(_text(c.value) for c in first)
        raise LedgerProblem(f"no {what} column: the header is {header}" if header else "the file is empty",
                            f"name the {what} column {key_names[0]!r} (or {key_names[1]})",
                            first[0].locator if first else Locator(result.file))
    last, key, names = found
    body = [row for row in table.rows[last + 1:] if any(_text(c.value) for c in row) and not _is_total(row, key)]
    col = _value_column(names, key, wanted, table.rows[last][0].locator, body)
    return table, key, col, names, body


def _cell(row: tuple[Cell, ...], j: int, fallback: Locator) -> Cell:
    if j < len(row):
        return row[j]
    loc = row[0].locator if row else fallback
    return Cell(None, loc)


def read_ledger(result: ReadResult, column: str | None, year: int, sheet: str | None = None) -> MonthTable:
    """A monthly ledger: one row per month and a value column."""
    epoch = bool(result.meta.get("epoch_1904")) if result.meta else False
    table, key, col, names, body = _rows(result, sheet, MONTH_HEADERS, column, "month")
    out = MonthTable(file=result.file, column=names[col], sheet=table.locator.sheet)
    for row in body:
        kc, vc = _cell(row, key, table.locator), _cell(row, col, table.locator)
        month = month_of(kc.value, year, epoch)
        if month is None:
            raise LedgerProblem(f"{_text(kc.value)!r} is not a month", "write the month as YYYY-MM, e.g. 2024-03", kc.locator, names[key])
        try:
            value = number(vc.value)
        except ValueError:
            raise LedgerProblem(f"{_text(vc.value)!r} is not a number",
                                "write a plain number (no unit), or leave the cell empty when there is no data",
                                vc.locator, out.column) from None
        if month in out.cells:
            first = out.cells[month]
            raise LedgerProblem(f"month {month[0]}-{month[1]:02d} appears twice (first at {first.cell if first.sheet else 'line ' + str(first.line)})",
                                "keep one line per month in a monthly ledger", kc.locator, names[key])
        out.cells[month] = vc.locator
        out.lines[month] = _row_number(row)
        if value is not None:
            out.values[month] = value
            out.counts[month] = 1
    return out


def read_raw(result: ReadResult, column: str | None, ledger_column: str | None = None, sheet: str | None = None) -> MonthTable:
    """Raw records: one row per reading or ticket with its date, summed per month. The value column is
    `column` when given, else the ledger's column name when the table has it, else the only other column."""
    epoch = bool(result.meta.get("epoch_1904")) if result.meta else False
    if column is None and ledger_column is not None:
        table, merged = pick_table(result, sheet, DATE_HEADERS)
        found = _header(table, merged, DATE_HEADERS)
        if found and ledger_column in found[2]:
            column = ledger_column
    table, key, col, names, body = _rows(result, sheet, DATE_HEADERS, column, "date")
    out = MonthTable(file=result.file, column=names[col], sheet=table.locator.sheet)
    for row in body:
        kc, vc = _cell(row, key, table.locator), _cell(row, col, table.locator)
        day = date_of(kc.value, epoch)
        if day is None:
            raise LedgerProblem(f"{_text(kc.value)!r} is not a date", "write the date as YYYY-MM-DD", kc.locator, names[key])
        try:
            value = number(vc.value)
        except ValueError:
            raise LedgerProblem(f"{_text(vc.value)!r} is not a number", "write a plain number (no unit)", vc.locator, out.column) from None
        if value is None:
            continue
        month = (day.year, day.month)
        out.values[month] = out.values.get(month, 0.0) + value
        out.counts[month] = out.counts.get(month, 0) + 1
        out.lines.setdefault(month, _row_number(row))
        out.cells.setdefault(month, vc.locator)
    return out


def merge(tables: list[MonthTable]) -> MonthTable | None:
    """Raw records kept in several files (one per quarter, say), summed per month."""
    if not tables:
        return None
    out = MonthTable(file=tables[0].file, column=tables[0].column, sheet=tables[0].sheet)
    for t in tables:
        for month, value in t.values.items():
            out.values[month] = out.values.get(month, 0.0) + value
            out.counts[month] = out.counts.get(month, 0) + t.counts[month]
            out.lines.setdefault(month, t.lines[month])
            out.cells.setdefault(month, t.cells[month])
    return out
