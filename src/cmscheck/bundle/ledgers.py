"""The monitoring series' ledgers and raw records, read when the bundle is loaded.

`validate` and `evaluate` load a bundle the same way, so every ledger problem (an unreadable or
missing file, no month column, a unit in a value cell, a month 2024-13, inf, an empty file) stops
both with a located problem (file, line or sheet!cell, column, fix) and exit 2: a bundle that passes
validate always evaluates. The month tables are kept on the Bundle for the fact functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..evidence import read_file
from ..evidence.ledger import LedgerProblem, MonthTable, read_ledger, read_raw
from ..problems import Problem, display
from ..yamlio import Located, dotted
from .paths import PathProblem, _posix, resolve_inside

Loc = tuple[Any, ...]

_FIX = {
    "unsupported": "save the ledger as .xlsx (Excel: File > Save As > Excel Workbook) or as CSV UTF-8",
    "too_large": "split the ledger (one file per year or per quarter), or raise the limit with --max-file-size",
    "unreadable": "save the ledger again from Excel as .xlsx or CSV UTF-8 (declare encoding: in the manifest for another text encoding)",
    "scanned": "give the ledger as a table (.xlsx or .csv)",
}


def read_series(root: Path, manifest, doc: Located, max_bytes: int | None = None) -> tuple[dict[Loc, MonthTable], list[Problem]]:
    """Month tables of every ledger and raw-records file, keyed by where the manifest names the file
    (e.g. ("data", "inventory", 0, "monitoring", 1, "ledger")), and the problems found reading them."""
    tables: dict[Loc, MonthTable] = {}
    problems: list[Problem] = []

    def one(loc: Loc, rel: str, parse) -> MonthTable | None:
        try:
            real = resolve_inside(root, rel)
        except PathProblem:
            return None  # the checker has reported the path
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
                ledger = one(base + ("ledger",), series.ledger, lambda r: read_ledger(r, series.column, inv.year, series.sheet))
            for k, rel in enumerate(series.raw_records):
                one(base + ("raw_records", k), rel, lambda r: read_raw(r, series.raw_column, ledger.column if ledger else None))
    return tables, problems


def _located(root: Path, rel: str, p: LedgerProblem) -> Problem:
    where = p.where
    if where is not None and where.sheet is not None:
        cell = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
        field = f"{cell} ({p.column})" if p.column else cell
        return Problem(display(root / rel), None, field, p.message, p.fix)
    return Problem(display(root / rel), where.line if where is not None else None, p.column, p.message, p.fix)
