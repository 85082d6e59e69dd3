"""standards/reference/: the reference data a verifier checks numbers against. Every value has a source
and a confidence; the values satisfy the arithmetic they must (44/12, heat x carbon x oxidation); a
wrong file is a located input problem; GWP sets and units behind the checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cmscheck import reference as refmod
from cmscheck.problems import InputError
from cmscheck.units import convert, gwp_sets, gwp_value, registry

STANDARDS = Path(__file__).resolve().parents[1] / "standards"


@pytest.fixture
def ref():
    return refmod.reference()


def test_every_value_has_a_confidence_and_a_note(ref):
    for table in ref.tables.values():
        assert table.source.strip(), table.id
        for item in table.items:
            values = [v for v in (item.calorific_value, item.carbon_content, item.oxidation, item.factor) if v is not None]
            assert values, f"{table.id}/{item.id} gives no value"
            for v in values:
                assert v.confidence in {"H", "M", "L"} and v.note.strip(), f"{table.id}/{item.id}"
    for a in ref.announcements:
        assert a.document and a.source and a.confidence in {"H", "M", "L"}
    for m in ref.markets.values():
        if m.ccer_cap:
            assert m.ccer_cap.document and m.ccer_cap.source


def test_every_guideline_with_a_gwp_set_names_a_known_set(ref):
    for g in ref.guidelines.values():
        if g.gwp_set:
            assert g.gwp_set.value in gwp_sets()
    assert ref.guidelines["ndrc-2013-steel"].gwp_set.value == "SAR"


def test_natural_gas_default_reproduces_the_widely_used_factor(ref):
    # 389.31 GJ/万Nm3 x 15.3 tC/TJ x 0.99 x 44/12 = 21.62 tCO2/万Nm3, the figure behind 0.00216 tCO2/Nm3
    _, gas = ref.item("ndrc-2013-steel", "natural_gas")
    q = registry().Quantity(gas.calorific_value.value, gas.calorific_value.unit) * registry().Quantity(
        gas.carbon_content.value, gas.carbon_content.unit) * gas.oxidation.value
    assert q.to("tCO2e/万Nm3").magnitude == pytest.approx(21.62, abs=0.005)


def test_limestone_default_is_the_co2_of_calcium_carbonate(ref):
    _, lime = ref.item("ndrc-2013-steel", "limestone")
    assert lime.factor.value == pytest.approx(44.01 / 100.09, rel=0.001)
    assert ref.item("ndrc-2015-other-industry", "limestone") is None  # a steel-guideline process only


def test_variants_of_one_default_lie_within_the_one_percent_tolerance(ref):
    # coke: 28.435 (2013) and 28.446 (2015) GJ/t, 29.5 and 29.4 tC/TJ — either passes the check
    _, a = ref.item("ndrc-2013-steel", "coke")
    _, b = ref.item("ndrc-2015-other-industry", "coke")
    for name in ("calorific_value", "carbon_content"):
        va, vb = getattr(a, name).value, getattr(b, name).value
        assert abs(va - vb) / va < 0.01


def test_grid_factors(ref):
    g22 = ref.grid(2022)
    assert g22["national"][0] == 0.5366 and g22["national_ets"][0] == 0.5703
    assert g22["national_ets"][1].confidence == "M"
    for a in ref.announcements:
        for scope, v in a.values.items():
            assert 0.05 < v < 1.0, (a.year, scope)
    # the ETS factor of 2021 rests on memory only: never used for a finding
    assert ref.grid(2021)["national_ets"][1].confidence == "L"


def test_market_caps_and_deadlines(ref):
    national = ref.markets["national"]
    assert national.ccer_cap.share == 0.05 and national.ccer_cap.of == "verified_emissions"
    assert national.surrender_deadlines.dates[2023].isoformat() == "2024-12-31"
    assert ref.markets["hubei"].ccer_cap.of == "allocation"


def test_gwp_sets_sar_to_ar6_and_the_methane_split():
    assert set(gwp_sets()) == {"SAR", "AR4", "AR5", "AR6"}
    assert (gwp_value("CH4", "SAR"), gwp_value("N2O", "SAR"), gwp_value("SF6", "SAR")) == (21, 310, 23900)
    assert (gwp_value("CH4", "AR4"), gwp_value("N2O", "AR4")) == (25, 298)
    assert (gwp_value("CH4-fossil", "AR6"), gwp_value("CH4-non-fossil", "AR6")) == (29.8, 27.0)
    assert gwp_value("NF3", "SAR") is None  # SAR assessed no NF3: refused, never guessed


def test_output_units_for_intensity():
    assert convert(1, "万元", "元") == 10000
    assert convert(2, "万m2", "m**2") == 20000
    assert convert(1, "万件", "件") == 10000
    assert convert(1, "万元", "t") is None  # money never converts into a mass


@pytest.mark.parametrize("file, old, new, field", [
    ("grid.yaml", "confidence: M\n    values: {national_ets: 0.5703}", "confidence: X\n    values: {national_ets: 0.5703}", "confidence"),
    ("guidelines.yaml", "tables: [ndrc-2013-fuels, ndrc-heat]\n  - id: ndrc-2015", "tables: [ndrc-2013-fuelz, ndrc-heat]\n  - id: ndrc-2015", "tables"),
    ("markets.yaml", "share: 0.05\n      of: verified_emissions", "share: 5\n      of: verified_emissions", "share"),
])
def test_a_wrong_reference_file_is_a_located_problem(tmp_path, monkeypatch, file, old, new, field):
    copy = tmp_path / "standards"
    shutil.copytree(STANDARDS, copy)
    target = copy / "reference" / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("CMSCHECK_STANDARDS", str(copy))
    with pytest.raises(InputError) as err:
        refmod.Reference()
    problem = err.value.problems[0]
    assert file in problem.file and field in problem.field and problem.line
