"""Round 6 of issue 16: a quiet checked rule's looked-at facts are arranged once per bundle for citing
(witness.arranged): a rule whose facts all concern every statement it decides cites, to a statement citing
nothing yet, what citing them all in turn leaves; a rule whose facts all name their statements is looked up
by the statements a standard's plan decides. Against the general loop: fact by fact, each to the statements
RulePlan.concern gives it, while fewer than the limit are cited."""

from __future__ import annotations

import random

import pytest

from cmscheck import engine, evaluate, witness
from cmscheck.findings import EvidenceRef
from cmscheck.selection import RulePlan, standard_plan

from test_fast_judge import BUNDLES, _facts, _inputs


def _general(rp, seen, skipped, witnessed, present, limit) -> None:
    """The loop evaluate._judge ran before round 6."""
    for fact, cites, measured in seen:
        into = witnessed if measured else present
        for sid in rp.concern(fact)[1]:
            if sid not in skipped and len(into.get(sid, ())) < limit:
                into.cite(sid, cites, limit)


def _both(plan, looked, skipped, limit):
    fast, slow = (witness.Cited(), witness.Cited()), (witness.Cited(), witness.Cited())
    arranged = {}
    for rp in plan.rules:
        seen = looked.get(rp.rule_id)
        if seen is None:
            continue
        if rp.rule_id not in arranged:
            arranged[rp.rule_id] = witness.arranged(rp.rule, seen, limit)
        arranged[rp.rule_id].cite(rp, skipped, *fast)
        _general(rp, seen, skipped, *slow, limit)
    return fast, slow, arranged


def _same(fast, slow):
    for a, b in zip(fast, slow):
        assert a == b  # the same statements, the same refs in the same order
        for sid in a:  # and the same keys kept for the citations to come
            assert set(a._keys[sid]) == set(b._keys[sid]) == set(map(witness.ref_key, a[sid]))


@pytest.mark.parametrize("limit", [1, 2, evaluate.WITNESS_LIMIT, 100])
def test_arranged_cites_what_the_fact_by_fact_loop_cites(limit):
    inputs = _inputs()
    rng = random.Random(limit)
    shapes = set()
    for folder in BUNDLES:
        j = _bundle(folder)
        for std_id in sorted(inputs.catalog.standards):
            plan = standard_plan(inputs.catalog, inputs.ruleset, j.entries, std_id)
            ids = [sid for rp in plan.rules for sid in rp.every[1]]
            for skipped in ({}, {sid: "x" for sid in rng.sample(ids, len(ids) // 3)}):
                fast, slow, arranged = _both(plan, j.looked, skipped, limit)
                _same(fast, slow)
                shapes |= {type(a).__name__ for a in arranged.values()}
    assert shapes >= {"_Every", "_Named"}  # _Facts: no checked rule of the rule set is per kind (below)


def _bundle(folder):
    from cmscheck.bundle import load_bundle
    inputs = _inputs()
    facts = _facts(folder)
    return evaluate._Bundle(load_bundle(folder, inputs.catalog), inputs.ruleset, facts, engine.run(inputs.ruleset, facts.facts))


def _refs(n: int, start: int = 0) -> dict:
    return witness.keyed([EvidenceRef(file=f"f{i}.md") for i in range(start, start + n)])


def _plan(per_kind: bool = False) -> RulePlan:
    ruleset = _inputs().ruleset
    rule = next(r for r in ruleset.rules if r.per_evidence_kind is per_kind)
    catalog = _inputs().catalog
    statements = tuple(s for std in sorted(catalog.standards) for s in catalog.standards[std].statements()
                       if s.evidence)[:4]
    return RulePlan(rule, (), frozenset(), statements, {s.id: i for i, s in enumerate(statements)})


def test_edge_cases_cite_as_the_general_loop():
    rp = _plan()
    a, b, c, d = rp.every[1]
    cases = [
        [({"id": "1"}, _refs(3), True), ({"id": "2"}, _refs(4, 2), True), ({"id": "3"}, _refs(2, 9), False)],
        [({"id": "1"}, _refs(7), True), ({"id": "2"}, _refs(1, 20), True)],  # over the limit at once
        [({"statements": f"{a} {a} zz"}, _refs(2), True), ({"statements": f"{b} {a}"}, _refs(5, 1), True),
         ({"statements": f"{a}"}, _refs(1, 30), False), ({"statements": ""}, _refs(1, 40), True)],
        [({"statements": a}, _refs(1), True), ({"id": "x"}, _refs(2, 5), True)],  # mixed: fact by fact
        [],
    ]
    for seen in cases:
        for skipped in ({}, {b: "x"}):
            fast, slow = (witness.Cited(), witness.Cited()), (witness.Cited(), witness.Cited())
            for pre in (fast, slow):  # another rule cited some of them first
                pre[0].cite(c, _refs(2, 50))
                pre[0].cite(a, _refs(1, 60))
            arranged = witness.arranged(rp.rule, seen, 5)
            arranged.cite(rp, skipped, *fast)
            arranged.cite(rp, skipped, *fast)  # a second standard's plan: the arrangement is not changed
            _general(rp, seen, skipped, *slow, 5)
            _general(rp, seen, skipped, *slow, 5)
            _same(fast, slow)


def test_facts_of_an_evidence_kind_each_go_fact_by_fact():
    rp = _plan(per_kind=True)
    seen = [({"kind": "policy"}, _refs(1), True), ({"id": "y"}, _refs(1, 3), True)]
    assert type(witness.arranged(rp.rule, seen, 5)).__name__ == "_Facts"
    assert type(witness.arranged(_plan().rule, seen, 5)).__name__ == "_Every"  # kind read only per kind


def test_stepwise_is_what_citing_in_turn_leaves():
    seq = [_refs(2), _refs(3, 1), _refs(4, 10), _refs(1, 20)]
    for limit in (1, 3, 5, 50):
        cited = witness.Cited()
        for cites in seq:
            cited.cite("s", cites, limit)
        assert list(witness.stepwise(seq, limit).values()) == cited["s"]
    assert witness.stepwise([], 5) == {}
