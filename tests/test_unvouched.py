"""A quiet rule vouches only for what it tests (rules: decides.unvouched). A statement a rule's silence
cannot show met (an allowance account that adds up shows no carbon-asset rules) is never conforming on
that rule's account: while the rule is quiet the statement rests on other evidence; when it fires, the
statement is nonconforming as before."""

from __future__ import annotations

import pytest

import test_rules as cases
from cmscheck.bundle import load_bundle
from cmscheck.evaluate import evaluate
from cmscheck.rules import models
from cmscheck.rules.loader import _check_rule


def _rows(assessment) -> dict[str, tuple[str, str]]:
    return {r.id: (r.status, r.basis) for s in assessment.standards for r in s.statements}


def _unvouched() -> list[tuple[str, str]]:
    _, ruleset = cases.inputs()
    return sorted((r.id, sid) for r in ruleset.rules for sid in r.decides.unvouched)


def test_some_rules_name_statements_they_do_not_vouch_for():
    assert len(_unvouched()) >= 6


def test_a_quiet_rule_leaves_them_to_other_evidence(tmp_path):
    """The complete bundle, where no rule fires: none of those statements is conforming (no other checked
    rule decides them); with the lists emptied, the quiet rules would make every one conforming, checked."""
    rows = _rows(cases.run(tmp_path / "with", {}))
    sids = sorted({sid for _, sid in _unvouched()})
    assert all(rows[sid] == ("documented", "documented") for sid in sids), {s: rows[s] for s in sids}

    catalog, ruleset = cases.inputs()
    emptied = ruleset.model_copy(update={"rules": [
        r.model_copy(update={"decides": r.decides.model_copy(update={"unvouched": []})}) for r in ruleset.rules]})
    bundle = load_bundle(cases.build(tmp_path / "without", {}), catalog)
    rows = _rows(evaluate(bundle, catalog, emptied))
    assert all(rows[sid] == ("conforming", "checked") for sid in sids), {s: rows[s] for s in sids}


@pytest.mark.parametrize("rule_id", sorted({r for r, _ in _unvouched()}))
def test_a_firing_still_makes_them_nonconforming(tmp_path, rule_id):
    doc = cases._load(cases.rule_files()[rule_id])
    _, ruleset = cases.inputs()
    rule = next(r for r in ruleset.rules if r.id == rule_id)
    got = cases.run(tmp_path, doc["fires"][0])
    mine = {sid for f in cases.findings(got) if f.rule == rule_id for sid in f.statements}
    rows = _rows(got)
    for sid in rule.decides.unvouched:
        assert sid in mine, (rule_id, sid, sorted(mine))
        assert rows[sid][0] in ("nonconforming", "observation"), (sid, rows[sid])


def test_the_loader_refuses_an_unvouched_statement_the_rule_does_not_name():
    catalog, ruleset = cases.inputs()
    rule = next(r for r in ruleset.rules if r.decides.unvouched)
    stray = rule.model_copy(update={"decides": rule.decides.model_copy(update={"unvouched": ["cms:4.1.s1"]})})
    assert any("decides.unvouched: 'cms:4.1.s1' is not in decides.statements" in p for p in _check_rule(stray, catalog))
    documented = next(r for r in ruleset.rules if r.basis == "documented" and r.decides.statements)
    odd = documented.model_copy(update={"decides": documented.decides.model_copy(
        update={"unvouched": documented.decides.statements[:1]})})
    assert any("a documented rule's silence vouches for nothing" in p for p in _check_rule(odd, catalog))
    assert models.Decides.model_fields["unvouched"].description
