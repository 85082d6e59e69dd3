"""Units and GWP values, both kept as data in standards/ (units.txt, gwp.yaml) with their sources."""

from __future__ import annotations

from functools import lru_cache

import pint
import yaml

from . import paths


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    ureg.load_definitions(str(paths.standards_dir() / "units.txt"))
    return ureg


@lru_cache(maxsize=1)
def gwp_sets() -> dict[str, dict]:
    with open(paths.standards_dir() / "gwp.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)["sets"]


def check_unit(unit: str) -> str:
    """Raise ValueError (shown to the user as a located problem) when pint cannot read the unit."""
    try:
        registry().Quantity(1, unit)
    except Exception:  # pint raises several error types for unreadable units
        raise ValueError(f"unknown unit {unit!r}; write e.g. t, MWh, GJ, Nm3, tCO2e, tCO2/t, kgCO2/kWh") from None
    return unit


def check_gas(gas: str) -> str:
    known = sorted(set().union(*(s["values"] for s in gwp_sets().values())))
    if gas not in known:
        raise ValueError(f"unknown gas {gas!r}; use one of {', '.join(known)}")
    return gas


def to_tco2e(value: float, unit: str, gas: str = "CO2", gwp_set: str = "AR5") -> float | None:
    """A quantity of emissions in tCO2e; a mass of a gas is weighted by its GWP. None when not convertible."""
    ureg = registry()
    q = ureg.Quantity(value, unit)
    try:
        return float(q.to("tCO2e").magnitude)
    except pint.DimensionalityError:
        pass
    try:
        tonnes = float(q.to("t").magnitude)
    except pint.DimensionalityError:
        return None
    return tonnes * float(gwp_sets()[gwp_set]["values"][gas])


def product_tco2e(activity: tuple[float, str], factor: tuple[float, str], oxidation: float | None, gas: str, gwp_set: str) -> float | None:
    ureg = registry()
    q = ureg.Quantity(*activity) * ureg.Quantity(*factor) * (oxidation if oxidation is not None else 1.0)
    try:
        return float(q.to("tCO2e").magnitude)
    except pint.DimensionalityError:
        pass
    try:
        tonnes = float(q.to("t").magnitude)
    except pint.DimensionalityError:
        return None
    return tonnes * float(gwp_sets()[gwp_set]["values"][gas])
