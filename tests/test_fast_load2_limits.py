"""limit_problems first walks the manifest without building the place of every value (_within_limits): a
manifest within the limits gives no problem, as the located walk gives none; at or over a limit, anywhere,
the located walk runs and names each problem where it stands, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle import manifest_yaml
from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS, MAX_TEXT_CHARS, _read_manifest, _within_limits, limit_problems
from cmscheck.problems import InputError
from cmscheck.yamlio import Located

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml"),
                    *ROOT.glob("tests/broken/*/bundle/**/cmscheck.yaml")})


class Text(str):
    pass


LONG, OK = "钢" * (MAX_TEXT_CHARS + 1), "钢" * MAX_TEXT_CHARS
CASES = {
    "empty": None,
    "scalars": {"a": 1, "b": 1.5, "c": True, "d": None, "e": "x"},
    "text at the limit": {"a": [{"b": OK}]},
    "text over the limit, deep": {"a": [{"b": [1, 2, {"c": LONG}]}]},
    "text over the limit at the top": LONG,
    "long key, short value": {LONG: "x"},
    "list at the limit": {"a": list(range(MAX_LIST_ITEMS))},
    "list over the limit": {"a": {"b": list(range(MAX_LIST_ITEMS + 1))}},
    "list over the limit holding a long text": {"a": [LONG] * (MAX_LIST_ITEMS + 1)},
    "two problems": {"a": LONG, "b": [0] * (MAX_LIST_ITEMS + 5), "c": [{"d": LONG}]},
    "a str subclass over the limit": {"a": Text(LONG)},
    "a str subclass within": {"a": Text("x")},
    "shared list": {"a": (shared := [LONG]), "b": shared},
    "top-level list": [{"a": "x"}, [OK, [LONG]]],
}


def _located(data) -> list:
    return [repr(p) for p in _general(Located(data, {(): 1, ("a",): 2}, "m.yaml"))]


def _general(doc: Located):
    original = manifest_yaml._within_limits
    manifest_yaml._within_limits = lambda data: False
    try:
        return limit_problems(doc)
    finally:
        manifest_yaml._within_limits = original


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_problems_as_the_located_walk(name):
    data = CASES[name]
    doc = Located(data, {(): 1, ("a",): 2}, "m.yaml")
    expected = _located(data)
    assert [repr(p) for p in limit_problems(doc)] == expected
    if "subclass" in name:
        assert not _within_limits(data)  # declined: the located walk judges it
    else:
        assert _within_limits(data) is (expected == [])


def test_over_the_limit_is_found_and_named():
    problems = limit_problems(Located(CASES["two problems"], {}, "m.yaml"))
    assert sorted(p.field for p in problems) == ["a", "b", "c[0].d"]


def _readable(path: Path) -> bool:
    try:
        _read_manifest(path, str(path))
    except InputError:
        return False  # refused before the limits (bad YAML, or a limit hit)
    return True


READABLE = [p for p in MANIFESTS if _readable(p)]


def test_some_manifests_are_readable():
    assert len(READABLE) > 10


@pytest.mark.parametrize("path", READABLE, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_manifests_within_the_limits(path):
    doc = _read_manifest(path, str(path))
    assert _within_limits(doc.data) and _general(doc) == []
