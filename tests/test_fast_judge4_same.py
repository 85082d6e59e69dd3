"""Round 4 of issue 16 made judging cheaper (work done once per bundle rather than per standard, results
and findings built without keywords, cited evidence in one dict per statement). The assessment must not
change: on every example, park member, test bundle and rule case it equals, field for field and byte for
byte, the one the frozen evaluator (test_fast_judge4_frozen) makes — the fields each model records as set
included, so even a dump of only the set fields is the same."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

import test_fast_judge4_frozen as frozen
from cmscheck import evaluate, pipeline
from cmscheck.bundle import load_bundle

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [*sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()),
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), *sorted((ROOT / "tests" / "bundles").iterdir())]


@lru_cache(maxsize=1)
def _inputs():
    return pipeline.load_inputs()


def _same(folder: Path, standards: list[str] | None = None) -> None:
    inputs = _inputs()
    new = evaluate.evaluate(load_bundle(folder, inputs.catalog), inputs.catalog, inputs.ruleset, standards)
    old = frozen.evaluate(load_bundle(folder, inputs.catalog), inputs.catalog, inputs.ruleset, standards)
    assert new == old, folder
    assert new.model_dump_json() == old.model_dump_json(), folder
    assert new.model_dump_json(exclude_unset=True) == old.model_dump_json(exclude_unset=True), folder
    for a, b in zip(new.standards, old.standards):  # every model records the same fields as set
        assert [r.model_fields_set for r in a.statements] == [r.model_fields_set for r in b.statements]
        assert [f.model_fields_set for f in a.findings] == [f.model_fields_set for f in b.findings]
        assert [list(vars(r)) for r in a.statements] == [list(vars(r)) for r in b.statements]  # fields in the same order
        assert [list(vars(f)) for f in a.findings] == [list(vars(f)) for f in b.findings]
    assert [e.model_fields_set for e in new.evidence_index] == [e.model_fields_set for e in old.evidence_index]


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_every_bundle_is_assessed_as_before(folder):
    _same(folder)


def test_a_subset_of_standards_is_assessed_as_before():
    for standards in (["cms"], ["key-industry", "enterprise"], ["park"]):
        _same(ROOT / "examples" / "hubei-steel", standards)
    _same(ROOT / "examples" / "park", ["park", "cms"])


def test_answers_and_exclusions_are_assessed_as_before(tmp_path):
    from test_fast_judge2_rows import _edge_bundle  # answers and exclusions on rows of every sort

    _same(_edge_bundle(tmp_path))


def _cases() -> list:
    import test_rules

    situations = test_rules._situations()
    return [pytest.param(p.values[2], id=p.id) for p in test_rules.cases()] + \
           [pytest.param(p.values[1], id=p.id) for p in situations]


@pytest.mark.parametrize("case", _cases())
def test_every_rule_case_is_assessed_as_before(tmp_path, case):
    import test_rules

    _same(test_rules.build(tmp_path, case))
