"""Two checks of a loaded manifest answer "nothing to report" without the places of its values: the limits
(lists only, when the YAML text is too short to hold a long text) and the date range (every year looked at,
no place built). Both give what the located walks give, on every manifest and on values of every shape,
and whenever something is over a limit or out of range the located walk runs and names it as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from cmscheck import yamlio
from cmscheck.bundle import manifest_yaml
from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS, MAX_TEXT_CHARS, _read_manifest, _within_limits, limit_problems
from cmscheck.bundle.models import Manifest
from cmscheck.bundle.pydantic_problems import MAX_YEAR, MIN_YEAR, _dates, _years_within, date_range_problems
from cmscheck.problems import InputError
from cmscheck.yamlio import Located

from test_fast_load2_dates import Dated, Leafy

ROOT = Path(__file__).resolve().parent.parent
FOUND = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml"),
                *ROOT.glob("tests/broken/*/bundle/**/cmscheck.yaml")})


def _readable(path: Path) -> tuple[str, Located] | None:
    """The text and document of a manifest whose limits get looked at: not one refused before (an alias
    bomb) or not readable as YAML."""
    try:
        text = yamlio.read_text(path, "m.yaml")
        if manifest_yaml._alias_blowup(text):
            return None
        return text, yamlio.loads(text, "m.yaml")
    except (InputError, ValueError, TypeError, OverflowError, RecursionError):
        return None


MANIFESTS = [p for p in FOUND if _readable(p) is not None]


def test_there_are_manifests_whose_limits_are_looked_at():
    assert len(MANIFESTS) > 20


def _located_limits(doc: Located) -> list[str]:
    original = manifest_yaml._within_limits
    manifest_yaml._within_limits = lambda data, texts=True: False
    try:
        return [repr(p) for p in limit_problems(doc)]
    finally:
        manifest_yaml._within_limits = original


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_limits_on_every_manifest(path):
    text, doc = _readable(path)
    expected = _located_limits(doc)
    assert [repr(p) for p in limit_problems(doc, len(text))] == expected
    assert _within_limits(doc.data, texts=len(text) > MAX_TEXT_CHARS) is (expected == [])


LONG = "钢" * (MAX_TEXT_CHARS + 1)
SHAPES = {
    "within": {"a": [{"b": "x" * MAX_TEXT_CHARS}], "c": list(range(MAX_LIST_ITEMS))},
    "list over, deep": {"a": [{"b": [1, {"c": list(range(MAX_LIST_ITEMS + 1))}]}]},
    "list over at the top": list(range(MAX_LIST_ITEMS + 1)),
    "list over in a list": [[0] * (MAX_LIST_ITEMS + 1)],
    "text over, deep": {"a": [{"b": [1, {"c": LONG}]}]},
    "text over at the top": LONG,
    "scalars only": 5,
}


@pytest.mark.parametrize("name", SHAPES)
def test_limits_on_values_of_every_shape(name):
    doc = Located(SHAPES[name], {(): 1}, "m.yaml")
    expected = _located_limits(doc)
    assert [repr(p) for p in limit_problems(doc)] == expected
    assert _within_limits(doc.data) is (expected == [])
    if "text over" not in name:  # lists are looked at whatever the length of the text
        assert _within_limits(doc.data, texts=False) is (expected == [])
        assert [repr(p) for p in limit_problems(doc, MAX_TEXT_CHARS)] == expected


@pytest.mark.parametrize("length", [MAX_TEXT_CHARS - 20, MAX_TEXT_CHARS + 1])
def test_a_long_text_value_is_found_in_a_yaml_text_long_enough_to_hold_it(tmp_path, length):
    # double-quoted escapes make the value shorter than what is written, never longer
    value = '\\t' * (length // 2)
    path = tmp_path / "cmscheck.yaml"
    path.write_text(f'a: "{value}"\nb: |\n  {"x" * length}\n', encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    doc = yamlio.loads(text, "m.yaml")
    assert max(len(v) for v in doc.data.values()) <= len(text)
    if length > MAX_TEXT_CHARS:
        with pytest.raises(InputError) as err:
            _read_manifest(path, "m.yaml")
        assert [p.field for p in err.value.problems] == ["b"]
    else:
        assert _read_manifest(path, "m.yaml").data == doc.data


def _valid(path: Path) -> Manifest | None:
    try:
        return Manifest.model_validate(_read_manifest(path, str(path)).data)
    except (InputError, ValidationError):
        return None


VALID = [m for m in map(_valid, MANIFESTS) if m is not None]


def test_years_within_on_every_valid_manifest():
    assert len(VALID) > 10
    for manifest in VALID:
        years = [day.year for _, day in _dates(manifest, ())]
        assert _years_within(manifest) is all(MIN_YEAR <= y <= MAX_YEAR for y in years)


def _dated(**changes) -> Dated:
    d = dt.date
    fields = dict(when=d(2024, 1, 1), at=dt.datetime(2024, 1, 3, 4), maybe=d(2024, 1, 1), days=[d(2020, 1, 1), d(2021, 2, 2)],
                  by_name={"b": d(2022, 1, 1)}, pair=("x", d(2019, 1, 1)), anything={"z": [d(2001, 1, 1)], 3: d(2000, 1, 1)},
                  kept=d(2018, 1, 1), inner=Leafy(name="n", tags=["1800-01-01"]), either=Leafy(name="m"),
                  free={"k": d(2017, 1, 1)}, loose=[d(2016, 1, 1), "x"])
    fields.update(changes)
    return Dated(**fields)


OUT = [dt.date(MIN_YEAR - 1, 12, 31), dt.date(MAX_YEAR + 1, 1, 1)]
PLACES = {
    "a date field": lambda day: {"when": day},
    "a datetime": lambda day: {"at": dt.datetime(day.year, 1, 1)},
    "a list": lambda day: {"days": [dt.date(2020, 1, 1), day]},
    "a dict": lambda day: {"by_name": {"a": dt.date(2020, 1, 1), "b": day}},
    "a tuple": lambda day: {"pair": ("y", day)},
    "Any, nested": lambda day: {"anything": {"z": [[day]]}},
    "an untyped list": lambda day: {"loose": ["x", day]},
}


@pytest.mark.parametrize("place", PLACES)
def test_years_within_on_values_of_every_shape(place):
    assert _years_within(_dated())
    for day in OUT:
        value = _dated(**PLACES[place](day))
        assert not _years_within(value)
        assert any(not MIN_YEAR <= d.year <= MAX_YEAR for _, d in _dates(value, ()))
    for day in (dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)):
        assert _years_within(_dated(**PLACES[place](day)))


def test_a_year_out_of_range_is_still_located():
    doc = Located({"organization": {"as_of": "9999-12-01"}}, {(): 1, ("organization", "as_of"): 7}, "m.yaml")
    manifest = VALID[0].model_copy(update={"organization": VALID[0].organization.model_copy(update={"as_of": dt.date(9999, 12, 1)})})
    problems = date_range_problems(manifest, doc)
    assert [(p.line, p.field) for p in problems] == [(7, "organization.as_of")]
    assert "outside 1900..9000" in problems[0].message
