"""Fact functions that hold the bundle's numbers against reference data (standards/reference/):
declared factors and their components against the guideline's defaults, purchased electricity against
the official grid factors, the GWP set against the one the guideline prescribes, and the boundary's
source list against the inventory.

They measure (relative deviations, the change of reported emissions, counts) and carry the reference
value's confidence; the rules in rules/accounting.yaml judge, and never on a value of confidence L.
"""

from __future__ import annotations

from ..reference import reference
from ..units import convert, registry, to_tco2e
from .functions import STANDARD, Produced, num

RANK = {"L": 0, "M": 1, "H": 2}
COMPONENT_ZH = {"calorific_value": "低位发热量", "carbon_content": "单位热值含碳量", "oxidation": "碳氧化率",
                "factor": "排放因子", "grid": "电网排放因子"}
FUEL_TERMS = ("calorific_value", "carbon_content", "oxidation")


def _sig(x: float) -> str:
    """A value for a message: five significant digits, as the guideline tables print them."""
    return f"{x:.5g}"


def _dev(declared: float, expected: float) -> float | None:
    return None if expected == 0 else num(abs(declared - expected) / abs(expected))


def guideline_of(data, inv) -> str | None:
    return inv.guideline or data.guideline


def gwp_set_of(data, inv, source) -> str:
    return getattr(source, "gwp_set", None) or inv.gwp_set or data.gwp_set


_FUEL_FACTORS: dict[tuple[int, str, bool], tuple] = {}


def _fuel_factor(item, unit: str, with_oxidation: bool):
    """calorific value × carbon content × 44/12 (× oxidation) of a default-table fuel, in `unit`;
    (value, weakest confidence) or None when the table lacks a term or the units do not fit.
    Once per process for each table item and unit: it depends on reference data and the unit alone."""
    key = (id(item), unit, with_oxidation)
    hit = _FUEL_FACTORS.get(key)
    if hit is None or hit[0] is not item:  # the item is kept with its result, so its id is not reused
        hit = _FUEL_FACTORS[key] = (item, _compute_fuel_factor(item, unit, with_oxidation))
    return hit[1]


def _compute_fuel_factor(item, unit: str, with_oxidation: bool):
    terms = [item.calorific_value, item.carbon_content] + ([item.oxidation] if with_oxidation else [])
    if any(t is None for t in terms):
        return None
    ureg = registry()
    q = ureg.Quantity(1, "")
    for t in terms:
        q = q * ureg.Quantity(t.value, t.unit or "")
    try:
        value = float(q.to(unit).magnitude)  # tC converts to tCO2e by 44/12 (standards/units.txt)
    except Exception:  # pint: dimensionality or unit-syntax errors mean the default cannot express this factor
        return None
    return value, min((t.confidence for t in terms), key=RANK.get)


def oxidation_inside(data, inv, s) -> tuple[bool, bool]:
    """(the factor includes the oxidation rate, that was inferred). Declared by includes_oxidation or an
    oxidation component; otherwise inferred when the factor claims a default fuel and lies nearer the
    default with oxidation than without."""
    f = s.factor
    if f.includes_oxidation or f.oxidation is not None:
        return True, False
    gl = guideline_of(data, inv)
    found = reference().item(gl, f.item) if gl and f.item else None
    if found is None or found[1].kind != "fuel" or f.calorific_value or f.carbon_content:
        return False, False
    with_ox, without = _fuel_factor(found[1], f.unit, True), _fuel_factor(found[1], f.unit, False)
    if with_ox is None or without is None:
        return False, False
    inside = abs(f.value - with_ox[0]) < abs(f.value - without[0])
    return inside, inside


def _base(s, inv, data) -> dict:
    fact = {"type": "factor", "source": s.id, "name": s.name, "year": inv.year}
    if data.materiality is not None:
        fact["materiality"] = num(data.materiality)
    return fact


def _change(fact: dict, reported: float | None, declared: float, expected: float, total: float | None) -> None:
    """Reported emissions scale with each term of the factor: the change if the expected value were used."""
    if reported is None or declared == 0:
        return
    change = reported * (expected / declared - 1)
    fact["emissions_change"] = num(change, 1)
    if total:
        fact["emissions_change_share"] = num(abs(change) / total)


# the bundle's word for where a value comes from, for the finding: "measured" with no test record and
# "default" with a value off the default are different conversations with the organization
ORIGIN = {"measured": {"origin_zh": "申报为实测值", "origin_en": "declared as measured"},
          "default": {"origin_zh": "申报为缺省值", "origin_en": "declared as a default"}}
SCOPE_BASIS = {True: {"scope_basis_zh": "未申报电网范围，取最接近的官方值", "scope_basis_en": "no grid scope declared: the nearest official value"},
               False: {"scope_basis_zh": "申报的电网范围", "scope_basis_en": "the declared grid scope"}}


def _compare(s, inv, data, reported, total, component: str, declared, expected_value: float, unit: str,
             confidence: str, where: str, origin: str, record: bool) -> dict:
    fact = _base(s, inv, data)
    fact.update({"component": component, "component_zh": COMPONENT_ZH[component], "item": s.factor.grid or s.factor.item or "—", **ORIGIN[origin], "record": record,
                 "declared": _sig(declared), "expected": _sig(expected_value), "unit": unit or "1",
                 "relative_deviation": _dev(declared, expected_value), "confidence": confidence, "reference": where})
    _change(fact, reported, declared, expected_value, total)
    return fact


def _defaults(bundle, data, inv, i, j, s, kind, reported, total) -> Produced:
    gl = guideline_of(data, inv)
    found = reference().item(gl, s.factor.item) if gl and s.factor.item else None
    if found is None:
        return []
    table, item = found
    f = s.factor
    where = f"{reference().guidelines[gl].title} — {table.title}"
    ref = [bundle.where(("data", "inventory", i, kind, j, "factor"))]
    out: Produced = []
    declared_terms = [(n, getattr(f, n)) for n in FUEL_TERMS if getattr(f, n) is not None]
    for name, comp in declared_terms:
        default = item.component(name)
        value = convert(comp.value, comp.unit or "", default.unit or "") if default else None
        if default is None or value is None:
            continue
        out.append((_compare(s, inv, data, reported, total, name, value, default.value, default.unit, default.confidence,
                             where, comp.origin, bool(comp.record)), ref))
    if not declared_terms:
        if item.factor is not None:
            expected = (item.factor.value, item.factor.confidence)
            declared = convert(f.value, f.unit, item.factor.unit)
            unit = item.factor.unit
        else:
            inside, _ = oxidation_inside(data, inv, s)
            expected = _fuel_factor(item, f.unit, inside)
            declared, unit = f.value, f.unit
        if expected is not None and declared is not None:
            out.append((_compare(s, inv, data, reported, total, "factor", declared, expected[0], unit, expected[1],
                                 where, f.origin or "default", bool(f.record)), ref))
    # a separate oxidation rate on a default fuel is the guideline's oxidation rate too
    source_ox = getattr(s, "oxidation", None)
    if source_ox is not None and f.oxidation is None and item.oxidation is not None:
        out.append((_compare(s, inv, data, reported, total, "oxidation", source_ox, item.oxidation.value, "",
                             item.oxidation.confidence, where, "default", False),
                    [bundle.where(("data", "inventory", i, kind, j, "oxidation"))]))
    return out


def _grid(bundle, data, inv, i, j, s, reported, total) -> Produced:
    """Purchased electricity against the latest official factor published for a year up to the inventory's."""
    declared = convert(s.factor.value, s.factor.unit, "tCO2/MWh")
    if declared is None:
        return []
    latest: dict[str, tuple[int, float, object]] = {}
    for a in sorted(reference().announcements, key=lambda a: a.year):
        if a.year <= inv.year:
            for scope, v in a.values.items():
                latest[scope] = (a.year, v, a)
    if s.factor.grid is not None:
        candidates = {s.factor.grid: latest[s.factor.grid]} if s.factor.grid in latest else {}
    else:
        candidates = {k: v for k, v in latest.items() if v[2].confidence != "L"}
    if not candidates:
        return []
    scope, (year, value, a) = min(candidates.items(), key=lambda kv: (abs(declared - kv[1][1]), kv[0]))
    fact = _compare(s, inv, data, reported, total, "grid", declared, value, "tCO2/MWh", a.confidence,
                    f"{a.document} — {reference().scopes[scope]['zh']}", s.factor.origin or "default", bool(s.factor.record))
    fact.update({"item": scope, "reference_year": year, **SCOPE_BASIS[s.factor.grid is None]})
    return [(fact, [bundle.where(("data", "inventory", i, "sources", j, "factor"))])]


def factors(bundle, catalog) -> Produced:
    data = bundle.manifest.data
    produced: Produced = []
    for i, inv in enumerate(data.inventory):
        total = to_tco2e(inv.total.value, inv.total.unit)
        for kind, entries in (("sources", inv.sources), ("deductions", inv.deductions)):
            for j, s in enumerate(entries):
                reported = to_tco2e(s.reported.value, s.reported.unit, getattr(s, "gas", "CO2"), gwp_set_of(data, inv, s))
                if getattr(s, "type", None) == "purchased_electricity":
                    produced += _grid(bundle, data, inv, i, j, s, reported, total)
                else:
                    produced += _defaults(bundle, data, inv, i, j, s, kind, reported, total)
    return produced


def gwp(bundle, catalog) -> Produced:
    """The GWP sets an inventory uses against the one its guideline prescribes."""
    data = bundle.manifest.data
    produced: Produced = []
    for i, inv in enumerate(data.inventory):
        gl = guideline_of(data, inv)
        stated = reference().guidelines[gl].gwp_set if gl else None
        if stated is None:
            continue
        declared = inv.gwp_set or data.gwp_set
        off, change = 0, 0.0
        for s in inv.sources:
            used = gwp_set_of(data, inv, s)
            if s.gas != "CO2" and used != stated.value:
                off += 1
                a = to_tco2e(s.reported.value, s.reported.unit, s.gas, stated.value)
                b = to_tco2e(s.reported.value, s.reported.unit, s.gas, used)
                change += (a or 0.0) - (b or 0.0)
        total = to_tco2e(inv.total.value, inv.total.unit)
        fact = {"type": "gwp", "year": inv.year, "guideline": gl, "declared": declared, "prescribed": stated.value,
                "confidence": stated.confidence, "sources_off_set": off, "emissions_change": num(change, 1),
                "reference": f"{reference().guidelines[gl].title}: {stated.source}"}
        if total:
            fact["emissions_change_share"] = num(abs(change) / total)
        produced.append((fact, [bundle.where(("data", "inventory", i))]))
    return produced


def boundary(bundle, catalog) -> Produced:
    """Per inventory year: the boundary's sources for that year that the inventory leaves out."""
    data = bundle.manifest.data
    if data.boundary is None:
        return []
    produced: Produced = []
    for i, inv in enumerate(data.inventory):
        listed = [b for b in data.boundary.sources if not b.years or inv.year in b.years]
        ids = {s.id for s in inv.sources} | {d.id for d in inv.deductions}
        omitted = [b for b in listed if b.id not in ids]
        fact = {"type": "boundary", "year": inv.year, "boundary_sources": len(listed), "omitted": len(omitted),
                "omitted_list": ", ".join(f"{b.id}（{b.name}）" for b in omitted) or "—",
                "unlisted": len([s for s in inv.sources if s.id not in {b.id for b in listed}])}
        refs = [bundle.where(("data", "inventory", i))]
        refs += [bundle.where(("data", "boundary", "sources", data.boundary.sources.index(b))) for b in omitted[:5]]
        produced.append((fact, refs))
    return produced


STANDARD.update({"factors": factors, "gwp": gwp, "boundary": boundary})
