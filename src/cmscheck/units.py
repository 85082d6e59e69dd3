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


@lru_cache(maxsize=512)
def _dims(unit: str):
    # a pure function of the unit string (the registry is built once per process): each manifest value
    # checked used to build three pint quantities; a unit pint refuses raises every time (not cached)
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


# Fast path. pint converts a quantity of multiplicative units by multiplying its magnitude by one factor
# that depends on the units alone, and multiplies (divides) magnitudes when it multiplies (divides)
# quantities. Parsing the unit strings is most of pint's cost, and they recur: so the factor from a
# product (or quotient) of unit strings to a unit is found once per process, with magnitude 1, and the
# magnitudes are multiplied here in pint's own order. Offset units (degC), units pint refuses and
# magnitudes that are not floats take the general path, through pint, every time (tests/test_fast_units.py).
GENERAL = object()  # in the factor's place: the general path must run


@lru_cache(maxsize=4096)
def factor_of(units: tuple[str, ...], to: str, divide: bool = False):
    """What pint multiplies the magnitude of Q(m1, u1) * Q(m2, u2) * … (Q(m1, u1) / Q(m2, u2) when divide)
    by to express it in `to`; None when the units do not measure the same thing; GENERAL otherwise."""
    ureg = registry()
    try:
        q = ureg.Quantity(1, units[0])
        for u in units[1:]:
            q = q / ureg.Quantity(1, u) if divide else q * ureg.Quantity(1, u)
        if q._get_non_multiplicative_units() or ureg.Quantity(1, to)._get_non_multiplicative_units():
            return GENERAL
        return q.to(to).magnitude
    except _dimensionality_error():
        return None
    except Exception:  # pint refuses the units: the general path raises what it raises
        return GENERAL


def _floats(*values) -> bool:
    return all(type(v) is float for v in values)


def convert(value: float, unit: str, to: str) -> float | None:
    """value in unit, expressed in `to`; None when the two do not measure the same thing."""
    f = factor_of((unit,), to) if _floats(value) else GENERAL
    if f is not GENERAL:
        return None if f is None else float(value * f)
    try:
        return float(registry().Quantity(value, unit).to(to).magnitude)
    except _dimensionality_error():
        return None


def _co2e_fast(magnitude: float, units: tuple[str, ...], gas: str, gwp_set: str):
    """_co2e of a quantity of a product of units, or GENERAL when the fast path declines."""
    f = factor_of(units, "tCO2e")
    if f is GENERAL:
        return GENERAL
    if f is not None:
        return float(magnitude * f)
    f = factor_of(units, "t")
    if f is GENERAL:
        return GENERAL
    if f is None:
        return None
    value = gwp_value(gas, gwp_set)
    return None if value is None else float(magnitude * f) * value


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
    if _floats(value):
        fast = _co2e_fast(value, (unit,), gas, gwp_set)
        if fast is not GENERAL:
            return fast
    return _co2e(registry().Quantity(value, unit), gas, gwp_set)


def product_tco2e(activity: tuple[float, str], factor: tuple[float, str], oxidation: float | None, gas: str, gwp_set: str) -> float | None:
    """activity × factor (× oxidation rate) in tCO2e; None when the units do not multiply into emissions."""
    ox = oxidation if oxidation is not None else 1.0
    if _floats(activity[0], factor[0], ox):
        fast = _co2e_fast(activity[0] * factor[0] * ox, (activity[1], factor[1]), gas, gwp_set)
        if fast is not GENERAL:
            return fast
    ureg = registry()
    q = ureg.Quantity(*activity) * ureg.Quantity(*factor) * ox
    return _co2e(q, gas, gwp_set)


def ratio(numerator: tuple[float, str], denominator: tuple[float, str], to: str) -> float | None:
    """numerator / denominator expressed in `to` (e.g. tCO2e / t of output in tCO2e/t); None when the
    units do not fit or the denominator is zero."""
    if denominator[0] == 0:
        return None
    if _floats(numerator[0], denominator[0]):
        f = factor_of((numerator[1], denominator[1]), to, divide=True)
        if f is not GENERAL:
            return None if f is None else float(numerator[0] / denominator[0] * f)
    ureg = registry()
    try:
        return float((ureg.Quantity(*numerator) / ureg.Quantity(*denominator)).to(to).magnitude)
    except _dimensionality_error():
        return None


def gwp_value(gas: str, gwp_set: str) -> float | None:
    """The GWP of a gas in a set; None when the set gives none (SAR has no NF3)."""
    value = gwp_sets()[gwp_set]["values"].get(gas)
    return None if value is None else float(value)
