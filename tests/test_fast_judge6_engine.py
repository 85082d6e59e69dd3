"""Round 6 of issue 16: `run` leaves out of the batch a fact that cannot fire any rule (it fails a test every
match of each binding of its type must pass), and writes a float as its repr. Against the general forms:
every fact sent (durable fires the same), json.dumps of the message, and the facts left out each firing
nothing when sent alone."""

from __future__ import annotations

import json
import math
import random

import pytest

from cmscheck import engine
from cmscheck.rules.models import RuleSet

from test_fast_engine4_run import BUNDLES, _facts, _inputs


def _sent(ruleset, facts) -> list[dict]:
    return json.loads(engine._batch(ruleset, facts, firable=True))


def test_run_fires_what_every_fact_sent_fires_and_the_facts_left_out_fire_nothing():
    ruleset = _inputs().ruleset
    left_out = kept = 0
    for folder in BUNDLES:
        facts = _facts(folder)
        if not facts:
            continue
        every = json.loads(engine._batch(ruleset, facts))
        sent = _sent(ruleset, facts)
        assert [m for m in every if m["id"] in {s["id"] for s in sent}] == sent  # the same text, in order
        ids = {s["id"] for s in sent}
        out = [f for f in facts if f["id"] not in ids]
        left_out, kept = left_out + len(out), kept + len(sent)
        for fact in out:  # alone, each fires nothing (every rule tests one fact)
            assert engine.run(ruleset, [fact]) == [], fact["id"]
            assert not engine.may_fire(fact, engine._firable(ruleset)[fact["type"]])
    assert left_out > 200 and kept > 500


def test_the_tests_kept_per_type_are_those_every_match_must_pass():
    ruleset = _inputs().ruleset
    firable = engine._firable(ruleset)
    assert set(firable) == set(engine._typed(ruleset))
    assert firable["content"] == ((("found", False),),)
    assert firable["inventory"] is None  # a binding testing nothing more than the type: every fact sent
    expr = {"$and": [{"type": "x"}, {"$or": [{"a": "1"}, {"a": "2"}]}, {"$and": [{"b": True, "$gt": {"n": 1}}]},
                     {"c": 3}, {"d": {"$m": "e"}}]}
    assert engine._necessary(expr, []) == [("type", "x"), ("b", True)]


@pytest.mark.parametrize("fact, fires", [
    ({"type": "content", "found": False}, True),
    ({"type": "content", "found": True}, False),
    ({"type": "content"}, True),  # a field it lacks: left to the engine
    ({"type": "content", "found": 0}, True),  # a number where a flag is tested: left to the engine
    ({"type": "content", "found": "false"}, True),
])
def test_a_fact_is_left_out_only_when_it_holds_another_value_of_the_tests_type(fact, fires):
    assert engine.may_fire(fact, engine._firable(_inputs().ruleset)["content"]) is fires


def test_alternatives_any_of_which_may_pass():
    alts = ((("category", "document"), ("present", False)), (("kind", "plan"),))
    assert engine.may_fire({"category": "document", "present": False}, alts)
    assert engine.may_fire({"category": "record", "kind": "plan"}, alts)
    assert not engine.may_fire({"category": "record", "present": False, "kind": "policy"}, alts)
    assert engine.may_fire({}, None)


def test_a_batch_of_facts_none_of_which_may_fire_is_no_run():
    ruleset = _inputs().ruleset
    facts = [{"id": "c-1", "type": "content", "found": True}, {"id": "c-2", "type": "content", "found": True}]
    assert engine._batch(ruleset, facts, firable=True) == "[]"
    assert engine.run(ruleset, facts) == []
    with pytest.raises(engine.EngineError):  # still checked, though not sent
        engine.run(ruleset, [facts[0], facts[0]])
    with pytest.raises(engine.EngineError):
        engine.run(ruleset, [{"id": "c-3", "type": "content", "found": True, "kind": None}])


def _with(when) -> RuleSet:
    ruleset = _inputs().ruleset
    rule = ruleset.rules[0].model_copy(update={"when": when})
    return RuleSet.model_construct(rules=[rule, *ruleset.rules[1:]])


def test_no_tests_by_type_when_there_are_no_fields_by_type():
    ruleset = _with({"all": [{"m": {"$or": [{"type": "source"}, {"type": "factor"}]}}]})
    assert engine._firable_fields(ruleset) is None
    fact = {"id": "s-1", "type": "source", "convertible": True}
    assert engine._batch(ruleset, [fact], firable=True) == engine._batch(ruleset, [fact])


def test_a_float_is_written_as_json_dumps_writes_it():
    keys = (("deviation", '"deviation":'), ("id", '"id":'))
    rng = random.Random(6)
    values = [rng.uniform(-1e6, 1e6) for _ in range(300)] + [rng.uniform(-1, 1) * 10 ** rng.randint(-8, 20) for _ in range(300)]
    values += [0.0, -0.0, 1e-5, 5e-5, 0.00005, 1e15, -1e15, 999999999999999.9, 1e300, math.inf, -math.inf, math.nan, 2.5e-4]
    for v in values:
        want = json.dumps({"deviation": engine._plain(v), "id": "f", "sid": engine._SID}, ensure_ascii=False, separators=(",", ":"))
        assert engine._text({"id": "f", "deviation": v}, keys) == want, v
