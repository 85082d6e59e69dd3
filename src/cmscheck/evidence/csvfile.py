"""CSV files as Excel and other programs save them: one table, each cell located by its line.

The bytes are decoded by `textfile.decode` (UTF-8 with or without BOM, GB18030/GBK, or the declared
encoding). Line endings are taken as they come: CRLF (Windows), LF, and CR alone (Excel's
"CSV (Macintosh)"). A field longer than the csv module's default limit (131,072 characters) is read,
not refused: the file as a whole is already bounded by the size limit.
"""

from __future__ import annotations

import csv
import io

from .model import Cell, Locator, ReadResult, Table


def read_csv(text: str, rel: str, encoding: str) -> ReadResult:
    # The csv module's field limit is process-wide; raising it to the text's length lets one long
    # field through without lifting the bound (the text itself is size-limited).
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    # newline=None: universal newlines, so a CR-only file splits into its lines
    reader = csv.reader(io.StringIO(text, newline=None))
    rows: list[tuple[Cell, ...]] = []
    try:
        for row in reader:
            line = reader.line_num
            rows.append(tuple(Cell(value, Locator(rel, line=line, cell=column_letters(j) + str(line))) for j, value in enumerate(row)))
    except csv.Error as e:
        return ReadResult(rel, "csv", "unreadable", encoding=encoding,
                          reason=f"line {reader.line_num}: the CSV cannot be read: {e}",
                          reason_zh=f"第 {reader.line_num} 行：CSV 无法解析：{e}")
    table = Table(tuple(rows), Locator(rel, line=1))
    return ReadResult(rel, "csv", "read", tables=(table,), encoding=encoding)


def column_letters(j: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 -> A, 26 -> AA."""
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out
