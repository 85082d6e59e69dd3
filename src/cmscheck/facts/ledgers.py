"""A monitoring series' month tables: the monthly ledger and the raw records it summarizes.

The files are read when the bundle is loaded (bundle/ledgers.py, through the evidence readers, so a
ledger may be CSV or Excel), and every problem in them stops `validate` and `evaluate` alike with a
located message. The fact functions take the month tables from the Bundle; a Bundle built without
them (by hand, in a test) has them read here, with the same problems raised as InputError.
"""

from __future__ import annotations

from typing import Any

from ..evidence.ledger import MonthTable, merge
from ..problems import InputError

Table = MonthTable  # the name the fact functions have always used

__all__ = ["Table", "merge", "read_ledger", "read_raw"]


def _tables(bundle) -> dict:
    tables = getattr(bundle, "ledgers", None)
    if tables:
        return tables
    from ..bundle.ledgers import read_series

    tables, problems = read_series(bundle.root, bundle.manifest, bundle.lines)
    if problems:
        raise InputError(problems)
    return tables


def read_ledger(bundle, rel: str, loc: tuple[Any, ...], column: str | None, year: int) -> Table:
    """The monthly ledger the manifest names at `loc` (…, "monitoring", j, "ledger")."""
    return _tables(bundle)[tuple(loc)]


def read_raw(bundle, rel: str, loc: tuple[Any, ...], column: str | None, ledger_column: str | None = None) -> Table:
    """The raw records file the manifest names at `loc` (…, "monitoring", j, "raw_records", k)."""
    return _tables(bundle)[tuple(loc)]
