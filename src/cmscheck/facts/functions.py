"""Fact functions: each turns one aspect of a bundle into plain facts for the rules engine.

A fact function returns (fact, evidence) pairs: the fact is what rules test, the evidence says
where in the bundle the fact comes from (kept beside the engine, attached to findings).
The functions measure; they never judge — thresholds and verdicts live in rules/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable

from pydantic import BaseModel

from ..catalog import Catalog
from ..content.refs import evidence_ref
from ..reference import reference
from ..dates import CORRECTION_MONTHS, add_months
from ..findings import EvidenceRef
from ..i18n import t as words
from ..memo import by_identity

Fact = dict[str, Any]
Produced = list[tuple[Fact, list[EvidenceRef]]]

NONE_YET = 100_000

# bundle records that count as evidence of a vocabulary kind
RECORD_KINDS = {
    "internal_audits": "internal_audit_report",
    "management_reviews": "management_review_records",
    "tracking_checks": "tracking_check_records",
    "trainings": "competence_records",
    "calibrations": "calibration_records",
    "compliance_evaluations": "compliance_evaluation",
    "communications": "communication_records",
    "changes": "change_records",
    "nonconformities": "nonconformity_records",
}
# data sections that count as evidence of a vocabulary kind
DATA_KINDS = {
    "inventory": "emission_inventory",
    "baseline": "baseline",
    "targets": "targets",
    "carbon_market": "allowance_surrender",
    "offsets": "offset_records",
    "instruments": "instrument_register",
}
ACTIVITY_RECORDS = {
    "internal_audit": ("internal_audits", "内部审核", "internal audit"),
    "management_review": ("management_reviews", "管理评审", "management review"),
    "tracking_check": ("tracking_checks", "跟踪检查", "tracking check"),
    "compliance_evaluation": ("compliance_evaluations", "合规性评价", "compliance evaluation"),
    "training": ("trainings", "培训", "training"),
}
# the periodic activities whose interval the organization plans itself (organization.planned_intervals)
PLANNED = {"internal_audit": "internal_audit_months", "management_review": "management_review_months",
           "compliance_evaluation": "compliance_evaluation_months"}


FLOAT_LIMIT = 1e15


def num(x: float | None, digits: int = 4) -> float | None:
    """A float that durable-rules can read. Its JSON parser rejects exponent forms without a decimal
    point (4e-06, 1e+20: 'error code 204'), and Python writes every float below 1e-4 or from 1e16 up
    that way. So facts round to at most four decimals (0.01 % on a ratio) and stay below 1e15."""
    if x is None or x != x:  # NaN (inf - inf on absurd inputs) is no measurement
        return None
    # max(-FLOAT_LIMIT, min(FLOAT_LIMIT, x)) and min(digits, 4), written out: called ~100 times per bundle
    x = float(x)
    if x > FLOAT_LIMIT:
        x = FLOAT_LIMIT
    elif x < -FLOAT_LIMIT:
        x = -FLOAT_LIMIT
    r = round(x, digits if digits < 4 else 4)
    return 0.0 if r == 0 else r


def text(x: float | None) -> str:
    """A number shown in a message only: as text, so no float form can reach the engine ("—" for none)."""
    return "—" if x is None else f"{x:.10g}"


def _where(bundle, *loc) -> EvidenceRef:
    return bundle.where(loc)


_ITEMS = "_evidence_items"  # where a loaded bundle keeps its evidence items


def evidence_items(bundle) -> dict[str, list[tuple[str, EvidenceRef, Any]]]:
    """Every document, record and data set of the bundle, grouped by evidence kind. Each caller gets
    its own dict and lists (the assessment's evidence index sorts them; the references are frozen)."""
    return {kind: list(found) for kind, found in _kept_items(bundle).items()}


def _kept_items(bundle) -> dict[str, list[tuple[str, EvidenceRef, Any]]]:
    """evidence_items' dict itself, for the fact functions here, which only read it (no copy to make).

    Worked out once per loaded bundle and kept on it (an evaluation asks four times: the evidence and
    process-record facts, the assessment's evidence index, the report's places); a bundle is loaded
    afresh for each evaluation and never changed, so nothing outlives it."""
    cached = getattr(bundle, "__dict__", {}).get(_ITEMS)
    if cached is None:
        cached = _evidence_items(bundle)
        try:
            object.__setattr__(bundle, _ITEMS, cached)
        except (AttributeError, TypeError):  # a bundle-like object that keeps no attributes: work it out each time
            pass
    return cached


def _evidence_items(bundle) -> dict[str, list[tuple[str, EvidenceRef, Any]]]:
    m = bundle.manifest
    out: dict[str, list[tuple[str, EvidenceRef, Any]]] = {}
    for i, d in enumerate(m.documents):
        ref = evidence_ref(file=d.file, section=None) if d.file else _where(bundle, "documents", i)
        out.setdefault(d.kind, []).append((d.id, ref, d))
    for section, kind in RECORD_KINDS.items():
        for i, r in enumerate(getattr(m.records, section)):
            out.setdefault(kind, []).append((r.id, _where(bundle, "records", section, i), r))
    for i, r in enumerate(m.records.other):
        ref = evidence_ref(file=r.file) if r.file else _where(bundle, "records", "other", i)
        out.setdefault(r.kind, []).append((r.id, ref, r))
    for section, kind in DATA_KINDS.items():
        value = getattr(m.data, section)
        if value:
            out.setdefault(kind, []).append((f"data.{section}", _where(bundle, "data", section), value))
    for i, inv in enumerate(m.data.inventory):
        if inv.sources:
            out.setdefault("accounting_method", []).append((f"data.inventory[{i}]", _where(bundle, "data", "inventory", i), inv))
        if any(s.ledger for s in inv.monitoring):
            out.setdefault("ledger", []).append((f"data.inventory[{i}].monitoring", _where(bundle, "data", "inventory", i, "monitoring"), inv))
        if inv.monitoring:
            out.setdefault("monitoring_data", []).append((f"data.inventory[{i}].monitoring", _where(bundle, "data", "inventory", i, "monitoring"), inv))
    return out


_APPROVAL: dict[type, bool] = {}  # model class -> whether it has approved_by (documents have)


def _has_approval(obj) -> bool:
    """hasattr(obj, "approved_by"), answered once per model class (extra fields forbidden, so every
    instance has the class's attributes): asking a record that lacks it raised an exception each time."""
    cls = type(obj)
    has = _APPROVAL.get(cls)
    if has is None:
        if not (isinstance(obj, BaseModel) and cls.model_config.get("extra") == "forbid"):
            return hasattr(obj, "approved_by")
        has = _APPROVAL[cls] = "approved_by" in cls.model_fields or hasattr(cls, "approved_by")
    return has


def evidence(bundle, catalog: Catalog) -> Produced:
    items = _kept_items(bundle)
    produced: Produced = []
    nowhere = None  # the manifest's documents, cited for every kind the bundle lacks: located once
    for kind_id, category, kind_zh, kind_en in _evidence_kinds(catalog):
        found = items.get(kind_id)
        if not found:  # most kinds: nothing to count (the general form's lists are empty)
            if nowhere is None:
                nowhere = bundle.where(("documents",))
            produced.append(({"type": "evidence", "kind": kind_id, "category": category, "present": False,
                              "unapproved": 0, "kind_zh": kind_zh, "kind_en": kind_en}, [nowhere]))
            continue
        docs = [obj for _, _, obj in found if _has_approval(obj)]
        unapproved = sum(1 for d in docs if not d.approved_by)
        fact = {
            "type": "evidence", "kind": kind_id, "category": category, "present": True,
            "unapproved": unapproved,
            "kind_zh": kind_zh, "kind_en": kind_en,
        }
        produced.append((fact, [ref for _, ref, _ in found]))
    return produced


@by_identity
def _evidence_kinds(catalog: Catalog) -> tuple[tuple[str, str, str, str], ...]:
    """(id, category, Chinese name, English name or id) of every evidence kind: the catalog is immutable
    once loaded, so read once per process."""
    return tuple((k.id, k.category, k.name.zh, k.name.en or k.id) for k in catalog.vocabulary.evidence_kinds)


def _max_gap(dates: list[dt.date], start: dt.date, end: dt.date) -> int:
    points = [start] + sorted(d for d in dates if start <= d <= end) + [end]
    return max((b - a).days for a, b in zip(points, points[1:]))




def _accounting_years_missing(m) -> list[int]:
    org = m.organization
    have = {inv.year for inv in m.data.inventory}
    years = range(org.period.start.year, org.period.end.year + 1)
    # the annual report's due date is reference data (standards/reference/markets.yaml, with its source)
    due = reference().markets["national"].report_deadline
    return [y for y in years if y not in have and dt.date(y + 1, due.month, due.day) <= org.as_of
            and dt.date(y, 12, 31) <= org.period.end]


def activities(bundle, catalog: Catalog) -> Produced:
    m = bundle.manifest
    org = m.organization
    produced: Produced = []
    series: dict[str, tuple[list[dt.date], str, str, list[EvidenceRef]]] = {}
    for activity, (section, zh, en) in ACTIVITY_RECORDS.items():
        recs = getattr(m.records, section)
        series[activity] = ([r.date for r in recs], zh, en, [_where(bundle, "records", section, i) for i in range(len(recs))] or [_where(bundle, "records")])
    inv_dates = [dt.date(inv.year, 12, 31) for inv in m.data.inventory]
    series["emission_accounting"] = (inv_dates, "碳排放核算", "emission accounting",
                                     [_where(bundle, "data", "inventory", i) for i in range(len(inv_dates))] or [_where(bundle, "data")])
    for activity, (dates, zh, en, refs) in series.items():
        past = [d for d in dates if d <= org.as_of]
        final_year = [d for d in past if d.year == org.period.end.year and org.period.start <= d <= org.period.end]
        months = getattr(org.planned_intervals, PLANNED.get(activity, ""), None)
        since = max(past) if past else org.period.start  # the planned interval runs from the last one held
        fact = {
            "type": "activity", "activity": activity,
            "count": sum(1 for d in dates if org.period.start <= d <= org.period.end),
            "days_since_last": (org.as_of - max(past)).days if past else NONE_YET,
            "max_gap_days": _max_gap(past, org.period.start, org.as_of),
            "final_year_last_month": max(final_year).month if final_year else None,
            "planned_interval_days": (add_months(since, months) - since).days if months else None,
            # says whose interval judged it; the default's number lives in the rule that applies it
            "planned_zh": f"组织计划的间隔为 {months} 个月" if months else "证据包未声明计划的间隔（organization.planned_intervals），按规则的默认值判定",
            "planned_en": f"the organization plans one every {months} months" if months else "the bundle declares no planned interval (organization.planned_intervals): the rule's default applies",
            "last_zh": f"最近一次在 {max(past)}" if past else "评价日前从未开展",
            "last_en": f"last on {max(past)}" if past else "never held before the as-of date",
        }
        if activity == "emission_accounting":
            missing = _accounting_years_missing(m)
            fact["years_missing"] = len(missing)
            fact["years_missing_list"] = ", ".join(map(str, missing)) or "—"
        produced.append((fact, refs))
    return produced


def prior_nonconformities(bundle, catalog: Catalog) -> Produced:
    """Nonconformities raised earlier. Each phase of the correction (plan deadline, completion,
    verification) is measured in days from raising; `window_days` is the three-month window in days."""
    m = bundle.manifest
    as_of, start = m.organization.as_of, m.organization.period.start
    produced: Produced = []
    for i, nc in enumerate(m.records.nonconformities):
        ca = nc.corrective_action
        end = nc.closed if nc.closed and nc.closed <= as_of else as_of
        deadline = ca.deadline if ca else None
        closed = nc.closed is not None and nc.closed <= as_of

        def days(d):
            return (d - nc.raised).days if d is not None and d <= as_of else None

        fact = {
            "type": "prior_nc", "nc": nc.id, "grade": nc.grade, "grade_zh": words(f"report.{nc.grade}", "zh"),  # the reports' own word
            "closed": closed,
            "days_open": (end - nc.raised).days,
            "verified": bool(ca and ca.verified and ca.verified <= as_of),
            "earlier_period": nc.raised < start,
            "window_days": (add_months(nc.raised, CORRECTION_MONTHS) - nc.raised).days,
            "elapsed_days": (as_of - nc.raised).days,
            "plan_deadline_days": (deadline - nc.raised).days if deadline else None,
            "completed_days": days(ca.completed) if ca else None,
        }
        shown = {"plan_deadline_days": fact["plan_deadline_days"], "completed_days": fact["completed_days"],
                 "verified_days": days(ca.verified) if ca else None}  # for the message only: no rule times verification
        fact["phases_zh"] = "计划完成时限 {}，完成 {}，验证 {}（开具后天数）".format(
            *("—" if v is None else f"{v} 天" for v in shown.values()))
        fact["phases_en"] = "plan deadline {}, completed {}, verified {} (days after raising)".format(
            *("—" if v is None else str(v) for v in shown.values()))
        produced.append((fact, [_where(bundle, "records", "nonconformities", i)]))
    return produced


def _instrument_ids(m) -> list[str]:
    """Every instrument the bundle names: the register first, then those only sources or calibrations name."""
    ids = [ins.id for ins in m.data.instruments]
    extra = {ref for inv in m.data.inventory for s in inv.sources for ref in s.instruments}
    extra |= {c.instrument for c in m.records.calibrations}
    return ids + sorted(extra - set(ids))


def instruments(bundle, catalog: Catalog) -> Produced:
    """Calibration coverage of every instrument: a passed calibration is valid from its date to its due
    date, but never longer than the instrument's interval (interval_months). The period up to the as-of
    date must be covered day by day, and the as-of date itself."""
    m = bundle.manifest
    org = m.organization
    produced: Produced = []
    register = {ins.id: (i, ins) for i, ins in enumerate(m.data.instruments)}
    window_end = min(org.period.end, org.as_of)
    for iid in _instrument_ids(m):
        entry = register.get(iid)
        interval = entry[1].interval_months if entry else 12
        cals = sorted(((k, c) for k, c in enumerate(m.records.calibrations) if c.instrument == iid and c.date <= org.as_of),
                      key=lambda kc: (kc[1].date, kc[0]))
        refs = ([_where(bundle, "data", "instruments", entry[0])] if entry else []) + [
            _where(bundle, "records", "calibrations", k) for k, _ in cals]
        spans = sorted((c.date, min(c.due, add_months(c.date, interval))) for _, c in cals if c.result == "pass")
        uncovered, cursor = 0, org.period.start  # first day not yet known to be covered
        for begin, until in spans:
            if cursor > window_end:
                break
            if begin > cursor:
                uncovered += (min(begin, window_end + dt.timedelta(days=1)) - cursor).days
            cursor = max(cursor, until + dt.timedelta(days=1))
        if cursor <= window_end:
            uncovered += (window_end - cursor).days + 1
        latest = cals[-1][1] if cals else None
        last_covered = max((u for _, u in spans), default=None)
        if any(begin <= org.as_of <= until for begin, until in spans):
            past_valid = 0
        else:  # days from the last covered day (or from the period's start, never covered) to the as-of date
            past_valid = (org.as_of - last_covered).days if last_covered else (org.as_of - org.period.start).days + 1
        fact = {
            "type": "instrument", "instrument": iid, "name": entry[1].name if entry else iid,
            "days_past_valid": max(past_valid, 0), "lapsed_days": uncovered,
            "latest_result": latest.result if latest else "none",
            "valid_until": last_covered.isoformat() if last_covered else "—",
        }
        produced.append((fact, refs or [_where(bundle, "records", "calibrations")]))
    return produced




def members(bundle, catalog: Catalog) -> Produced:
    produced: Produced = []
    for i, member in enumerate(bundle.members):
        items = _kept_items(member)
        fact = {
            "type": "member", "member": member.manifest.organization.name,
            "has_inventory": bool(items.get("emission_inventory")),
        }
        produced.append((fact, [_where(bundle, "organization", "members", i)]))
    return produced


# always derived for every bundle
STANDARD: dict[str, Callable[..., Produced]] = {
    "evidence": evidence,
    "activities": activities,
    "prior_nonconformities": prior_nonconformities,
    "instruments": instruments,
    "members": members,
}
# derived when a rule asks for them, with the rule's arguments
REQUESTABLE: dict[str, Callable[..., Produced]] = {}


def register(table: dict[str, Callable[..., Produced]], functions: Iterable[tuple[str, Callable[..., Produced]]]) -> None:
    for name, fn in functions:
        table[name] = fn


from ..content.facts import content  # noqa: E402  (late: content.facts reads RECORD_KINDS above)

REQUESTABLE["content"] = content
