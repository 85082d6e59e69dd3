"""engine.run reads the actions durable-rules' C engine starts itself (issue 16, round 4): no Host, no
Python closure per firing. It must fire what durable's own Python path fires (a Host's Ruleset, its
actions run by do_actions on the same batch) on every example, park member, test bundle and rule case,
and fail loudly, leaving the engine usable, when an action's message is not of the shape it reads."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

import durable_rules_engine as _c
from cmscheck import engine, pipeline
from cmscheck.bundle import load_bundle
from cmscheck.facts import derive
from cmscheck.problems import InputError

import durable_host

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "small-manufacturer", ROOT / "examples" / "park",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()),
           *sorted(p for p in (ROOT / "tests" / "bundles").iterdir() if (p / "cmscheck.yaml").exists())]


@lru_cache(maxsize=1)
def _inputs():
    return pipeline.load_inputs()


def _facts(folder: Path) -> list[dict] | None:
    inputs = _inputs()
    try:
        bundle = load_bundle(folder, inputs.catalog)
    except InputError:  # bundles made to be refused have no facts
        return None
    facts = derive(bundle, inputs.catalog, inputs.ruleset).facts
    return facts


def _general(ruleset, facts: list[dict]) -> list[engine.Firing]:
    """durable-rules' Python path on one batch: the Host's Ruleset, every action run by do_actions through
    a Closure and the Host's action function (what engine.run did before round 4), all fields sent."""
    if not facts:
        return []
    batch = json.dumps([engine._message(f) for f in facts], ensure_ascii=False)
    with engine._lock:
        host, name = durable_host.registered(ruleset)
        rules = host.get_ruleset(name)
        host.sink, host.errors = [], []
        try:
            code, state = _c.assert_facts(rules._handle, batch)
            assert code in (0, 1)
            failed: list = []
            rules.do_actions(state, lambda err, _state: failed.append(err) if err else None)
            assert not failed and not host.errors
            return sorted(set(host.sink))
        finally:
            host.sink = None
            _c.retract_facts(rules._handle, batch)


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_run_fires_what_durables_python_path_fires(folder):
    facts = _facts(folder)
    if facts is None:
        pytest.skip("a bundle made to be refused")
    ruleset = _inputs().ruleset
    fast = engine.run(ruleset, facts)
    assert fast == _general(ruleset, facts)
    assert engine.run(ruleset, facts) == fast  # all retracted: the next bundle starts from nothing


def test_bundles_fire_something():
    ruleset = _inputs().ruleset
    fired = [f for folder in BUNDLES if (facts := _facts(folder)) for f in engine.run(ruleset, facts)]
    assert len(fired) > 50 and all(f.facts for f in fired)  # every firing names the fact it matched


def test_run_fires_what_durables_python_path_fires_on_every_rule_case(tmp_path):
    import test_rules  # the rule cases' bundle builder

    inputs = _inputs()
    kinds = set()
    for i, param in enumerate(test_rules.cases()):
        rule_id, kind, case = param.values
        facts = derive(load_bundle(test_rules.build(tmp_path / str(i), case), inputs.catalog),
                       inputs.catalog, inputs.ruleset).facts
        fast = engine.run(inputs.ruleset, facts)
        assert fast == _general(inputs.ruleset, facts), param.id
        if kind == "fires":
            assert rule_id in {f.rule for f in fast}, param.id
        kinds.add(kind)
    assert kinds == {"fires", "quiet"}  # the quiet cases too: what must not fire is compared as well


def test_an_unreadable_action_fails_loudly_and_leaves_the_engine_usable(monkeypatch):
    ruleset = _inputs().ruleset
    facts = _facts(ROOT / "examples" / "hubei-steel")
    before = engine.run(ruleset, facts)
    assert before
    handle, _names = engine._handle(ruleset)
    with monkeypatch.context() as m:  # the engine names a rule this module does not know
        m.setitem(engine._handles, engine._compile(ruleset)[0], (handle, {}))
        with pytest.raises(engine.EngineError, match="cannot read"):
            engine.run(ruleset, facts)
    # every action was completed and the facts retracted: the same facts fire the same rules again
    assert engine.run(ruleset, facts) == before
    assert engine._fired('{"r":{"m":{"id":"f-1","type":"x"}}}', {"r": ["m"]}) == engine.Firing("r", ("f-1",))
    for bad in ('{"r":{"m":{"type":"x"}}}', '{"r":{},"s":{}}', "[]", "{"):
        with pytest.raises(engine.EngineError):
            engine._fired(bad, {"r": ["m"]})


def test_a_fresh_handle_after_fork_fires_the_same(monkeypatch):
    ruleset = _inputs().ruleset
    facts = _facts(ROOT / "examples" / "hubei-steel")
    before = engine.run(ruleset, facts)
    monkeypatch.setattr(engine, "_handles", {})  # what reset_after_fork leaves: created again on use
    assert engine.run(ruleset, facts) == before


def test_run_still_refuses_what_it_refused():
    ruleset = _inputs().ruleset
    assert engine.run(ruleset, []) == []
    assert engine.run(ruleset, [{"id": "x-1", "type": "no-rule-tests-this"}]) == []
    for facts in ([{"id": "a", "type": "records"}, {"id": "a", "type": "records"}], [{"type": "records"}],
                  [{"id": "a", "type": "records", "missing": None}]):
        with pytest.raises(engine.EngineError):
            engine.run(ruleset, facts)
    # numbers durable-rules' JSON reader cannot read are sent as numbers it can: the batch is read whole
    odd = [{"id": "r-1", "type": "records", "missing": 1e20}, {"id": "r-2", "type": "records", "missing": 4e-6},
           {"id": "r-3", "type": "records", "missing": 10**16}, {"id": "r-4", "type": "records", "missing": 0}]
    assert engine.run(ruleset, odd) == _general(ruleset, odd)
    assert {f.facts for f in engine.run(ruleset, odd)} == {("r-1",), ("r-3",)}
