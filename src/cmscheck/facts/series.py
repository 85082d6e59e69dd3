"""Monitoring series: a series' months against the inventory year, its ledger against its raw records
and its source's activity (facts/data.py's `series` facts, and the baseline's missing months).
The functions measure; the rules judge."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from ..content.refs import evidence_ref  # EvidenceRef(...) without validating again
from ..findings import EvidenceRef
from ..units import convert
from .functions import num
from .ledgers import Table, merge, read_ledger, read_raw

NONE = "—"


# An evidence note is one text shown in either language's report: Chinese first, then English, as the
# content facts' notes are written ("未见：… / not found: …").
def _without(months: str) -> str:
    return f"缺少数据的月份：{months} / months without data: {months}"


def _compared(month: tuple[int, int], ledger, raw) -> str:
    ym, value = f"{month[0]}-{month[1]:02d}", f"{ledger.values[month]:g}"
    if month in raw.values:
        got, rows = f"{raw.values[month]:g}", raw.counts[month]
        return f"{ym}：台账 {value}，原始记录 {got}（{rows} 行） / {ym}: ledger {value}, raw records {got} ({rows} rows)"
    return f"{ym}：台账 {value}，无原始记录 / {ym}: ledger {value}, raw records none"


def _dev(computed: float | None, reported: float | None) -> float | None:
    """Relative deviation |computed - reported| / |reported|, rounded so the facts are stable."""
    if computed is None or reported is None:
        return None
    if reported == 0:
        return 0.0 if computed == 0 else 1.0
    return num(abs(computed - reported) / abs(reported))


def _r(value: float | None, digits: int = 3) -> float | None:
    return num(value, digits)


def _month_text(months) -> str:
    return ", ".join(f"{y}-{m:02d}" for y, m in months) or NONE


def expected_months(year: int, as_of: dt.date) -> list[tuple[int, int]]:
    """The months of an inventory year that have ended by the as-of date."""
    return list(_expected_months(year, as_of))


@lru_cache(maxsize=256)
def _expected_months(year: int, as_of: dt.date) -> tuple[tuple[int, int], ...]:
    # a pure function of two dates, asked for every monitoring series
    return tuple((year, mo) for mo in range(1, 13) if dt.date(year, mo, calendar.monthrange(year, mo)[1]) <= as_of)


def _raw(bundle, loc: tuple, series, ledger) -> Table | None:
    return merge([read_raw(bundle, rel, loc + ("raw_records", k), series.raw_column, ledger.column if ledger else None)
                  for k, rel in enumerate(series.raw_records)])


def _missing(expected, kept: Table | None, inv, series) -> list[tuple[int, int]]:
    present = set(kept.values) if kept else {(inv.year, mo) for mo in series.months}
    return [mo for mo in expected if mo not in present]


def _missing_count(bundle, i: int, j: int, inv, series) -> int:
    """How many of the series' expected months have no value: _series' count, without its fact (the
    raw records are summed only when no ledger stands before them)."""
    loc = ("data", "inventory", i, "monitoring", j)
    ledger = read_ledger(bundle, series.ledger, loc + ("ledger",), series.column, inv.year) if series.ledger else None
    kept = ledger or _raw(bundle, loc, series, ledger)
    return len(_missing(_expected_months(inv.year, bundle.manifest.organization.as_of), kept, inv, series))


def _series(bundle, i: int, j: int, inv, series, tol: float, sources: dict | None = None) -> tuple[dict, list[EvidenceRef], int]:
    as_of = bundle.manifest.organization.as_of
    loc = ("data", "inventory", i, "monitoring", j)
    expected = _expected_months(inv.year, as_of)
    ledger = read_ledger(bundle, series.ledger, loc + ("ledger",), series.column, inv.year) if series.ledger else None
    raw = _raw(bundle, loc, series, ledger)
    kept: Table | None = ledger or raw
    missing = _missing(expected, kept, inv, series)
    fact = {
        "type": "series", "parameter": series.parameter, "year": inv.year, "expected": len(expected),
        "missing": len(missing), "missing_list": _month_text(missing),
        "raw": raw is not None, "tolerance": tol,
    }
    refs = [bundle.where(loc)]
    if ledger:
        refs.append(evidence_ref(file=ledger.file, sheet=ledger.sheet, note=_without(_month_text(missing)) if missing else None))
    if ledger and raw:
        # measurements only: the largest monthly deviation and the months without raw records; the rule
        # compares the deviation with the bundle's tolerance
        deviations = {month: _dev(ledger.values[month], raw.values.get(month))
                      for month in sorted(ledger.values) if month[0] == inv.year}
        without = [m for m, d in deviations.items() if d is None]
        differing = sorted((m for m, d in deviations.items() if d is None or d > 0), key=lambda m: (-(deviations[m] or 2), m))
        fact.update(max_month_deviation=max((d for d in deviations.values() if d is not None), default=0.0),
                    months_without_raw=len(without), differing_list=_month_text(sorted(differing)))
        for month in differing[:3]:
            refs.append(evidence_ref(file=ledger.file, **ledger.where(month), note=_compared(month, ledger, raw)))
    if series.source is not None:
        # by id (the first of a repeated id, as a scan found it) from the callers' table: a scan per series was quadratic
        source = (sources or {s.id: s for s in reversed(inv.sources)})[series.source]
        fact["source"] = source.id
        if kept:
            total = sum(v for (y, _), v in kept.values.items() if y == inv.year)
            converted = convert(total, series.unit or source.activity.unit, source.activity.unit)
            fact["activity_units_fit"] = converted is not None
            fact["ledger_total"] = _r(total)
            if converted is not None:
                fact["activity_deviation"] = _dev(converted, source.activity.value)
    return fact, refs, len(missing)
