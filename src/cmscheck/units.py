"""Units and GWP values, both kept as data in standards/ (units.txt, gwp.yaml) with their sources.

Every conversion cmscheck makes goes through pint with standards/units.txt; gases other than CO2 are
weighted by the GWP set the bundle chooses. A unit or gas the tables do not know is a ValueError, which
the bundle loader reports as a located problem (file, line, field, fix).

pint is imported, and its registry built, on the first conversion or unit check: a bundle that states
no quantities (and commands that convert nothing) never pay for it (about 0.2 s to import, 0.15 s to build).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from . import paths

if TYPE_CHECKING:
    import pint

UNIT_EXAMPLES = "t, kt, MWh, GJ, Nm3, tce, tCO2e, tCO2/t, tCO2/MWh, kgCO2/kWh, tC/TJ, certificate, credit"


@lru_cache(maxsize=1)
def registry() -> "pint.UnitRegistry":
    import pint

    folder = _pint_cache()
    if folder is not None:
        try:
            return _build(pint, folder)
        except Exception:  # a corrupt or half-written cache file (pint raises what unpickling raises)
            _clear(folder)
    return _build(pint, None)


def _build(pint, folder):
    ureg = pint.UnitRegistry(cache_folder=folder)
    ureg.load_definitions(str(paths.standards_dir() / "units.txt"))
    return ureg


def _pint_cache():
    """pint's own cache of its parsed definitions (the registry builds about 9x faster), or None.

    pint keeps them as pickles, and unpickling can run code: so only in a folder of cmscheck's cache
    that this user alone can write (datacache.private_folder explains why that is safe)."""
    import pint

    from .datacache import private_folder

    return private_folder(f"pint-{pint.__version__}")


def _clear(folder) -> None:
    for path in folder.iterdir():
        try:
            path.unlink()
        except OSError:
            pass


@lru_cache(maxsize=1)
def gwp_sets() -> dict[str, dict]:
    # libyaml's safe loader when PyYAML has it: the same values, several times faster to read
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(paths.standards_dir() / "gwp.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)["sets"]


def gases() -> list[str]:
    return sorted(set().union(*(s["values"] for s in gwp_sets().values())))


@lru_cache(maxsize=512)
def _parse(unit: str):
    return registry().Unit(unit) if unit.strip() else None


def check_unit(unit: str) -> str:
    """Raise ValueError (shown to the user as a located problem) when pint cannot read the unit."""
    try:
        parsed = _parse(unit)
    except Exception:  # pint raises several error types (undefined, syntax, scaling factor) for bad units
        parsed = None
    if parsed is None:
        raise ValueError(f"unknown unit {unit!r}; write e.g. {UNIT_EXAMPLES} (see standards/units.txt)")
    return unit


def check_gas(gas: str) -> str:
    known = gases()
    if gas not in known:
        raise ValueError(f"unknown gas {gas!r}; use one of {', '.join(known)} (standards/gwp.yaml)")
    return gas


def _dims(unit: str):
    return registry().Quantity(1, unit).dimensionality


def is_emissions(unit: str) -> bool:
    """tCO2e and the like, or a mass (of a gas, weighted by its GWP)."""
    d = _dims(unit)
    return d == _dims("tCO2e") or d == _dims("t")


def is_energy(unit: str) -> bool:
    return _dims(unit) == _dims("kWh")


def is_co2e(unit: str) -> bool:
    return _dims(unit) == _dims("tCO2e")


def check_emission_unit(unit: str) -> str:
    check_unit(unit)
    if not is_emissions(unit):
        raise ValueError(f"unit {unit!r} is not an amount of emissions; write tCO2e (or t of the gas, kgCO2e, ktCO2e)")
    return unit


def _dimensionality_error() -> type[Exception]:
    from pint import DimensionalityError  # pint is loaded by then: registry() came first

    return DimensionalityError


def convert(value: float, unit: str, to: str) -> float | None:
    """value in unit, expressed in `to`; None when the two do not measure the same thing."""
    try:
        return float(registry().Quantity(value, unit).to(to).magnitude)
    except _dimensionality_error():
        return None


def _co2e(q, gas: str, gwp_set: str) -> float | None:
    try:
        return float(q.to("tCO2e").magnitude)
    except _dimensionality_error():
        pass
    try:
        tonnes = float(q.to("t").magnitude)
    except _dimensionality_error():
        return None
    value = gwp_value(gas, gwp_set)
    return None if value is None else tonnes * value


def to_tco2e(value: float, unit: str, gas: str = "CO2", gwp_set: str = "AR5") -> float | None:
    """A quantity of emissions in tCO2e; a mass of a gas is weighted by its GWP. None when not convertible."""
    return _co2e(registry().Quantity(value, unit), gas, gwp_set)


def product_tco2e(activity: tuple[float, str], factor: tuple[float, str], oxidation: float | None, gas: str, gwp_set: str) -> float | None:
    """activity × factor (× oxidation rate) in tCO2e; None when the units do not multiply into emissions."""
    ureg = registry()
    q = ureg.Quantity(*activity) * ureg.Quantity(*factor) * (oxidation if oxidation is not None else 1.0)
    return _co2e(q, gas, gwp_set)


def ratio(numerator: tuple[float, str], denominator: tuple[float, str], to: str) -> float | None:
    """numerator / denominator expressed in `to` (e.g. tCO2e / t of output in tCO2e/t); None when the
    units do not fit or the denominator is zero."""
    if denominator[0] == 0:
        return None
    ureg = registry()
    try:
        return float((ureg.Quantity(*numerator) / ureg.Quantity(*denominator)).to(to).magnitude)
    except _dimensionality_error():
        return None


def gwp_value(gas: str, gwp_set: str) -> float | None:
    """The GWP of a gas in a set; None when the set gives none (SAR has no NF3)."""
    value = gwp_sets()[gwp_set]["values"].get(gas)
    return None if value is None else float(value)
