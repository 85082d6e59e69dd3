"""Excel (.xlsx) workbooks with openpyxl: every sheet a table of cells located as Sheet!B7.

openpyxl opens the workbook read-only (rows are streamed) with data_only=True: a formula cell gives
the value Excel cached when it last saved the file; no formula is ever evaluated. (A workbook written
by a program and never opened in Excel has no cached values: its formula cells read as empty.)
Dates come as Excel stores them: a date-formatted cell as a date (written YYYY-MM-DD here), anything
else as the number or text it is; the ledger reader makes months of serial numbers and of text such
as 2024年3月. Merged cells are listed per sheet (meta["merged"]) so a reader of headers can spread a
merged header over the columns it covers. With defusedxml installed, openpyxl parses with it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from . import limits
from .csvfile import column_letters
from .model import Cell, Locator, ReadResult, Section, Table


def _value(v):
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        return str(v)
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)"')


def _merged(path: Path, part: str) -> list[str]:
    """The merged ranges of a sheet (e.g. "A1:A2"), which read-only mode does not keep. The sheet's XML
    is scanned as bytes in chunks (in XML text a '<' is always escaped, so only markup matches), which
    is a third of the cost of parsing it again; the DTD check has already run on this part."""
    out: list[str] = []
    try:
        with zipfile.ZipFile(path) as z, z.open(part.lstrip("/")) as f:
            tail = b""
            while len(out) < 10_000:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                data = tail + chunk
                last = 0
                for m in _MERGE.finditer(data):
                    out.append(m.group(1).decode("ascii"))
                    last = m.end()
                tail = data[max(last, len(data) - 256):]  # a tag cut by the chunk boundary is matched next time
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    return out[:10_000]


def read_xlsx(path: Path, rel: str) -> ReadResult:
    import openpyxl  # imported here: only bundles with workbooks pay for it

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        tables: list[Table] = []
        sections: list[Section] = []
        cells = 0
        truncated = False
        merged: dict[str, list[str]] = {}
        for ws in wb.worksheets:
            rows: list[tuple[Cell, ...]] = []
            texts: list[str] = []
            # The sheet's stated dimension is not trusted (a file may claim A1:XFD1048576): rows are as
            # wide as their last cell, and a row number far down (r="999999999") stops at Excel's last row.
            ws.reset_dimensions()
            for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1), 1):
                if r > limits.MAX_SHEET_ROWS:
                    truncated = True
                    break
                # positional: index j is column j+1 (empty cells kept as None up to the row's last value)
                values = [_value(getattr(c, "value", None)) for c in row]
                while values and values[-1] is None:
                    values.pop()
                if not values:
                    continue
                cells += len(values)
                if cells > limits.MAX_SHEET_CELLS:
                    truncated = True
                    break
                rows.append(tuple(Cell(v, Locator(rel, sheet=ws.title, cell=f"{column_letters(j)}{r}")) for j, v in enumerate(values)))
                texts.append(" | ".join(str(v) for v in values if v is not None))
            part = getattr(ws, "_worksheet_path", None)
            merged[ws.title] = _merged(path, part) if part else []
            tables.append(Table(tuple(rows), Locator(rel, sheet=ws.title, cell="A1"), (ws.title,)))
            sections.append(Section((ws.title,), "\n".join(texts), Locator(rel, sheet=ws.title), 1))
            if truncated:
                break
        meta = {"sheets": [ws.title for ws in wb.worksheets], "merged": merged, "epoch_1904": wb.epoch.year == 1904}
        if truncated:
            meta["truncated"] = True
        return ReadResult(rel, "xlsx", "read", sections=tuple(sections), tables=tuple(tables), meta=meta)
    finally:
        wb.close()
