"""Units and GWP values are data (standards/units.txt, standards/gwp.yaml); conversions go through pint;
what cannot be read is a located input problem (exit 2), never a crash."""

from __future__ import annotations

import typing

import pytest
from click.testing import CliRunner

from cmscheck.bundle.data import Data
from cmscheck.cli import main as cli_main
from cmscheck.facts.functions import num
from cmscheck.units import (
    check_emission_unit, check_gas, check_unit, convert, gwp_sets, product_tco2e, ratio, registry, to_tco2e,
)
from test_rules import build, findings, run


def test_every_gwp_set_has_a_source_and_the_same_gases():
    sets = gwp_sets()
    assert {"AR5", "AR6"} <= set(sets)
    gases = {name: set(s["values"]) for name, s in sets.items()}
    assert len({frozenset(g) for g in gases.values()}) == 1, gases
    for name, s in sets.items():
        assert "IPCC" in s["source"], name
        assert s["values"]["CO2"] == 1


def test_bundle_choices_are_the_sets_of_the_table():
    choices = typing.get_args(Data.model_fields["gwp_set"].annotation)
    assert set(choices) == set(gwp_sets())


@pytest.mark.parametrize("value, unit, to, expected", [
    (1, "certificate", "kWh", 1000),       # park 3.2.13
    (1, "allowance", "tCO2e", 1),          # industrial 3.5
    (1, "credit", "tCO2e", 1),             # industrial 3.6
    (1, "kt", "t", 1000),                  # a kilotonne, not pint's knot
    (12, "tC", "tCO2e", 44),               # carbon counted as CO2
    (1, "tce", "GJ", 29.3076),             # GB/T 2589
    (1, "万kWh", "MWh", 10),
    (1, "吨", "kg", 1000),
    (1, "Nm3", "m3", 1),
    (1, "kgCO2/kWh", "tCO2/MWh", 1),
])
def test_units_file_definitions(value, unit, to, expected):
    assert convert(value, unit, to) == pytest.approx(expected)


def test_unknown_and_unfit_units_are_value_errors():
    for bad in ("吨煤", "10^4 kWh", "tCO2/", "", "2"):
        with pytest.raises(ValueError, match="unknown unit"):
            check_unit(bad)
    with pytest.raises(ValueError, match="not an amount of emissions"):
        check_emission_unit("kWh")
    assert check_emission_unit("t") == "t"  # a mass of the source's gas, weighted by its GWP
    with pytest.raises(ValueError, match="unknown gas"):
        check_gas("CO3")
    assert convert(1, "MWh", "t") is None


def test_gases_are_weighted_by_the_chosen_set():
    assert to_tco2e(1, "t", "CH4", "AR5") == 28
    assert to_tco2e(1, "t", "CH4", "AR6") == pytest.approx(27.9)
    assert to_tco2e(1000, "kgCO2e", "CH4", "AR5") == 1  # already CO2e: no weighting
    # 1000 t × 10 kg N2O/t = 10 t N2O
    assert product_tco2e((1000, "t"), (10, "kg/t"), None, "N2O", "AR5") == pytest.approx(2650)
    assert product_tco2e((10000, "t"), (2.5, "tCO2/t"), 0.98, "CO2", "AR5") == pytest.approx(24500)
    assert product_tco2e((1, "MWh"), (1, "tCO2/t"), None, "CO2", "AR5") is None
    assert ratio((53015, "tCO2e"), (100, "kt"), "tCO2e/t") == pytest.approx(0.53015)
    assert ratio((1, "tCO2e"), (0, "t"), "tCO2e/t") is None


def test_facts_hold_no_float_durable_rules_cannot_parse():
    # durable-rules' JSON parser rejects 4e-06 and 1e+20 (exponent without a decimal point)
    for x in (4e-06, 0.00005, 1e20, -1e30, 0.123456789, 12345.6789, float("inf")):
        assert "e" not in repr(num(x)), (x, num(x))
    assert num(float("nan")) is None


def test_absurd_numbers_are_evaluated_not_crashed_on(tmp_path):
    case = {"set": {
        "data.inventory.0.sources.0.activity.value": 1e300,
        "data.inventory.0.sources.1.reported.value": 1e-9,
        "data.carbon_market.0.balance": 1e20,
        "data.targets.0.actual": 1e20,
        "data.tolerance": 0.000001,
    }}
    rules = {f.rule for f in findings(run(tmp_path, case))}
    assert {"source-arithmetic", "inventory-totals", "allowance-balance"} <= rules


def _cli(args):
    return CliRunner().invoke(cli_main, args)


def test_unknown_unit_exits_2_naming_file_line_and_field(tmp_path):
    root = build(tmp_path, {"set": {"data.inventory.0.sources.0.activity.unit": "吨煤"}})
    out = tmp_path / "report.json"
    result = _cli(["evaluate", str(root), "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "cmscheck.yaml:" in result.stderr and "data.inventory[0].sources[0].activity.unit" in result.stderr
    assert "unknown unit '吨煤'" in result.stderr
    assert not out.exists()


def test_unreadable_ledger_exits_2_naming_the_csv_line(tmp_path):
    root = build(tmp_path, {"files": {"data/ledger-coal.csv": "month,coal_t\n2024-01,833.33\n2024-02,n/a\n"}})
    result = _cli(["evaluate", str(root)])
    assert result.exit_code == 2, result.output
    assert "ledger-coal.csv:3: coal_t: 'n/a' is not a number" in result.stderr
