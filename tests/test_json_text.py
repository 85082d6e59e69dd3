"""render/json_text.dumps writes what json.dumps(ensure_ascii=False, indent=2, sort_keys=...) writes, byte for
byte: on generated data (every float, integers past 64 bits, lone surrogates, control characters, keys
that are not texts), on the values where orjson writes otherwise, and on every JSON report format."""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import uuid
from pathlib import Path

import pytest

from cmscheck import pipeline
from cmscheck.render import json_text, renderers

ROOT = Path(__file__).resolve().parent.parent


def _stdlib(data, sort_keys: bool = True) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys)


def _no_stdlib(monkeypatch) -> None:
    """Any call of the standard library's encoder from json_text fails: the fast path must have written it."""
    def refuse(*args, **kwargs):
        raise AssertionError("json_text fell back to json.dumps")
    monkeypatch.setattr(json_text.json, "dumps", refuse)


PLAIN = {"b": [1, 2.5, -0.0, 0.0001, 9999999999999998.0, 2**64 - 1, -2**63, True, None],
         "a": {"中文": "碳排放 tCO2e\n\t\"\\\x00\x7f\u2028😀", "": {}, "list": [], "nested": [[{}]]},
         "Ａ": (1, "tuple")}


@pytest.mark.parametrize("sort_keys", [True, False])
def test_plain_data_is_written_by_orjson_as_the_standard_library_writes_it(sort_keys, monkeypatch):
    expected = _stdlib(PLAIN, sort_keys)
    _no_stdlib(monkeypatch)
    assert json_text.dumps(PLAIN, sort_keys) == expected


class _Text(str):
    pass


@dataclasses.dataclass
class _Pair:
    a: int
    b: int


@pytest.mark.parametrize("value", [
    1e-05, 1e16, -2.5e-300, 1.7976931348623157e308, 5e-324,  # the standard library writes an exponent
    math.nan, math.inf, -math.inf,                            # NaN, Infinity (orjson: null)
    2**64, -2**63 - 1,                                        # past 64 bits (orjson refuses)
    "\ud800 lone surrogate",                                  # not UTF-8 (orjson refuses)
    {1: "int key", "2": "text key"},                          # a key that is not a text (orjson refuses)
    _Text("a str subclass"),                                  # a type json.dumps has its own rules for
    datetime.date(2024, 12, 31), _Pair(1, 2), uuid.UUID(int=7),  # orjson writes these; json.dumps refuses them
], ids=repr)
def test_what_orjson_writes_otherwise_is_written_by_the_standard_library(value):
    data = value if isinstance(value, dict) else {"x": [value, {"y": value}]}
    for sort_keys in (True, False):
        try:
            expected = _stdlib(data, sort_keys)
        except TypeError:  # an int key among texts to sort, a date: json.dumps refuses, and so does json_text
            with pytest.raises(TypeError):
                json_text.dumps(data, sort_keys)
        else:
            assert json_text.dumps(data, sort_keys) == expected


def test_a_float_in_range_stays_on_the_fast_path():
    # the check could refuse every float; the reports hold many, and the gain would be gone unnoticed
    assert json_text._fast([0.0001, 0.1, 1.0, 123456.789, 9999999999999998.0, -0.0, 0.0])
    assert not json_text._fast([0.0001, 0.00009999999999999999])
    assert not json_text._fast([1e16])


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    # mostly what orjson writes (a surrogate or an integer past 64 bits sends the whole value to the standard
    # library, so they are drawn rarely: the fast path must be what most examples test)
    _TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)  # control characters included
    _RARE = st.one_of(st.text(st.characters(exclude_categories=()), min_size=1, max_size=3),
                      st.integers(min_value=2**64, max_value=2**70), st.integers(max_value=-2**63 - 1, min_value=-2**70))
    _KEYS = st.one_of(_TEXT, st.sampled_from(["a", "b", "中", "Ａ", "😀", ""]))
    _LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**63, max_value=2**64 - 1), st.floats(),
                      st.floats(min_value=-1e18, max_value=1e18, allow_nan=False), _TEXT, _TEXT, st.just(0.1), _RARE)
    _DATA = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
                         max_leaves=20)

    @settings(max_examples=300)
    @given(_DATA, st.booleans())
    def test_generated_data_is_written_as_the_standard_library_writes_it(data, sort_keys):
        assert json_text.dumps(data, sort_keys) == _stdlib(data, sort_keys)


@pytest.fixture(scope="module")
def assessed():
    inputs = pipeline.load_inputs()
    return {name: pipeline.load_and_assess(ROOT / "examples" / name, inputs, pipeline.Options()).assessment
            for name in ("hubei-steel", "park")}


@pytest.mark.parametrize("bundle", ["hubei-steel", "park"])
@pytest.mark.parametrize("fmt", ["json", "sarif", "oscal-ar", "oscal-poam"])
def test_every_json_report_is_the_standard_librarys_bytes(fmt, bundle, assessed, monkeypatch):
    render = renderers()[fmt]
    fast = render(assessed[bundle], "en")
    monkeypatch.setattr(json_text, "dumps", lambda data, sort_keys=True: _stdlib(data, sort_keys))
    assert fast == render(assessed[bundle], "en")


def test_the_steel_report_is_written_on_the_fast_path(assessed):
    assert json_text._fast(assessed["hubei-steel"].model_dump(mode="json"))


def test_data_nested_past_the_recursion_limit_fails_as_json_dumps_fails():
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(RecursionError):
        _stdlib(deep)
    with pytest.raises(RecursionError):
        json_text.dumps(deep)
    assert json_text._fast([[[[1.5]]]])  # a few levels are walked, not refused
