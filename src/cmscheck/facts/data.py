"""Fact functions over the bundle's numbers: inventory arithmetic, carbon market, targets, offsets,
neutrality, resources and baseline. Units are converted by pint (standards/units.txt), gases by the
GWP table (standards/gwp.yaml)."""

from __future__ import annotations

from ..units import product_tco2e, to_tco2e
from .functions import STANDARD, Produced


def _dev(computed: float | None, reported: float | None) -> float | None:
    if computed is None or reported is None:
        return None
    if reported == 0:
        return 0.0 if computed == 0 else 1.0
    return round(abs(computed - reported) / abs(reported), 6)


def inventory(bundle, catalog) -> Produced:
    m = bundle.manifest
    data = m.data
    produced: Produced = []
    for i, inv in enumerate(data.inventory):
        sum_of_sources = 0.0
        for j, s in enumerate(inv.sources):
            computed = product_tco2e((s.activity.value, s.activity.unit), (s.factor.value, s.factor.unit), s.oxidation, s.gas, data.gwp_set)
            reported = to_tco2e(s.reported.value, s.reported.unit, s.gas, data.gwp_set)
            fact = {"type": "source", "source": s.id, "year": inv.year, "source_type": s.type,
                    "convertible": computed is not None and reported is not None,
                    "deviation": _dev(computed, reported)}
            produced.append((fact, [bundle.where(("data", "inventory", i, "sources", j))]))
            sum_of_sources += reported or 0.0
        total_reported = to_tco2e(inv.total.value, inv.total.unit)
        months = range(1, 13)  # monitoring data are kept month by month for the inventory year
        missing = sum(len([mo for mo in months if mo not in set(series.months)]) for series in inv.monitoring)
        fact = {"type": "inventory", "year": inv.year, "sources": len(inv.sources),
                "total_deviation": _dev(sum_of_sources, total_reported) if inv.sources else None,
                "missing_months": missing}
        if inv.output and inv.intensity and total_reported is not None:
            fact["intensity_deviation"] = _dev(total_reported / inv.output.value, inv.intensity.value)
        produced.append((fact, [bundle.where(("data", "inventory", i))]))
    return produced


def market(bundle, catalog) -> Produced:
    m = bundle.manifest
    as_of = m.organization.as_of
    produced: Produced = []
    for i, cm in enumerate(m.data.carbon_market):
        surrendered = cm.surrendered or 0.0
        late = (cm.surrendered_on is not None and cm.surrendered_on > cm.deadline) or (cm.surrendered_on is None and cm.deadline < as_of)
        fact = {"type": "market", "year": cm.year, "shortfall": round(cm.verified_emissions - surrendered, 6),
                "late": late, "due": cm.deadline <= as_of}
        if cm.balance is not None:
            fact["balance_gap"] = round(abs(cm.allocated + cm.bought - cm.sold - surrendered - cm.balance), 6)
        produced.append((fact, [bundle.where(("data", "carbon_market", i))]))
    return produced


def targets(bundle, catalog) -> Produced:
    m = bundle.manifest
    as_of = m.organization.as_of
    produced: Produced = []
    for i, t in enumerate(m.data.targets):
        planned = (t.baseline - t.target) if t.direction == "decrease" else (t.target - t.baseline)
        if t.actual is None:
            achieved, share = False, 1.0
        else:
            reached = (t.baseline - t.actual) if t.direction == "decrease" else (t.actual - t.baseline)
            achieved = (t.actual <= t.target) if t.direction == "decrease" else (t.actual >= t.target)
            share = 0.0 if achieved or planned == 0 else round(min(1.0, max(0.0, 1 - reached / planned)), 4)
        yn = {True: "yes", False: "no", None: "unknown"}
        fact = {"type": "target", "target": t.id, "indicator": t.indicator, "achieved": achieved,
                "due_passed": t.due <= as_of, "plan_carried_out": yn[t.plan_carried_out],
                "key_measure": t.key_measure, "process_controlled": yn[t.process_controlled],
                "shortfall_share": share}
        produced.append((fact, [bundle.where(("data", "targets", i))]))
    return produced


def offsets(bundle, catalog) -> Produced:
    m = bundle.manifest
    produced: Produced = []
    for i, o in enumerate(m.data.offsets):
        misapplied = o.kind == "green_certificate" and any(a != "purchased_electricity" for a in o.applied_to)
        fact = {"type": "offset", "offset": o.id, "offset_kind": o.kind, "misapplied": misapplied}
        produced.append((fact, [bundle.where(("data", "offsets", i))]))
    return produced


def neutrality(bundle, catalog) -> Produced:
    data = bundle.manifest.data
    if not data.neutrality_claim:
        return []
    period_year = bundle.manifest.organization.period.end.year
    emissions = sum((to_tco2e(inv.total.value, inv.total.unit) or 0.0) for inv in data.inventory if inv.year == period_year)
    offset_t = 0.0
    for o in data.offsets:
        if o.kind == "green_certificate":
            # a certificate offsets purchased electricity only: its kWh times the grid factor of the inventory
            continue
        offset_t += to_tco2e(o.quantity.value, o.quantity.unit) or 0.0
    share = round((emissions - offset_t) / emissions, 4) if emissions else 0.0
    return [({"type": "neutrality", "claimed": True, "net_share": share}, [bundle.where(("data", "neutrality_claim"))])]


def resources(bundle, catalog) -> Produced:
    r = bundle.manifest.data.resources
    if r is None:
        return []
    fact = {"type": "resources"}
    if r.budget_planned and r.budget_spent is not None:
        fact["budget_ratio"] = round(r.budget_spent / r.budget_planned, 4)
    if r.staff_planned and r.staff_actual is not None:
        fact["staff_ratio"] = round(r.staff_actual / r.staff_planned, 4)
    return [(fact, [bundle.where(("data", "resources"))])]


def baseline(bundle, catalog) -> Produced:
    m = bundle.manifest
    b = m.data.baseline
    started = m.organization.system_started
    if b is None:
        return [({"type": "baseline", "present": False}, [bundle.where(("data",))])]
    fact = {"type": "baseline", "present": True, "year": b.year,
            "expected_year": (started.year - 1) if started else b.year,
            "data_complete": b.data_complete,
            "adjustments_without_reason": sum(1 for a in b.adjustments if not a.reason.strip())}
    return [(fact, [bundle.where(("data", "baseline"))])]


STANDARD.update({
    "inventory": inventory, "market": market, "targets": targets, "offsets": offsets,
    "neutrality": neutrality, "resources": resources, "baseline": baseline,
})
