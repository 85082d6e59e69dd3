"""Fast paths of judging (issue 16, round 3) against their general paths: the compiled selectors of a
rule's condition, cited evidence keyed once per fact, the evidence index's names and supported statements
kept per process, and the reasons of conditions kept per manifest."""

from __future__ import annotations

import itertools

from cmscheck import selection, witness
from cmscheck.applicability import APPLIES, applicable, default_entries
from cmscheck.bundle import load_bundle
from cmscheck.bundle.models import Manifest
from cmscheck.findings import Bilingual, EvidenceRef
from cmscheck.selection import rule_types, standard_plan

from test_fast_judge import BUNDLES, _facts, _inputs  # the same bundles and cached facts


def _looked_at_by_bindings(when: dict, facts: list[dict]) -> tuple[list[dict], list[dict]]:
    """The general path: each binding's alternative selector sets, tested with `matches`."""
    per_binding = witness.bindings(when)
    seen = [f for f in facts if f.get("present", True) is not False and any(witness.matches(f, b) for b in per_binding)]
    return [f for f in seen if f.get("checked", True) is not False], [f for f in seen if f.get("checked", True) is False]


def test_compiled_selectors_look_at_what_the_bindings_look_at():
    ruleset = _inputs().ruleset
    facts = [f for folder in BUNDLES for f in _facts(folder).facts]
    # facts no rule's selectors admit, and one that reads absent or unmeasured
    facts += [{**f, "type": "no-such-type"} for f in facts[:30]]
    facts += [{**f, "present": False} for f in facts[:30]] + [{**f, "checked": False} for f in facts[:60]]
    looked = 0
    for rule, types, _ in rule_types(ruleset):
        got = witness.looked_at(rule.when, facts)
        assert got == _looked_at_by_bindings(rule.when, facts), rule.id
        looked += len(got[0]) + len(got[1])
    assert looked > 500
    # conditions of every shape: $and, $or, a plain test, no string selector at all
    for when in ({"all": [{"m": {"$and": [{"type": "activity"}, {"$or": [{"activity": "audit"}, {"activity": "review"}]}]}}]},
                 {"any": [{"a": {"type": "evidence"}}, {"b": {"$or": []}}]},
                 {"all": [{"x": {"$gt": {"days": 3}}}]}, {"all": []}):
        sample = [{"type": "activity", "activity": "audit"}, {"type": "activity", "activity": "other"},
                  {"type": "evidence", "kind": "policy"}, {"type": "evidence", "present": False}, {"days": 4}]
        assert witness.looked_at(when, sample) == _looked_at_by_bindings(when, sample), when


def test_cited_with_keys_taken_once_equals_cited_with_keys_taken_each_time():
    refs = [EvidenceRef(file=f"f{i % 4}.md", line=i % 3 or None, field="a" if i % 5 == 0 else None) for i in range(30)]
    groups = [refs[i:i + k] for i, k in zip(range(0, 30, 3), itertools.cycle([1, 4, 2, 7]))]
    groups.append([refs[0], refs[0].model_copy(), refs[1]])  # equal by value, not the same object; a repeat inside one list
    for limit in (None, 1, 5):
        keyed, plain = witness.Cited(), witness.Cited()
        for g in groups:
            keyed.add("s", g, limit, tuple(map(witness.ref_key, g)))
            plain.add("s", g, limit)
        assert keyed == plain and keyed["s"]


def test_evidence_index_entries_kept_per_process_equal_fresh_ones():
    inputs = _inputs()
    catalog, ruleset = inputs.catalog, inputs.ruleset
    plans = tuple(standard_plan(catalog, ruleset, default_entries(), sid) for sid in sorted(catalog.standards))
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    for subset in (plans, plans[:2], plans[1:3], ()):
        for kind in [*vocab, "not-a-vocabulary-kind"]:
            name, supports = selection.kind_entry(catalog, subset, kind)
            assert supports == sorted(sid for p in subset for sid in p.demanded.get(kind, ()))
            v = vocab.get(kind)
            assert name == (Bilingual(zh=v.name.zh, en=v.name.en or kind) if v else Bilingual(zh=kind, en=kind))
            assert selection.kind_entry(catalog, subset, kind) == (name, supports)
    kept = selection.kind_entry(catalog, plans, next(iter(vocab)))[1]
    assert selection.kind_entry(catalog, plans, next(iter(vocab)))[1] is kept  # a vocabulary kind's entry is kept
    own = selection.kind_entry(catalog, plans, "not-a-vocabulary-kind")[1]
    assert selection.kind_entry(catalog, plans, "not-a-vocabulary-kind")[1] is not own  # a bundle's own kind is never kept


def test_reasons_kept_per_manifest_equal_reasons_judged_each_time():
    catalog = _inputs().catalog
    manifests = [load_bundle(folder, catalog).manifest for folder in BUNDLES]
    market = manifests[0].organization.model_copy(update={"carbon_market": "none"})
    manifests.append(manifests[0].model_copy(update={"organization": market}))
    kinds = [None, *sorted({k for e in default_entries() for k in e.evidence})]
    unmet = 0
    for m in manifests:
        assert isinstance(m, Manifest)
        held: dict = {}
        for st in catalog.all_statements():
            for kind in kinds:
                fresh = applicable(st.id, m, kind)
                kept = applicable(st.id, m, kind, default_entries(), held)
                assert kept == fresh and applicable(st.id, m, kind, default_entries(), held) is kept
                if fresh[0]:
                    assert kept is APPLIES
                else:
                    unmet += 1
    assert unmet > 10
