"""Fact functions over the bundle's numbers: inventory arithmetic, monitoring series (ledgers and raw
records, measured in facts/series.py), carbon market, targets, offsets, neutrality, resources and baseline.

Units are converted by pint (standards/units.txt), gases by the GWP table (standards/gwp.yaml): no
conversion factor is written here. The functions measure; the rules judge. Where a comparison needs
the bundle's stated tolerance (data.tolerance), the fact carries it as `tolerance` and the rule
compares against it ({$gt: {deviation: {$m: tolerance}}}).
"""

from __future__ import annotations

from ..units import convert, product_tco2e, ratio, to_tco2e
from ..reference import reference
from .factors import gwp_set_of, oxidation_inside
from .functions import STANDARD, Produced, num, text
from .series import _dev, _missing_count, _r, _series

YN = {True: "yes", False: "no", None: "unknown"}
NONE = "—"


def _inventory_of(data, year: int):
    return next((inv for inv in data.inventory if inv.year == year), None)


# ------------------------------------------------------------------------------------------ inventory


OXIDATION_BASIS = {
    "declared": {"oxidation_basis_zh": "组织申报该因子已含氧化率", "oxidation_basis_en": "the bundle declares the factor holds it"},
    "inferred": {"oxidation_basis_zh": "该因子与含氧化率的指南缺省值最接近，未申报",
                 "oxidation_basis_en": "not declared: the factor lies nearest the guideline default that holds it"},
}


def _source_fact(bundle, data, inv, s, gas: str, oxidation, loc) -> tuple[dict, float | None]:
    gwp_set = gwp_set_of(data, inv, s)
    computed = product_tco2e((s.activity.value, s.activity.unit), (s.factor.value, s.factor.unit), oxidation, gas, gwp_set)
    reported = to_tco2e(s.reported.value, s.reported.unit, gas, gwp_set)
    inside, inferred = oxidation_inside(data, inv, s)
    fact = {"type": "source", "source": s.id, "name": s.name, "year": inv.year, "gas": gas,
            "convertible": computed is not None, "deviation": _dev(computed, reported),
            "computed": _r(computed), "reported": _r(reported), "tolerance": num(data.tolerance),
            "factor_source": bool(s.factor.source and s.factor.source.strip()),
            "activity_unit": s.activity.unit, "factor_unit": s.factor.unit, "gwp_set": gwp_set,
            # how often the oxidation rate enters: the source's own rate, and once more if the factor holds it
            "oxidation_applied": int(oxidation is not None) + int(inside)}
    if inside:  # how we know the factor holds the rate: the message tells the auditor what to check
        fact.update(OXIDATION_BASIS["inferred" if inferred else "declared"])
    if inside and oxidation is not None and reported:
        fact["oxidation_change"] = _r(reported / oxidation - reported, 1)
    return fact, reported


def inventory(bundle, catalog) -> Produced:
    m = bundle.manifest
    data = m.data
    tol = num(data.tolerance)
    produced: Produced = []
    for i, inv in enumerate(data.inventory):
        loc = ("data", "inventory", i)
        sum_of_sources = deducted = 0.0
        for j, s in enumerate(inv.sources):
            fact, reported = _source_fact(bundle, data, inv, s, s.gas, s.oxidation, loc + ("sources", j))
            produced.append((fact, [bundle.where(loc + ("sources", j))]))
            sum_of_sources += reported or 0.0
        for j, d in enumerate(inv.deductions):
            fact, reported = _source_fact(bundle, data, inv, d, "CO2", None, loc + ("deductions", j))
            produced.append((fact, [bundle.where(loc + ("deductions", j))]))
            deducted += reported or 0.0
        sources = {s.id: s for s in reversed(inv.sources)}
        for j, series in enumerate(inv.monitoring):
            fact, refs, _ = _series(bundle, i, j, inv, series, tol, sources)
            produced.append((fact, refs))
        total = to_tco2e(inv.total.value, inv.total.unit)
        fact = {"type": "inventory", "year": inv.year, "sources": len(inv.sources), "total": _r(total),
                "total_deviation": _dev(sum_of_sources - deducted, total) if inv.sources else None,
                "sum_of_sources": _r(sum_of_sources), "deductions": _r(deducted),
                "tolerance": tol}
        if inv.output and inv.intensity:
            computed = ratio((inv.total.value, inv.total.unit), (inv.output.value, inv.output.unit), inv.intensity.unit)
            fact["intensity_units_fit"] = computed is not None
            fact["intensity_deviation"] = _dev(computed, inv.intensity.value)
            fact["intensity_computed"] = text(computed)
            fact["output"] = f"{inv.output.value:g} {inv.output.unit}"
        produced.append((fact, [bundle.where(loc)]))
    return produced


# ---------------------------------------------------------------------------------------- carbon market


def _ccer(cm, market) -> dict:
    """CCER and other credits surrendered: their share of what the market's cap is a share of, and how
    much of them counts toward surrender (up to the cap, unless the cap is of confidence L)."""
    cap = market.ccer_cap
    out: dict = {"ccer_used": _r(cm.ccer_used)}
    if cap is None:
        return {**out, "ccer_counted": cm.ccer_used}
    basis = cm.verified_emissions if cap.of == "verified_emissions" else cm.allocated
    out.update(ccer_cap=num(cap.share), ccer_cap_confidence=cap.confidence,
               ccer_cap_of_zh=CAP_OF[cap.of][0], ccer_cap_of_en=CAP_OF[cap.of][1],
               ccer_cap_reference=f"{cap.document} ({cap.source})")
    if basis:
        out["ccer_share"] = num(cm.ccer_used / basis)
        limit = cap.share * basis
        out["ccer_counted"] = cm.ccer_used if cap.confidence == "L" else min(cm.ccer_used, limit)
        out["ccer_cap_tco2e"] = _r(limit)
    else:
        out["ccer_counted"] = cm.ccer_used
    return out


def _deadline_basis(own, official) -> dict:
    """Which deadline the lateness is counted from, in words: a bundle's own later deadline would hide
    lateness against the official one, so the finding says so."""
    if own is None or own == official:
        return {"deadline_basis_zh": "主管部门公布的期限", "deadline_basis_en": "the official deadline"}
    if official is None:
        return {"deadline_basis_zh": "证据包填报的期限（未收录官方期限）",
                "deadline_basis_en": "the bundle's own deadline (no official one on file)"}
    days = (own - official).days
    zh, en = ("晚", "after") if days > 0 else ("早", "before")
    return {"deadline_basis_zh": f"证据包填报的期限，比官方期限 {official.isoformat()} {zh} {abs(days)} 天",
            "deadline_basis_en": f"the bundle's own deadline, {abs(days)} day(s) {en} the official {official.isoformat()}"}


CAP_OF = {"verified_emissions": ("经核查排放量", "verified emissions"), "allocation": ("配额分配量", "allocation")}


def market(bundle, catalog) -> Produced:
    m = bundle.manifest
    as_of = m.organization.as_of
    produced: Produced = []
    entries = m.data.carbon_market
    for i, cm in enumerate(entries):
        ref = reference().markets[cm.market]
        official = ref.surrender_deadlines.dates.get(cm.year) if ref.surrender_deadlines else None
        deadline = cm.deadline or official
        surrendered = cm.surrendered or 0.0
        ccer = _ccer(cm, ref)
        counted = ccer.pop("ccer_counted")
        held = cm.opening_balance + cm.allocated + cm.bought - cm.sold - surrendered
        # days are measurements: the rules say how many late days make a finding
        end = cm.surrendered_on or as_of
        fact = {"type": "market", "year": cm.year, "market": cm.market,
                "days_past_deadline": (as_of - deadline).days, "days_late": (end - deadline).days,
                "surrendered_total": _r(surrendered + counted), "computed_balance": _r(held),
                "opening_balance": _r(cm.opening_balance), "deadline": deadline.isoformat(), "balance": text(cm.balance),
                "surrendered_on": cm.surrendered_on.isoformat() if cm.surrendered_on else "—", **ccer}
        if cm.verified_emissions is not None:
            fact["shortfall"] = _r(cm.verified_emissions - surrendered - counted)
        if cm.balance is not None:
            fact["balance_gap"] = _r(abs(held - cm.balance))
        before = next((e for e in entries if e.year == cm.year - 1 and e.market == cm.market), None)
        if before is not None and before.balance is not None:
            fact["opening_gap"] = _r(abs(cm.opening_balance - before.balance))
        fact["banked"] = text(before.balance) if before is not None else "—"
        fact.update(_deadline_basis(cm.deadline, official))
        produced.append((fact, [bundle.where(("data", "carbon_market", i))]))
    return produced


# ---------------------------------------------------------------------------------------------- targets


def targets(bundle, catalog) -> Produced:
    m = bundle.manifest
    as_of = m.organization.as_of
    produced: Produced = []
    for i, t in enumerate(m.data.targets):
        planned = (t.baseline - t.target) if t.direction == "decrease" else (t.target - t.baseline)
        gap = None  # how far the actual value stays from the target, in the target's unit (> 0: missed)
        if t.actual is None:
            share = 1.0
        else:
            reached = (t.baseline - t.actual) if t.direction == "decrease" else (t.actual - t.baseline)
            gap = num((t.actual - t.target) if t.direction == "decrease" else (t.target - t.actual))
            share = 0.0 if gap <= 0 or planned == 0 else num(min(1.0, max(0.0, 1 - reached / planned)))
        fact = {"type": "target", "target": t.id, "indicator": t.indicator, "gap_to_target": gap,
                "measured": t.actual is not None, "days_past_due": (as_of - t.due).days, "due": t.due.isoformat(),
                "plan_carried_out": YN[t.plan_carried_out], "key_measure": t.key_measure,
                "plan_zh": {True: "已执行", False: "未执行", None: "未记录"}[t.plan_carried_out],
                "plan_en": {True: "carried out", False: "not carried out", None: "not recorded"}[t.plan_carried_out],
                "process_controlled": YN[t.process_controlled], "shortfall_share": share,
                "target_value": text(t.target), "actual": text(t.actual), "unit": t.unit}
        produced.append((fact, [bundle.where(("data", "targets", i))]))
    return produced


# ---------------------------------------------------------------------------------- offsets, neutrality


def _purchased_electricity(inv) -> tuple[float, float]:
    """(kWh, tCO2e reported) of the purchased electricity sources of an inventory year."""
    kwh = emissions = 0.0
    for s in inv.sources:
        if s.type != "purchased_electricity":
            continue
        energy = convert(s.activity.value, s.activity.unit, "kWh")
        if energy is None:
            continue
        kwh += energy
        emissions += to_tco2e(s.reported.value, s.reported.unit, s.gas) or 0.0
    return kwh, emissions


def _offset_year(bundle, o) -> int:
    return o.year if o.year is not None else bundle.manifest.organization.period.end.year


def offsets(bundle, catalog) -> Produced:
    m = bundle.manifest
    produced: Produced = []
    for i, o in enumerate(m.data.offsets):
        year = _offset_year(bundle, o)
        elsewhere = sum(1 for a in o.applied_to if a != "purchased_electricity")
        fact = {"type": "offset", "offset": o.id, "offset_kind": o.kind, "year": year, "applied_elsewhere": elsewhere,
                "applied_to": ", ".join(o.applied_to) or NONE}
        if o.kind == "green_certificate":
            kwh = convert(o.quantity.value, o.quantity.unit, "kWh") or 0.0
            claimed = convert(kwh, "kWh", "MWh")
            fact["certificate_mwh"] = _r(claimed)
            if o.cancelled is not None:  # one certificate = 1 MWh (standards/units.txt)
                cancelled = convert(o.cancelled, "certificate", "MWh")
                fact["cancelled_mwh"] = _r(cancelled)
                fact["unbacked_mwh"] = _r(claimed - cancelled)
            if o.held is not None and o.cancelled is not None:
                fact["cancelled_beyond_held"] = o.cancelled - o.held
            inv = _inventory_of(m.data, year)
            if inv is not None:
                purchased, _ = _purchased_electricity(inv)
                fact["purchased_mwh"] = _r(convert(purchased, "kWh", "MWh"))
                if purchased:
                    fact["electricity_share"] = num(kwh / purchased)
        produced.append((fact, [bundle.where(("data", "offsets", i))]))
    return produced


def neutrality(bundle, catalog) -> Produced:
    data = bundle.manifest.data
    if not data.neutrality_claim:
        return []
    year = bundle.manifest.organization.period.end.year
    refs = [bundle.where(("data", "neutrality_claim"))]
    inv = _inventory_of(data, year)
    if inv is None:
        return [({"type": "neutrality", "claimed": True, "year": year, "inventory": False, "tolerance": num(data.tolerance)}, refs)]
    emissions = to_tco2e(inv.total.value, inv.total.unit) or 0.0
    purchased_kwh, purchased_t = _purchased_electricity(inv)
    credits = removals = certificates_kwh = 0.0
    for i, o in enumerate(data.offsets):
        if _offset_year(bundle, o) != year:
            continue
        refs.append(bundle.where(("data", "offsets", i)))
        if o.kind == "green_certificate":
            certificates_kwh += convert(o.quantity.value, o.quantity.unit, "kWh") or 0.0
        elif o.kind == "forestry_sink":
            removals += to_tco2e(o.quantity.value, o.quantity.unit) or 0.0
        else:
            credits += to_tco2e(o.quantity.value, o.quantity.unit) or 0.0
    # a certificate offsets purchased electricity only (key-industry 6.4.3.2.2): its kWh at the inventory's
    # own electricity factor, and never more than the purchased electricity's emissions
    green = min(purchased_t, certificates_kwh * purchased_t / purchased_kwh) if purchased_kwh else 0.0
    net = emissions - credits - green - removals
    fact = {"type": "neutrality", "claimed": True, "year": year, "inventory": True, "tolerance": num(data.tolerance),
            "emissions": _r(emissions), "offsets": _r(credits + green), "removals": _r(removals), "net": _r(net),
            "net_share": num(net / emissions) if emissions else 0.0}
    return [(fact, refs)]


# ------------------------------------------------------------------------------- resources, baseline


def resources(bundle, catalog) -> Produced:
    r = bundle.manifest.data.resources
    if r is None:
        return []
    fact = {"type": "resources"}
    if r.budget_planned and r.budget_spent is not None:
        fact["budget_ratio"] = num(r.budget_spent / r.budget_planned)
    if r.staff_planned and r.staff_actual is not None:
        fact["staff_ratio"] = num(r.staff_actual / r.staff_planned)
    return [(fact, [bundle.where(("data", "resources"))])]


def baseline(bundle, catalog) -> Produced:
    m = bundle.manifest
    data = m.data
    b = data.baseline
    started = m.organization.system_started
    if b is None:
        return [({"type": "baseline", "present": False}, [bundle.where(("data",))])]
    refs = [bundle.where(("data", "baseline"))]
    fact = {"type": "baseline", "present": True, "year": b.year, "data_complete": b.data_complete,
            "year_reason": bool(b.year_reason and b.year_reason.strip()), "tolerance": num(data.tolerance),
            "adjustments": len(b.adjustments),
            "adjustments_without_reason": sum(1 for a in b.adjustments if not a.reason.strip())}
    if started is not None:
        fact["expected_year"] = started.year - 1
        fact["years_off"] = b.year - (started.year - 1)
    inv = _inventory_of(data, b.year)
    if inv is not None:
        idx = data.inventory.index(inv)
        refs.append(bundle.where(("data", "inventory", idx)))
        fact["missing_months"] = sum(_missing_count(bundle, idx, j, inv, series) for j, series in enumerate(inv.monitoring))
        changes = sum(to_tco2e(a.change.value, a.change.unit) or 0.0 for a in b.adjustments if a.change is not None)
        fact["emissions_deviation"] = _dev((to_tco2e(inv.total.value, inv.total.unit) or 0.0) + changes,
                                           to_tco2e(b.emissions.value, b.emissions.unit))
    if b.intensity is not None and b.output is not None:
        computed = ratio((b.emissions.value, b.emissions.unit), (b.output.value, b.output.unit), b.intensity.unit)
        fact["intensity_units_fit"] = computed is not None
        fact["intensity_deviation"] = _dev(computed, b.intensity.value)
        fact["intensity_computed"] = text(computed)
    return [(fact, refs)]


STANDARD.update({
    "inventory": inventory, "market": market, "targets": targets, "offsets": offsets,
    "neutrality": neutrality, "resources": resources, "baseline": baseline,
})
