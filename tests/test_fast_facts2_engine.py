"""The engine is sent only the fields some rule's condition names (issue 16): the same rules fire on
the same facts as when every field is sent, and a condition of any other shape sends every field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck import engine
from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.facts import derive
from cmscheck.rules import load_rules
from cmscheck.rules.models import RuleSet

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()),
           *sorted(p for p in (ROOT / "tests" / "bundles").iterdir() if p.is_dir() and (p / "cmscheck.yaml").exists())]


def _all_fields(monkeypatch, ruleset, facts):
    with monkeypatch.context() as m:
        m.setattr(engine, "_tested", lambda _ruleset: None)
        return engine.run(ruleset, facts)


def test_firings_are_those_of_the_whole_facts(monkeypatch):
    catalog, ruleset = load_catalog(), load_rules()
    fields = engine._tested(ruleset)
    assert fields is not None and {"id", "type", "kind", "tolerance"} <= fields  # "$m" references count
    fired = 0
    for path in BUNDLES:
        try:
            bundle = load_bundle(path, catalog)
        except Exception:  # noqa: BLE001  bundles made to be refused have no facts
            continue
        facts = derive(bundle, catalog, ruleset).facts
        assert any(set(f) - fields for f in facts)  # something was left out
        got = engine.run(ruleset, facts)
        assert got == _all_fields(monkeypatch, ruleset, facts), path
        fired += len(got)
    assert fired > 50


def test_a_field_no_rule_names_changes_no_firing(monkeypatch):
    catalog, ruleset = load_catalog(), load_rules()
    facts = derive(load_bundle(ROOT / "examples" / "hubei-steel", catalog), catalog, ruleset).facts
    fields = engine._tested(ruleset)
    changed = [{k: (v if k in fields else "x" * 3) for k, v in f.items()} for f in facts]
    assert engine.run(ruleset, changed) == engine.run(ruleset, facts)
    assert engine._message({"id": "a", "kind_zh": "文件", "count": 2, "share": 4e-06}, frozenset({"id", "share"})) == {
        "id": "a", "share": 0.0, "sid": engine._SID}


@pytest.mark.parametrize("when", [
    {"all": [{"m": {"$and": [{"type": "source"}, {"$gt": {"deviation": {"first": "tolerance"}}}]}}]},  # another binding
    {"all": [{"m": {"$and": [{"type": "source"}, {"kind": ["a", "b"]}]}}]},  # a value that is no plain value
    {"all": [{"m": {"$or": {"type": "source"}}}]},  # a logic operator without its list
    {"all": ["m"]},
])
def test_conditions_of_another_shape_send_every_field(when):
    ruleset = load_rules()
    rule = ruleset.rules[0].model_copy(update={"when": when})
    assert engine._tested_fields(RuleSet.model_construct(rules=[rule, *ruleset.rules[1:]])) is None
    assert engine._tested_fields(RuleSet.model_construct(rules=list(ruleset.rules))) == engine._tested(ruleset)
