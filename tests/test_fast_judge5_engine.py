"""Round 5 of issue 16: a fact is sent durable-rules only the fields the rules demanding its type test, and
its JSON is written out directly (no message dict, no encoder). The firings stay durable's own Python
path's with every field sent (test_fast_engine4_run, on every bundle and rule case); here, each piece
against its general form: the text against json.dumps of the message, the fields by type against the
rules' bindings, and the conditions for which no fields by type are kept."""

from __future__ import annotations

import json

import pytest

from cmscheck import engine
from cmscheck.rules.models import RuleSet

from test_fast_engine4_run import BUNDLES, _facts, _inputs


def _cut(fact: dict, keys) -> dict:
    """The general form: `_message` of every tested field, cut down to `keys`, sid last."""
    message = engine._message(fact, engine._tested(_inputs().ruleset))
    return {**{k: message[k] for k, _ in keys if k in message}, "sid": engine._SID}


def _every_fact() -> list[dict]:
    return [f for folder in BUNDLES if (facts := _facts(folder)) for f in facts]


def test_a_facts_text_is_json_dumps_of_its_message_cut_to_its_types_fields():
    typed = engine._typed(_inputs().ruleset)
    facts = _every_fact()
    assert len(facts) > 1000
    for fact in facts:
        keys = typed[fact["type"]]
        text = engine._text(fact, keys)
        assert text == json.dumps(_cut(fact, keys), ensure_ascii=False, separators=(",", ":")), fact["id"]
        assert engine._batch(_inputs().ruleset, [fact]) == f"[{text}]"  # _batch writes it inline


@pytest.mark.parametrize("value", ["文件 \"引号\" \\ \n\t\u2028", "", 0, -3, 10**15, -(10**16), 2**70, True, False, 0.5, 4e-06,
                                   -1e20, 1e15, 123456.78901, float("nan"), float("inf"), ["a", 1], {"x": 1.5}])
def test_any_value_is_written_as_json_dumps_writes_its_message(value):
    fact = {"id": "f-1", "type": "source", "deviation": value, "kind_zh": "不送"}
    keys = (("deviation", '"deviation":'), ("id", '"id":'), ("missing", '"missing":'), ("type", '"type":'))
    want = {"deviation": engine._plain(value) if type(value) in (int, float) and type(value) is not bool else value,
            "id": "f-1", "type": "source", "sid": engine._SID}
    assert engine._text(fact, keys) == json.dumps(want, ensure_ascii=False, separators=(",", ":"))
    sent = json.loads(engine._batch(_inputs().ruleset, [fact]))[0]  # inline, with the source type's fields
    assert sent["deviation"] == want["deviation"] or value != value and sent["deviation"] != sent["deviation"]
    assert "kind_zh" not in sent and sent["sid"] == engine._SID


def test_each_types_fields_hold_what_every_binding_demanding_it_tests():
    ruleset = _inputs().ruleset
    typed = engine._typed(ruleset)
    tested = engine._tested(ruleset)
    assert typed is not None and set(typed) >= {f["type"] for f in _every_fact()}
    for ftype, keys in typed.items():
        names = [k for k, _ in keys]
        assert names == sorted(set(names)) and {"id", "type"} <= set(names) <= tested
        assert all(key == json.dumps(k, ensure_ascii=False) + ":" for k, key in keys)
    for rule in ruleset.rules:
        for bindings in rule.when.values():
            for binding in bindings:
                for expr in binding.values():
                    fields: set = set()
                    assert engine._walk(expr, fields)
                    assert fields <= {k for k, _ in typed[engine._required_type(expr)]}, rule.id
    # fewer fields than every tested one, for most types
    assert sum(len(keys) < len(tested) for keys in typed.values()) == len(typed)


def _with(when) -> RuleSet:
    ruleset = _inputs().ruleset
    rule = ruleset.rules[0].model_copy(update={"when": when})
    return RuleSet.model_construct(rules=[rule, *ruleset.rules[1:]])


@pytest.mark.parametrize("when", [
    {"all": [{"m": {"$or": [{"type": "source"}, {"type": "factor"}]}}]},  # no one type every match must have
    {"all": [{"m": {"$and": [{"$or": [{"type": "source"}]}, {"convertible": True}]}}]},
    {"all": [{"m": {"$and": [{"type": "source"}, {"sid": "x"}]}}]},  # a field named sid
    {"all": [{"m": {"$and": [{"type": "source"}, {"kind": ["a", "b"]}]}}]},  # not plain: every field sent
])
def test_conditions_without_one_type_per_binding_keep_no_fields_by_type(when):
    assert engine._typed_fields(_with(when)) is None


@pytest.mark.parametrize("when, ftype", [
    ({"all": [{"m": {"type": "source", "convertible": True}}]}, "source"),
    ({"all": [{"m": {"$and": [{"convertible": True}, {"$and": [{"type": "source"}]}]}}]}, "source"),
])
def test_a_type_demanded_at_the_top_or_in_nested_ands_is_found(when, ftype):
    (binding,) = when["all"]
    assert engine._required_type(binding["m"]) == ftype
    assert engine._typed_fields(_with(when)) is not None


def test_a_fact_of_a_type_no_rule_demands_is_sent_every_tested_field():
    ruleset = _inputs().ruleset
    fact = {"id": "x-1", "type": "no-such-type", "convertible": True, "kind_zh": "不送"}
    assert json.loads(engine._batch(ruleset, [fact])) == [engine._message(fact, engine._tested(ruleset))]
    assert engine.run(ruleset, [fact]) == []
