"""The fast paths of judging give what the general paths give (issue 16): the engine's one-batch run,
the message filler, the conditions' index and memo, the de-duplication of cited evidence, results
built without validation, the per-standard plan and the results built once per process."""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path

import pytest
from durable import engine as dr

from cmscheck import engine, evaluate, pipeline, selection, witness
from cmscheck.applicability import _holds, applicable, default_entries
from cmscheck.assessment import Counts, StatementResult, construct
from cmscheck.bundle import load_bundle
from cmscheck.bundle.models import Manifest
from cmscheck.facts import derive
from cmscheck.findings import Bilingual, EvidenceRef, Finding
from cmscheck.rules.messages import _Fields, _fill, _pieces, message

import durable_host

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), *sorted((ROOT / "tests" / "bundles").iterdir())]


@lru_cache(maxsize=1)
def _inputs():
    return pipeline.load_inputs()


@lru_cache(maxsize=None)
def _facts(folder: Path):
    inputs = _inputs()
    return derive(load_bundle(folder, inputs.catalog), inputs.catalog, inputs.ruleset)


# ------------------------------------------------------------------------------------------ engine


def _run_singly(ruleset, facts: list[dict]) -> list[engine.Firing]:
    """The general path: one fact at a time through durable-rules' Host, each message's actions run as
    it is asserted (what engine.run did before it sent a bundle's facts in one batch)."""
    messages = [engine._message(f) for f in facts]
    with engine._lock:
        host, name = durable_host.registered(ruleset)
        host.sink, host.errors = [], []
        try:
            for m in messages:
                try:
                    host.assert_fact(name, m)
                except dr.MessageNotHandledException:
                    pass
            assert not host.errors
            return sorted(set(host.sink))
        finally:
            host.sink = None
            for m in messages:
                try:
                    host.retract_fact(name, m)
                except dr.MessageNotHandledException:
                    pass


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_the_batch_fires_what_one_fact_at_a_time_fires(folder):
    ruleset = _inputs().ruleset
    facts = _facts(folder).facts
    batch = engine.run(ruleset, facts)
    assert batch == _run_singly(ruleset, facts)
    assert engine.run(ruleset, facts) == batch  # everything asserted was retracted: a second run is the same


def test_the_batch_fires_on_every_rule_case(tmp_path):
    """Every rule's fires cases (tests/rules): the batch gives the same firings as the general path, and
    between them the cases make every rule fire."""
    import test_rules  # the rule cases' bundle builder

    inputs = _inputs()
    fired: set[str] = set()
    for i, param in enumerate(test_rules.cases()):
        rule_id, kind, case = param.values
        if kind != "fires":
            continue
        folder = test_rules.build(tmp_path / str(i), case)
        facts = derive(load_bundle(folder, inputs.catalog), inputs.catalog, inputs.ruleset).facts
        batch = engine.run(inputs.ruleset, facts)
        assert batch == _run_singly(inputs.ruleset, facts), param.id
        assert rule_id in {f.rule for f in batch}, param.id
        fired |= {f.rule for f in batch}
    assert fired == {r.id for r in inputs.ruleset.rules}


def test_a_message_passes_text_and_flags_as_they_are_and_numbers_through_plain():
    class Text(str):
        pass

    samples = [{"id": "a", "n": 1, "s": "t", "b": True, "off": False, "tiny": 4e-6, "huge": 1e20, "big": 10**16,
                "neg": -1e20, "sub": Text("x"), "z": 0.0}, {"sid": "theirs", "id": "b", "k": "v"}]
    samples += [f for folder in BUNDLES[:2] for f in _facts(folder).facts]
    for fact in samples:
        general = {**{k: engine._plain(v) for k, v in fact.items()}, "sid": engine._SID}
        fast = engine._message(fact)
        assert fast == general and list(fast) == list(general)
        assert all(type(fast[k]) is type(general[k]) for k in fast)


def test_the_batch_declines_nothing_and_fails_loudly():
    ruleset = _inputs().ruleset
    assert engine.run(ruleset, []) == []  # no batch at all: an empty one names no state
    assert engine.run(ruleset, [{"id": "x-1", "type": "no-rule-tests-this"}]) == []  # matched by no rule
    with pytest.raises(engine.EngineError):
        engine.run(ruleset, [{"id": "a", "type": "records"}, {"id": "a", "type": "records"}])
    with pytest.raises(engine.EngineError):
        engine.run(ruleset, [{"id": "a", "type": "records", "count": None}])


# ---------------------------------------------------------------------------------------- messages


TEMPLATES = ["{a} and {b}", "{a:.1f}%{b!r}", "{missing}", "x{{y}}z{a}", "{a:>8}|{b:^5}", "{a!s:>5}", "{d}", "", "plain",
             "{c}", "{a!a}", "中文{b}，{a:,.2f}"]
DECLINED = ["{a:{b}}", "{0}", "{}", "{a.b}", "{c[0]}", "{b!x}", "{a", "a}", "{a!r:{b}}"]


@pytest.mark.parametrize("template", TEMPLATES + DECLINED)
def test_a_message_fills_as_the_general_formatter_does(template):
    fact = {"a": 1234.5, "b": "钢", "c": [1, 2], "d": None}
    try:
        general = _Fields().format(template, **fact)
    except Exception as err:  # noqa: BLE001 — the fast path must raise the same
        with pytest.raises(type(err)):
            _fill(template, fact)
    else:
        assert _fill(template, fact) == general
    assert (_pieces(template) is None) == (template in DECLINED)  # the fast path declines what it cannot fill


def test_every_rule_message_fills_as_the_general_formatter_does():
    facts = [f for folder in BUNDLES for f in _facts(folder).facts]
    filled = 0
    for rule, types, _ in selection.rule_types(_inputs().ruleset):
        t = rule.finding.message
        for fact in [f for f in facts if f["type"] in types][:40]:
            assert message(t, fact) == Bilingual(zh=_Fields().format(t.zh, **fact), en=_Fields().format(t.en, **fact))
            filled += 1
    assert filled > 500


# -------------------------------------------------------------------------------------- conditions


def _applicable_by_scan(statement_id, manifest, kind=None):
    """The general path: every entry scanned, every condition judged anew."""
    for e in default_entries():
        if statement_id not in e.statements:
            continue
        if e.evidence and (kind is None or kind not in e.evidence):
            continue
        holds, why = _holds(e.condition, manifest)
        if not holds:
            return False, Bilingual(zh=f"条件不成立：“{e.quote}”；{why.zh}", en=f"condition not met: “{e.quote}”; {why.en}")
    return True, Bilingual(zh="适用", en="applies")


ORG = {"name": "x", "kind": "enterprise", "period": {"start": "2024-01-01", "end": "2024-12-31"}, "as_of": "2025-03-31"}


@pytest.mark.parametrize("market, declarations", list(itertools.product(
    ["none", "provincial"], [{}, {"changes_in_period": False}, {"offsets_used": True, "changes_in_period": False}])))
def test_the_conditions_index_and_memo_give_the_scan(market, declarations):
    m = Manifest.model_validate({"organization": {**ORG, "carbon_market": market, "declarations": declarations}})
    catalog = _inputs().catalog
    # a kind matters only by being one a condition names or not
    kinds = [None, "policy", *sorted({k for e in default_entries() for k in e.evidence})]
    held: dict = {}
    answers = set()
    for st in catalog.all_statements():
        for kind in kinds:
            expected = _applicable_by_scan(st.id, m, kind)
            assert applicable(st.id, m, kind) == expected
            assert applicable(st.id, m, kind, default_entries(), held) == expected
            answers.add(expected[0])
    assert answers == {True, False}  # the manifests make some condition fail


# --------------------------------------------------------------------------------- cited evidence


def _cite_by_list(cited: list, refs: list, limit: int | None) -> None:
    """The general path: pydantic's == on a list, the limit read before the refs are added."""
    cited += [r for r in refs if r not in cited and (limit is None or len(cited) < limit)]


def test_cited_evidence_is_deduplicated_as_the_list_was():
    refs = [EvidenceRef(file=f"f{i % 4}.md", line=i % 3 or None, field="a" if i % 5 == 0 else None) for i in range(30)]
    groups = [refs[i:i + k] for i, k in zip(range(0, 30, 3), itertools.cycle([1, 4, 2, 7]))]
    groups.append([refs[0], refs[0].model_copy(), refs[1]])  # equal by value, not the same object; a repeat inside one list
    for limit in (None, 1, 5):
        fast, general = witness.Cited(), {}
        for g in groups:
            fast.add("s", g, limit)
            _cite_by_list(general.setdefault("s", []), g, limit)
        assert fast == general


# ------------------------------------------------------------------------------------ construction


def test_construct_gives_the_validated_model():
    values = {"id": "cms:5.1.s1", "clause": "5.1", "modality": "shall", "status": "conforming", "basis": "checked",
              "decided_by": "rule", "rules": ["r"], "evidence": [EvidenceRef(file="a.md", line=3)]}
    built, validated = construct(StatementResult, values), StatementResult(**values)
    assert built == validated and built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == validated.model_fields_set
    assert built.findings == [] and built.findings is not construct(StatementResult, values).findings  # fresh lists
    with pytest.raises(TypeError):
        construct(StatementResult, {**values, "nonsense": 1})
    counts = {"by_status": {}, "by_decision": {}, "by_basis": {}, "nonconformities": {}, "observations": 0}
    assert construct(Counts, counts) == Counts(**counts)
    f = {"id": "x/r/1", "rule": "r", "standard": "x", "statements": ["s"], "verdict": "nonconforming", "type": "systemic",
         "grade": "general", "message": Bilingual(zh="a", en="b")}
    assert construct(Finding, f).model_dump_json() == Finding(**f).model_dump_json()


# --------------------------------------------------------------------------------- plan and stock


def test_the_plan_holds_what_the_catalog_and_rules_say():
    inputs = _inputs()
    catalog, ruleset, entries = inputs.catalog, inputs.ruleset, default_entries()
    for std_id, std in catalog.standards.items():
        plan = selection.standard_plan(catalog, ruleset, entries, std_id)
        assert plan is selection.standard_plan(catalog, ruleset, entries, std_id)  # once per process
        walked = [(st, c.number) for c in std.walk() for st in c.statements]
        assert [(st, base["clause"]) for st, base, _ in plan.rows] == walked
        for st, base, deciders in plan.rows:
            assert base == {"id": st.id, "clause": base["clause"], "modality": st.modality}
            assert list(deciders) == [r.id for r in ruleset.rules if st in selection.decided_by(r, catalog, std_id)]
        assert [rp.rule for rp in plan.rules] == [r for r in ruleset.rules if selection.decided_by(r, catalog, std_id)]
        demanded: dict = {}
        for st in std.statements():
            for k in st.evidence:
                demanded.setdefault(k, []).append(st.id)
        assert {k: list(v) for k, v in plan.demanded.items()} == demanded
        governed = {st.id for st in std.statements() for e in entries if not e.evidence and st.id in e.statements}
        assert {sid for sid, _ in plan.conditional} == governed


def test_a_rule_plan_finds_the_concerned_statements_the_scan_finds():
    inputs = _inputs()
    catalog, ruleset, entries = inputs.catalog, inputs.ruleset, default_entries()
    facts = [f for folder in BUNDLES for f in _facts(folder).facts]
    facts += [{**f, "statements": f"{f['statements']} cms:no-such-statement"} for f in facts if "statements" in f][:20]
    compared = named = 0
    for std_id in catalog.standards:
        for rp in selection.standard_plan(catalog, ruleset, entries, std_id).rules:
            for fact in facts:
                if fact["type"] in rp.types:
                    assert list(rp.concerned(fact)) == selection.concerned(rp.rule, list(rp.decided), fact)
                    compared += 1
                    named += isinstance(fact.get("statements"), str)
    assert compared > 1000 and named > 100


def test_results_built_once_equal_results_built_anew():
    inputs = _inputs()
    opts = pipeline.Options()
    first = pipeline.load_and_assess(BUNDLES[0], inputs, opts).assessment
    evaluate._stock.cache_clear()  # the results of statements nothing decides, built again
    again = pipeline.load_and_assess(BUNDLES[0], inputs, opts).assessment
    assert again == first and again.model_dump_json() == first.model_dump_json()
    stock = [r for s in again.standards for r in s.statements if r.status in ("informative", "not_assessed") and not r.rules]
    assert stock and all(r.basis == "none" and r.decided_by == "none" and not r.evidence and not r.findings for r in stock)
