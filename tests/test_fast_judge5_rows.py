"""Round 5 of issue 16: a judged row is built by `row` with the fields set its kind gives (no pattern
worked out per row, no second call), a firing's statements are split by modality once per process, a
layout keeps what judging reads of a row in one tuple, the evidence index looks its kinds' entries up
once, and cited evidence from one place is keyed without the general loop. Each against the general form
it replaces; the whole assessment stays that of the frozen evaluator (test_fast_judge4_same)."""

from __future__ import annotations

import itertools

import pytest

from cmscheck import selection, witness
from cmscheck.applicability import default_entries
from cmscheck.assessment import (
    GIVEN_EVIDENCE, GIVEN_FINDINGS, GIVEN_NOTE, GIVEN_RULES, StatementResult, construct, row, row_result,
)
from cmscheck.findings import EvidenceRef

from test_fast_judge import BUNDLES, _facts, _inputs  # the same bundles and cached facts

BASE = ("cms:5.1.s1", "5.1", "shall")
REFS = [EvidenceRef(file="a.md", line=3)]

# each kind of row evaluate._judge builds with `row`: (status, basis, decided_by, rules, findings, evidence,
# note) as row_result is given them (None: not given), and the set `row` is handed for it
KINDS = [
    (("not_applicable", "excluded", "exclusion", None, None, None, "why"), GIVEN_NOTE),
    (("nonconforming", "checked", "rule", ["r1"], ["cms/r1/x"], None, None), GIVEN_FINDINGS),
    (("observation", "checked", "rule", ["r1", "r2"], ["cms/r1/x~obs"], None, None), GIVEN_FINDINGS),
    (("conforming", "checked", "rule", ["r1"], None, REFS, None), GIVEN_EVIDENCE),
    (("documented", "documented", "rule", ["r1"], None, REFS, None), GIVEN_EVIDENCE),
    (("not_assessed", "none", "none", ["r1"], None, None, None), GIVEN_RULES),
]


@pytest.mark.parametrize("values, given", KINDS, ids=lambda v: v[0] if isinstance(v, tuple) else "")
def test_a_row_is_the_result_row_result_and_validation_give(values, given):
    status, basis, decided, rules, findings, evidence, note = values
    built = row(BASE, status, basis, decided, rules or [], findings or [], evidence or [], note, given)
    general = row_result(BASE, *values)
    fields = {"id": BASE[0], "clause": BASE[1], "modality": BASE[2], "status": status, "basis": basis,
              "decided_by": decided, **{k: v for k, v in (("rules", rules), ("findings", findings),
                                                          ("evidence", evidence), ("note", note)) if v is not None}}
    for other in (general, construct(StatementResult, fields), StatementResult(**fields)):
        assert built == other and built.model_fields_set == other.model_fields_set
        assert list(vars(built)) == list(vars(other))
        assert built.model_dump_json() == other.model_dump_json()
        assert built.model_dump_json(exclude_unset=True) == other.model_dump_json(exclude_unset=True)
    # a copy with an update adds to its own set, never to the one the rows of a kind share
    copied = built.model_copy(update={"answered_by": "x"})
    assert "answered_by" in copied.model_fields_set and "answered_by" not in given


def test_the_sets_row_is_handed_are_among_row_results_sixteen():
    """Each set `row` is handed is one row_result records for some pattern of given fields."""
    sets = {frozenset(s) for s in (GIVEN_NOTE, GIVEN_FINDINGS, GIVEN_EVIDENCE, GIVEN_RULES)}
    general = {frozenset(row_result(BASE, "documented", "documented", "rule", *args).model_fields_set)
               for args in itertools.product([None, ["r"]], [None, ["f"]], [None, REFS], [None, "n"])}
    assert sets <= general and len(general) == 16


def _plans():
    inputs = _inputs()
    return [selection.standard_plan(inputs.catalog, inputs.ruleset, default_entries(), s)
            for s in sorted(inputs.catalog.standards)]


def test_statements_split_by_modality_are_those_sorted_from_the_concerned():
    """by_modality against the general split, on every statement tuple a firing of any bundle concerns
    (each kept by its plan), and on tuples with neither shall- nor should-statements (none to raise)."""
    seen = 0
    for plan in _plans():
        for rp in plan.rules:
            for folder in BUNDLES:
                try:
                    facts = _facts(folder).facts
                except Exception:  # noqa: BLE001  bundles made to be refused have no facts
                    continue
                for fact in facts:
                    stmts = rp.concerned(fact)
                    shall, should = selection.by_modality(stmts)
                    assert list(shall) == sorted(s.id for s in stmts if s.modality == "shall")
                    assert list(should) == sorted(s.id for s in stmts if s.modality == "should")
                    assert selection.by_modality(stmts) is selection.by_modality(stmts)
                    seen += bool(shall or should)
    assert seen > 100
    informative = tuple(st for plan in _plans() for st, _, _ in plan.rows if st.modality not in ("shall", "should"))[:5]
    assert informative and selection.by_modality(informative) == ((), ())
    assert selection.by_modality(()) == ((), ())


def test_a_layout_keeps_each_rows_base_id_modality_deciders_and_kinds():
    for plan in _plans():
        layout = selection.stock(plan)
        assert len(layout.rows) == len(plan.rows)
        for i, (base, sid, modality, deciders, kinds) in enumerate(layout.rows):
            assert base == layout.bases[i] and (sid, modality) == (base[0], base[2])
            assert deciders == layout.deciders[i] and kinds == layout.kinds[i]


def test_the_evidence_index_entries_looked_up_once_equal_kind_entry():
    inputs = _inputs()
    plans = tuple(_plans()[:3])
    entries = selection.kind_entries(inputs.catalog, plans)
    kinds = [k.id for k in inputs.catalog.vocabulary.evidence_kinds] + ["not-a-vocabulary-kind"]
    for kind in kinds:
        assert entries.entry(kind) == selection.kind_entry(inputs.catalog, plans, kind)


def _refs(n: int, repeat: bool) -> list[EvidenceRef]:
    refs = [EvidenceRef(file=f"d{i}.md", line=i) for i in range(n)]
    return refs + [EvidenceRef(file="d0.md", line=0)] if repeat else refs


@pytest.mark.parametrize("n, repeat", [(1, False), (1, True), (2, False), (3, True), (0, False)])
def test_keyed_of_one_place_is_keyed_of_its_key(n, repeat):
    """keyed's one-ref path against its general form (keys taken by ref_key, de-duplicated in order)."""
    refs = _refs(n, repeat)
    general: dict = {}
    for ref in refs:
        general.setdefault(witness.ref_key(ref), ref)
    got = witness.keyed(refs)
    assert list(got.items()) == list(general.items())
    assert witness.keyed(refs, tuple(map(witness.ref_key, refs))) == got


def test_cited_keeps_the_first_citations_keys_unchanged_and_de_duplicates_the_next():
    """The keys of a statement's first citation are the keyed dict it cited, shared and never changed: a
    second citation makes a set of its own. The same as citing into a list checked by value each time."""
    a, b = witness.keyed(_refs(2, False)), witness.keyed(_refs(3, True))
    first = dict(a)
    cited = witness.Cited()
    cited.cite("s", a)
    cited.cite("s", b)
    cited.cite("s", a, limit=2)  # already two: none taken
    assert a == first  # the shared dict is not changed
    plain: list = []
    for ref in [*a.values(), *b.values()]:
        if ref not in plain:
            plain.append(ref)
    assert cited["s"] == plain
    cited.cite("t", b, limit=5)
    assert cited["t"] == list(b.values())
