"""Judging a standard's rows (issue 16, round 3): only the rows a rule decides, or the bundle excludes or
answers, are looked at; the others keep the result built once per process, and the counts adjust that
stock's tally. Each fast path here is compared with the general path: every assessable row judged, the
results counted afresh, every model validated anew."""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from cmscheck import evaluate, pipeline
from cmscheck.assessment import STATUSES, Assessment, StatementResult, construct
from cmscheck.bundle import load_bundle
from cmscheck.findings import EvidenceRef

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "small-manufacturer", ROOT / "examples" / "park",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), *sorted((ROOT / "tests" / "bundles").iterdir())]
COMPLETE = ROOT / "tests" / "bundles" / "complete"


@lru_cache(maxsize=1)
def _inputs():
    return pipeline.load_inputs()


def _evaluate(folder: Path) -> Assessment:
    inputs = _inputs()
    return evaluate.evaluate(load_bundle(folder, inputs.catalog), inputs.catalog, inputs.ruleset)


def _every_row(monkeypatch) -> None:
    """The general path: a layout whose decidable rows are every assessable row (informative rows stay
    informative whatever the bundle says, as before)."""
    fast = evaluate._stock

    def every(plan):
        layout = fast(plan)
        rows = tuple(i for i, (st, _, _) in enumerate(plan.rows) if st.modality in evaluate.ASSESSABLE)
        return dataclasses.replace(layout, decidable=rows)

    monkeypatch.setattr(evaluate, "_stock", every)


def _edge_bundle(tmp_path: Path) -> Path:
    """The complete bundle with answers and exclusions on rows no rule decides, on informative rows and on
    statements of another standard, so the rows looked at are more than the decidable ones."""
    import test_rules  # the rule cases' bundle builder

    inputs = _inputs()
    rows = [r for sid in sorted(inputs.catalog.standards)
            for r in evaluate.standard_plan(inputs.catalog, inputs.ruleset, evaluate.default_entries(), sid).rows]
    undecided = [st.id for st, _, deciders in rows if st.modality == "shall" and not deciders]
    decided = [st.id for st, _, deciders in rows if st.modality == "shall" and deciders]
    informative = [st.id for st, _, _ in rows if st.modality not in evaluate.ASSESSABLE]
    assert undecided and decided and informative
    answer = {"status": "conforming", "evidence": ["cmscheck.yaml"], "answered_by": "tester", "date": "2025-03-01"}
    case = {"patch": {
        "answers": [{"statement": undecided[0], **answer}, {"statement": decided[3], **answer},
                    {"statement": undecided[5], **answer, "status": "nonconforming", "type": "systemic", "grade": "general",
                     "note": "n"}],
        "exclusions": [{"statement": undecided[2], "justification": "not here"},
                       {"statement": decided[7], "justification": "not here either"}],
    }}
    return test_rules.build(tmp_path, case)


def _folders(tmp_path: Path) -> list[Path]:
    return [*BUNDLES, _edge_bundle(tmp_path)]


def test_rows_not_looked_at_judge_as_every_row_judged(tmp_path, monkeypatch):
    folders = _folders(tmp_path)
    fast = [_evaluate(f) for f in folders]
    _every_row(monkeypatch)
    general = [_evaluate(f) for f in folders]
    for f, a, b in zip(folders, fast, general):
        assert a == b, f
        assert a.model_dump_json() == b.model_dump_json(), f
    edge = fast[-1]
    answered = [r for s in edge.standards for r in s.statements if r.basis == "answered"]
    excluded = [r for s in edge.standards for r in s.statements if r.basis == "excluded"]
    assert len(answered) >= 2 and len(excluded) >= 2  # the edge bundle reaches the rows beyond the decidable ones


def _counted(results: list[StatementResult]) -> dict:
    """The general count: every result of the standard, one by one."""
    by_status = {s: 0 for s in STATUSES}
    by_basis: Counter = Counter()
    by_decision: Counter = Counter()
    conforming: Counter = Counter()
    for r in results:
        by_status[r.status] += 1
        if r.modality in evaluate.ASSESSABLE:
            by_basis[r.basis] += 1
            by_decision[r.decided_by] += 1
        if r.status == "conforming":
            conforming[r.basis] += 1
    return {"by_status": by_status, "by_basis": dict(by_basis), "by_decision": dict(by_decision),
            "checked": conforming["checked"], "answered": conforming["answered"]}


def test_counts_adjusted_from_the_stock_equal_counts_of_every_result(tmp_path):
    seen = 0
    for folder in _folders(tmp_path):
        a = _evaluate(folder)
        for s in [*a.standards, *(st for m in a.members for st in m.standards)]:
            if not s.applicable:
                continue
            general = _counted(s.statements)
            c = s.counts
            assert c.by_status == general["by_status"]
            assert {k: v for k, v in c.by_basis.items() if v} == general["by_basis"]
            assert {k: v for k, v in c.by_decision.items() if v} == general["by_decision"]
            assert (c.conforming_checked, c.conforming_answered) == (general["checked"], general["answered"])
            seen += 1
    assert seen > 10


def test_results_built_without_validation_equal_validated_ones(tmp_path):
    """Every model of the assessment, validated anew from its dump, is equal, sets the same fields and
    dumps the same bytes."""
    for folder in _folders(tmp_path):
        a = _evaluate(folder)
        again = Assessment.model_validate_json(a.model_dump_json())
        assert again == a and again.model_dump_json() == a.model_dump_json()
        for s in a.standards:
            for r in s.statements:
                v = StatementResult.model_validate(r.model_dump(exclude_unset=True))
                assert v == r and v.model_fields_set == r.model_fields_set
                assert list(r.__dict__) == list(StatementResult.model_fields)  # field order as validation gives it


def test_result_builder_is_construct():
    base = {"id": "cms:5.1.s1", "clause": "5.1", "modality": "shall"}
    refs = [EvidenceRef(file="a.md", line=3)]
    for fields in ({"status": "documented", "basis": "documented", "decided_by": "rule", "rules": ["r"], "evidence": refs},
                   {"status": "not_assessed", "basis": "none", "decided_by": "none"},
                   {"status": "conforming", "basis": "answered", "decided_by": "answer", "findings": [], "evidence": refs,
                    "note": None, "answered_by": "x"}):
        built, general = evaluate._result(base, **fields), construct(StatementResult, {**base, **fields})
        validated = StatementResult(**base, **fields)
        for other in (general, validated):
            assert built == other and built.model_fields_set == other.model_fields_set
            assert built.model_dump_json() == other.model_dump_json()
        assert built.rules is not evaluate._result(base, **fields).rules or "rules" in fields  # fresh default lists
    with pytest.raises(TypeError):
        evaluate._result(base, status="x", basis="none", decided_by="none", nonsense=1)
