"""Round 7 of facts.derive (issue 16): work shared instead of repeated, checked against the forms it replaces.

- the fact functions read a bundle's evidence items from the dict kept on the bundle (evidence_items
  still hands every other caller its own copy, which the assessment's index sorts);
- the facts the rules request are listed once per rule set, not once per bundle.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.facts import _requested, derive, functions, records
from cmscheck.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           ROOT / "tests" / "bundles" / "complete", ROOT / "tests" / "bundles" / "minimal"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


def _evidence_general(bundle, catalog):
    """functions.evidence as it was: over a copy of the evidence items."""
    items = functions.evidence_items(bundle)
    produced = []
    for kind in catalog.vocabulary.evidence_kinds:
        found = items.get(kind.id, [])
        docs = [obj for _, _, obj in found if hasattr(obj, "approved_by")]
        fact = {"type": "evidence", "kind": kind.id, "category": kind.category, "present": bool(found),
                "unapproved": sum(1 for d in docs if not d.approved_by), "kind_zh": kind.name.zh, "kind_en": kind.name.en or kind.id}
        produced.append((fact, [ref for _, ref, _ in found] or [bundle.where(("documents",))]))
    return produced


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_the_facts_read_from_the_kept_items_are_those_of_a_copy(folder, catalog):
    fresh = load_bundle(folder, catalog)
    assert functions.evidence(fresh, catalog) == _evidence_general(load_bundle(folder, catalog), catalog)
    assert records.process_records(fresh, catalog) == records.process_records(load_bundle(folder, catalog), catalog)
    for i, member in enumerate(fresh.members):
        assert functions.members(fresh, catalog)[i][0]["has_inventory"] == bool(functions._evidence_items(member).get("emission_inventory"))


def test_the_kept_items_are_kept_and_every_other_caller_gets_a_copy(catalog):
    bundle = load_bundle(BUNDLES[0], catalog)
    kept = functions._kept_items(bundle)
    assert functions._kept_items(bundle) is kept and kept == functions._evidence_items(bundle)
    copy = functions.evidence_items(bundle)
    assert copy == kept and copy is not kept and all(copy[k] is not kept[k] for k in kept)
    for found in copy.values():
        found.sort(key=lambda item: item[0], reverse=True)  # as the assessment's evidence index sorts its copy
        found.clear()
    assert kept == functions._evidence_items(bundle)
    # a bundle made from another (fewer documents) keeps its own items
    manifest = bundle.manifest.model_copy(update={"documents": bundle.manifest.documents[:1]})
    fewer = dataclasses.replace(bundle, manifest=manifest)
    assert functions._kept_items(fewer) == functions._evidence_items(fewer) != kept


class _NoAttributes:
    """A bundle-like object that keeps no attributes: its items are worked out on every call."""

    __slots__ = ("manifest", "_bundle")

    def __init__(self, bundle):
        self.manifest = bundle.manifest
        self._bundle = bundle

    def where(self, loc, note=None):
        return self._bundle.where(loc, note)


def test_a_bundle_that_keeps_no_attributes_has_its_items_worked_out_each_time(catalog):
    bundle = load_bundle(BUNDLES[0], catalog)
    plain = _NoAttributes(bundle)
    first = functions._kept_items(plain)
    assert first == functions._evidence_items(bundle) and functions._kept_items(plain) is not first


def _requested_general(ruleset):
    requested = {}
    for rule in ruleset.rules:
        for req in rule.facts:
            requested.setdefault(req.name, req)
    return sorted(requested.items())


def test_the_requested_facts_are_listed_once_per_rule_set(catalog, ruleset):
    assert list(_requested(ruleset)) == _requested_general(ruleset) and _requested(ruleset)
    assert _requested(ruleset) is _requested(ruleset)
    # another rule set (fewer rules) has its own list; a rule set requesting nothing, none
    fewer = ruleset.model_copy(update={"rules": [r for r in ruleset.rules if not r.facts]})
    assert _requested(fewer) == () == tuple(_requested_general(fewer))
    some = ruleset.model_copy(update={"rules": [r for r in ruleset.rules if r.facts][:1]})
    assert list(_requested(some)) == _requested_general(some)


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_derive_gives_the_facts_of_the_general_listing(folder, catalog, ruleset):
    got = derive(load_bundle(folder, catalog), catalog, ruleset)
    ids = [f["id"] for f in got.facts]
    assert len(ids) == len(set(ids)) == len(got.evidence)
    requested = [f"{req.function}-{name}-" for name, req in _requested_general(ruleset)]
    tail = [i for i in ids if any(i.startswith(p) for p in requested)]
    assert tail == ids[len(ids) - len(tail):]  # the requested facts come last, in the order of their names
