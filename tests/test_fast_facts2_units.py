"""A unit's dimensionality is worked out once per unit string (issue 16): what the unit checks say is
what pint says when asked afresh, and a unit pint refuses is refused every time it is asked."""

from __future__ import annotations

import pytest

from cmscheck import units
from test_fast_facts import UNITS, _general


def _fresh_dims(unit):
    return units.registry().Quantity(1, unit).dimensionality


def _general_checks(unit):
    d = _fresh_dims(unit)
    return (d == _fresh_dims("tCO2e") or d == _fresh_dims("t"), d == _fresh_dims("kWh"), d == _fresh_dims("tCO2e"))


@pytest.mark.parametrize("unit", UNITS + ["ktCO2e", "万kWh", "tCO2e", "kWh", "t"])
def test_unit_checks_are_what_pint_says(unit):
    for _ in range(2):  # asked twice: the second answer comes from the memo
        fast = _general(lambda u: (units.is_emissions(u), units.is_energy(u), units.is_co2e(u)), unit)
        assert fast == _general(_general_checks, unit), unit


def test_refused_units_are_refused_each_time():
    for _ in range(3):
        with pytest.raises(Exception) as caught:
            units.is_emissions("no_such_unit")
        assert not isinstance(caught.value, AssertionError)
    assert units._dims("吨") == _fresh_dims("吨")  # units.txt's own names
    assert {units.is_emissions(u) for u in ("t", "kgCO2e", "MWh")} == {True, False}
