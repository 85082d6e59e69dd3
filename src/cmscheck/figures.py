"""The numbers the site charts: emissions per year, baseline, targets and emissions per source, each
with its unit and the manifest place it comes from.

Read from the loaded bundle's data section with the same unit conversions the facts use (units.py), so
the site needs neither the bundle nor the facts: the pipeline fills `ReportContext.figures` with one
`Figures` value (members included, in the order of Assessment.members). Measurements only, never
verdicts; not part of the Assessment JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from .units import to_tco2e

TCO2E = "tCO2e"
# Direct emissions (scope 1) and indirect emissions from purchased energy (scope 2), by source type.
SCOPE = {"fuel_combustion": 1, "industrial_process": 1, "fugitive": 1, "purchased_electricity": 2, "purchased_heat": 2}


@dataclass(frozen=True)
class Value:
    """One number: what it is (a year, a source's name), its value and unit, and where it was read."""

    label: str
    value: float
    unit: str
    where: str  # "cmscheck.yaml:12 · data.inventory[0].total"
    kind: str = ""  # years: inventory | verified | baseline; sources: the source type


@dataclass(frozen=True)
class TargetFigure:
    id: str
    indicator: str
    unit: str
    direction: str  # decrease | increase
    baseline: float
    target: float
    actual: float | None
    due: str
    where: str


@dataclass(frozen=True)
class Figures:
    name: str = ""
    years: tuple[Value, ...] = ()  # total emissions per year in tCO2e: the inventory, else verified emissions
    baseline: Value | None = None  # the baseline year's emissions, tCO2e (label: the year)
    emission_targets: tuple[Value, ...] = ()  # targets set in an emissions unit, converted to tCO2e
    sources_year: int | None = None  # the latest inventory year, whose sources `sources` lists
    sources: tuple[Value, ...] = ()  # reported emissions per source, tCO2e (kind: source type)
    targets: tuple[TargetFigure, ...] = ()
    members: tuple["Figures", ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.years or self.baseline or self.sources or self.targets)

    def scopes(self) -> dict[int, float]:
        """Emissions of the sources year per scope (1: direct, 2: purchased energy)."""
        out: dict[int, float] = {}
        for s in self.sources:
            out[SCOPE.get(s.kind, 1)] = out.get(SCOPE.get(s.kind, 1), 0.0) + s.value
        return dict(sorted(out.items()))


def _where(bundle, loc: tuple) -> str:
    ref = bundle.where(loc)
    return " · ".join(p for p in (f"{ref.file}:{ref.line}" if ref.line else ref.file, ref.field) if p)


def _round(x: float) -> float:
    return round(x, 3)  # stable digits: the same bundle gives the same bytes


def of(bundle, members: tuple[Figures, ...] = ()) -> Figures:
    """The figures of a loaded bundle (bundle.Bundle); a park's `members` are its members' figures, taken
    by the caller as each member is evaluated (pipeline.assess)."""
    m = bundle.manifest
    data = m.data
    if data is None:
        return Figures(name=m.organization.name, members=members)
    years: dict[int, Value] = {}
    for i, inv in enumerate(data.inventory):
        total = to_tco2e(inv.total.value, inv.total.unit)
        if total is not None:
            years[inv.year] = Value(str(inv.year), _round(total), TCO2E, _where(bundle, ("data", "inventory", i, "total")), "inventory")
    for i, cm in enumerate(data.carbon_market):
        if cm.verified_emissions is not None and cm.year not in years:
            years[cm.year] = Value(str(cm.year), _round(cm.verified_emissions), TCO2E,
                                   _where(bundle, ("data", "carbon_market", i, "verified_emissions")), "verified")
    baseline = None
    b = data.baseline
    if b is not None:
        value = to_tco2e(b.emissions.value, b.emissions.unit)
        if value is not None:
            baseline = Value(str(b.year), _round(value), TCO2E, _where(bundle, ("data", "baseline", "emissions")), "baseline")
    targets, emission_targets = [], []
    for i, t in enumerate(data.targets):
        where = _where(bundle, ("data", "targets", i))
        targets.append(TargetFigure(t.id, t.indicator, t.unit, t.direction, float(t.baseline), float(t.target),
                                    None if t.actual is None else float(t.actual), t.due.isoformat(), where))
        value = to_tco2e(t.target, t.unit)
        if value is not None:
            emission_targets.append(Value(f"{t.indicator} ({t.due.year})", _round(value), TCO2E, where, "target"))
    sources: list[Value] = []
    latest = max(range(len(data.inventory)), key=lambda i: data.inventory[i].year, default=None)
    if latest is not None:
        inv = data.inventory[latest]
        for j, s in enumerate(inv.sources):
            value = to_tco2e(s.reported.value, s.reported.unit, s.gas, s.gwp_set or inv.gwp_set or data.gwp_set or "AR5")
            if value is not None:
                sources.append(Value(s.name, _round(value), TCO2E, _where(bundle, ("data", "inventory", latest, "sources", j, "reported")), s.type))
    return Figures(name=m.organization.name, years=tuple(v for _, v in sorted(years.items())), baseline=baseline,
                   emission_targets=tuple(emission_targets), sources_year=data.inventory[latest].year if latest is not None else None,
                   sources=tuple(sources), targets=tuple(targets), members=members)
