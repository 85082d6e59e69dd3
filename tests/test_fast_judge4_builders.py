"""Round 4's builders and look-ups against their general paths: a row's result, a rule's finding and an
evidence item built from positional values equal the models `construct` (and validation) gives, with the
same fields set; the concerned statements' ids kept with them; an evidence item's title found without
asking pydantic for an attribute a model lacks."""

from __future__ import annotations

import itertools

import pytest
from pydantic import BaseModel, ConfigDict

from cmscheck import evaluate, selection
from cmscheck.applicability import default_entries
from cmscheck.assessment import EvidenceItem, StatementResult, construct, evidence_item, row_result, rule_finding
from cmscheck.findings import Bilingual, EvidenceRef, Finding

from test_fast_judge import BUNDLES, _facts, _inputs  # the same bundles and cached facts

BASE = ("cms:5.1.s1", "5.1", "shall")
REFS = [EvidenceRef(file="a.md", line=3)]


@pytest.mark.parametrize("rules, findings, evidence, note", list(itertools.product(
    [None, ["r1", "r2"]], [None, ["f/1"]], [None, REFS], [None, "why"])))
def test_a_row_result_is_the_one_construct_and_validation_give(rules, findings, evidence, note):
    given = {k: v for k, v in (("rules", rules), ("findings", findings), ("evidence", evidence), ("note", note)) if v is not None}
    values = {"id": BASE[0], "clause": BASE[1], "modality": BASE[2], "status": "documented", "basis": "documented",
              "decided_by": "rule", **given}
    built = row_result(BASE, "documented", "documented", "rule", rules, findings, evidence, note)
    for other in (construct(StatementResult, values), StatementResult(**values)):
        assert built == other and built.model_fields_set == other.model_fields_set
        assert list(vars(built)) == list(vars(other))
        assert built.model_dump_json() == other.model_dump_json()
        assert built.model_dump_json(exclude_unset=True) == other.model_dump_json(exclude_unset=True)
    again = row_result(BASE, "documented", "documented", "rule", rules, findings, evidence, note)
    for name in ("rules", "findings", "evidence"):
        if name not in given:  # an unset list is a fresh one, as the model's factory makes it
            assert getattr(again, name) == [] and getattr(again, name) is not getattr(built, name)
    # a copy with an update adds to its own set of fields set, never to the one results of a shape share
    copied = built.model_copy(update={"answered_by": "x"})
    assert "answered_by" in copied.model_fields_set and "answered_by" not in again.model_fields_set


def test_a_rule_finding_is_the_one_construct_and_validation_give():
    rules = {r.id: r for r in _inputs().ruleset.rules}
    some = [r for r in rules.values() if r.finding.grade == "severe"][:3] + [r for r in rules.values() if r.finding.possible_situation][:2]
    some += list(rules.values())[:5]
    import datetime as dt
    for rule, severe, guidance in itertools.product(some, (False, True), (False, True)):
        f = rule.finding
        values = {"id": f"cms/{rule.id}/x", "rule": rule.id, "standard": "cms", "statements": ["cms:5.1.s1"],
                  "verdict": "nonconforming", "type": f.type, "grade": "severe" if severe else "general",
                  "situation": f.situation if severe else None, "guidance_gap": guidance,
                  "possible_situation": f.possible_situation, "message": Bilingual(zh="甲", en="a"), "evidence": REFS,
                  "deadline": dt.date(2025, 6, 30) if severe else None}
        built = rule_finding(values["id"], rule, "cms", values["statements"], "nonconforming", severe, guidance,
                             values["message"], REFS, values["deadline"])
        for other in (construct(Finding, values), Finding(**values)):
            assert built == other and built.model_fields_set == other.model_fields_set
            assert built.model_dump_json(exclude_unset=True) == other.model_dump_json(exclude_unset=True)


def test_an_evidence_item_is_the_one_construct_gives():
    values = {"id": "d1", "kind": "policy", "kind_name": Bilingual(zh="方针", en="policy"), "title": "t", "file": None,
              "supports": ["cms:5.1.s1"]}
    built = evidence_item(*values.values())
    for other in (construct(EvidenceItem, values), EvidenceItem(**values)):
        assert built == other and built.model_fields_set == other.model_fields_set


def test_the_concerned_ids_are_those_of_the_concerned_statements():
    inputs = _inputs()
    facts = [f for folder in BUNDLES for f in _facts(folder).facts]
    compared = 0
    for std_id in inputs.catalog.standards:
        for rp in selection.standard_plan(inputs.catalog, inputs.ruleset, default_entries(), std_id).rules:
            assert (rp.rule_id, rp.per_kind) == (rp.rule.id, rp.rule.per_evidence_kind)
            for fact in facts:
                if fact["type"] in rp.types:
                    statements, ids = rp.concern(fact)
                    assert statements == rp.concerned(fact) == tuple(selection.concerned(rp.rule, list(rp.decided), fact))
                    assert ids == tuple(s.id for s in statements)
                    compared += 1
    assert compared > 1000


class _Titled(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = None


class _Untitled(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "n"


class _Extra(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Property(_Untitled):
    @property
    def title(self) -> str:
        return "from a property"


def test_an_items_title_is_what_getattr_gives():
    objects = [_Titled(title="t"), _Titled(), _Untitled(), _Extra(title="extra"), _Extra(), _Property(), [1], "text", None]
    catalog = _inputs().catalog
    from cmscheck.bundle import load_bundle
    from cmscheck.facts.functions import evidence_items

    for folder in BUNDLES:
        objects += [obj for items in evidence_items(load_bundle(folder, catalog)).values() for _, _, obj in items]
    untitled = 0
    for obj in objects:
        assert evaluate._title_or(obj, "fallback") == (getattr(obj, "title", None) or "fallback")
        untitled += evaluate._untitled(type(obj))
    assert untitled > 5 and not evaluate._untitled(_Extra) and not evaluate._untitled(_Property)
