"""The assessment: per standard, every statement's status and the findings behind it.

This is the contract between evaluation and every renderer (text, JSON, Markdown, SARIF, JUnit, site).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Literal

from pydantic import Field, field_serializer

from .empty import new_list
from .findings import Bilingual, EvidenceRef, Finding, Model
from .trusted import _SET_DICT, _SET_EXTRA, _SET_FIELDS_SET, _SET_PRIVATE, bare

Status = Literal["conforming", "nonconforming", "observation", "documented", "not_applicable", "not_assessed", "informative"]
STATUSES: tuple[str, ...] = ("conforming", "nonconforming", "observation", "documented", "not_applicable", "not_assessed", "informative")
DecidedBy = Literal["rule", "answer", "exclusion", "none"]
# What a verdict rests on: checked (content or numbers tested, cited), documented (only presence, approval
# or dates known: to verify), answered (attested by a person), excluded (declared not applicable), none.
Basis = Literal["checked", "documented", "answered", "excluded", "none"]
BASES: tuple[str, ...] = ("checked", "documented", "answered", "excluded", "none")


class StatementResult(Model):
    id: str
    clause: str
    modality: str
    status: Status
    basis: Basis
    decided_by: DecidedBy
    rules: list[str] = Field(default_factory=new_list, description="rules that decide this statement")
    findings: list[str] = Field(default_factory=new_list, description="ids of findings on this statement")
    evidence: list[EvidenceRef] = Field(default_factory=new_list, description="evidence behind the status")
    note: str | None = Field(None, description="answer note or exclusion justification")
    answered_by: str | None = Field(None, exclude_if=lambda v: v is None, description="who attested an answered statement")


class Counts(Model):
    by_status: dict[str, int]
    by_decision: dict[str, int] = Field(description="assessable statements decided by rule, answer, exclusion, or none")
    by_basis: dict[str, int] = Field(description="assessable statements by what their verdict rests on: checked, documented, answered, excluded, none")
    nonconformities: dict[str, int] = Field(description="type/grade -> count, e.g. systemic/severe")
    observations: int
    conforming_checked: int = Field(0, description="conforming on checked evidence (content or numbers tested)")
    conforming_answered: int = Field(0, description="conforming because a person attested it (an answer)")

    @property
    def assessable(self) -> int:
        return sum(self.by_basis.values())

    @property
    def conformity_rate(self) -> float:
        """Conforming (checked or attested) over every assessable statement not excluded: documented and
        not-assessed statements stay in the denominator, so presence alone never reads as conformity."""
        denominator = self.assessable - self.by_basis.get("excluded", 0)
        return (self.conforming_checked + self.conforming_answered) / denominator if denominator else 0.0


class StandardAssessment(Model):
    standard: str
    code: str | None
    title: Bilingual
    kind: Literal["requirements", "guideline"]
    applicable: bool
    applicability_reason: Bilingual
    counts: Counts | None = None
    statements: list[StatementResult] = Field(default_factory=new_list)
    findings: list[Finding] = Field(default_factory=new_list)


class EvidenceItem(Model):
    """One document or record of the bundle and the statements it supports (the evidence index)."""

    id: str
    kind: str
    kind_name: Bilingual
    title: str
    file: str | None = None
    supports: list[str] = Field(default_factory=new_list, description="statement ids this item is evidence for")


class OrganizationSummary(Model):
    name: str
    kind: str
    sector: str | None
    carbon_market: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date


TrackState = Literal["new", "persisting", "resolved", "reopened", "closed"]


class TrackedFinding(Model):
    """A finding followed across runs by its stable id (docs/loop.md)."""

    id: str
    state: TrackState
    standard: str
    rule: str
    verdict: str
    grade: str
    first_seen: dt.date = Field(description="as_of of the run where the finding first appeared, carried forward")
    last_seen: dt.date = Field(description="as_of of the last run that had the finding")
    resolved_on: dt.date | None = Field(None, description="as_of of the run where it was first absent")
    deadline: dt.date | None = None
    overdue: bool = Field(False, description="still open and its deadline is before as_of")
    waived: bool = False


class Action(Model):
    """One row of the corrective-action register: a nonconformity record of the bundle or an open finding."""

    id: str = Field(description="the record id (records.nonconformities) or the finding id")
    source: Literal["record", "finding"]
    description: str
    type: str
    grade: str
    owner: str | None = Field(None, description="who answers for it: the answer's author or the waiver's approver")
    raised: dt.date | None = None
    due: dt.date | None = None
    status: Literal["open", "overdue", "completed", "verified", "closed", "waived"]
    verification: str | None = Field(None, description="when and how the correction was verified")


class Tracking(Model):
    """Findings tracked against a previous run and the corrective-action register (only with --previous)."""

    as_of: dt.date
    previous: str = Field(description="the previous report as given")
    previous_as_of: dt.date | None = None
    findings: list[TrackedFinding] = Field(default_factory=new_list)
    corrective_actions: list[Action] = Field(default_factory=new_list)

    def count(self, state: str) -> int:
        return sum(1 for f in self.findings if f.state == state)


class Assessment(Model):
    cmscheck_version: str
    report_format: Literal[1] = 1
    bundle: str = Field(description="the bundle folder as given")
    organization: OrganizationSummary
    standards: list[StandardAssessment]
    members: list["Assessment"] = Field(default_factory=new_list, description="park: each member enterprise's assessment")
    evidence_index: list[EvidenceItem] = Field(default_factory=new_list)
    # Left out of the JSON when absent (no --previous), so other reports keep their bytes.
    tracking: Tracking | None = Field(None, exclude_if=lambda v: v is None,
                                      description="findings tracked across runs and the corrective-action register")

    def findings(self) -> list[Finding]:
        return [f for s in self.standards for f in s.findings]

    # A park's members may be held packed (packed.py): each is rebuilt, dumped and let go in turn, so a
    # dump never holds every member's model at once. The bytes are those of a plain list.
    @field_serializer("members", mode="wrap")
    def _dump_members(self, members, handler):
        if isinstance(members, list):
            return handler(members)
        return [handler([m])[0] for m in members]


Assessment.model_rebuild()


# ----------------------------------------------------------------- building results without validation


_SHAPES: dict[type, tuple[dict, tuple[tuple[str, Callable], ...]]] = {}


def _shape(cls) -> tuple[dict, tuple[tuple[str, Callable], ...]]:
    """A result model's defaults in field order (a default factory's field holds None) and its factories."""
    shape = _SHAPES.get(cls)
    if shape is None:
        fields = cls.model_fields
        assert not cls.__pydantic_post_init__ and all(f.alias is None and f.validation_alias is None for f in fields.values())
        shape = _SHAPES[cls] = ({n: None if f.default_factory else f.default for n, f in fields.items()},
                                tuple((n, f.default_factory) for n, f in fields.items() if f.default_factory))
    return shape


def construct(cls, values: dict):
    """A result model from values built out of validated models, as pydantic's model_construct
    makes one (validating them again was about half of an evaluation's time; model_construct itself
    inspects each default factory's signature, which costs more than validating)."""
    defaults, factories = _SHAPES.get(cls) or _shape(cls)
    data = {**defaults, **values}  # field order kept: the values replace, never add
    if len(data) != len(defaults):
        raise TypeError(f"{cls.__name__} has no field {sorted(data.keys() - defaults.keys())}")
    for name, factory in factories:
        if name not in values:
            data[name] = factory()
    return bare(cls, data, set(values))


# StatementResult's fields after a row's base (id, clause, modality), in field order, and its default
# factories: statement_result builds a bundle's ~400 results straight from them.
_RESULT_DEFAULTS, _RESULT_FACTORIES = _shape(StatementResult)
_RESULT_TAIL = {k: v for k, v in _RESULT_DEFAULTS.items() if k not in ("id", "clause", "modality")}


def statement_result(base: dict, **fields) -> StatementResult:
    """A statement's result, the model construct() builds: base holds its id, clause and modality."""
    data = {**base, **_RESULT_TAIL, **fields}
    if len(data) != len(_RESULT_DEFAULTS):
        raise TypeError(f"StatementResult has no field {sorted(data.keys() - _RESULT_DEFAULTS.keys())}")
    for name, factory in _RESULT_FACTORIES:
        if name not in fields:
            data[name] = factory()
    return bare(StatementResult, data, {*base, *fields})


# A judged row's result, a rule's finding and an evidence index item are built ~550 times per steel bundle:
# below, straight from positional values into the fields' dict (no keywords to merge, no factories to look
# up), each recording as set the fields the builders above would (tests/test_fast_judge4_*). Models of one
# shape share their set of fields set: a frozen model's is never changed (pydantic copies it before
# model_copy adds to it), and one set per model was a fifth of the objects an assessment holds.
assert all(factory is new_list for _, factory in _RESULT_FACTORIES)  # an unset list is a fresh []
_ROW_SET = ("id", "clause", "modality", "status", "basis", "decided_by")
_OPTIONAL = ("rules", "findings", "evidence", "note")
# indexed by which of rules (1), findings (2), evidence (4) and note (8) are given
_ROW_GIVEN = [set(_ROW_SET + tuple(n for bit, n in enumerate(_OPTIONAL) if mask >> bit & 1)) for mask in range(16)]


def row_result(base: tuple[str, str, str], status: str, basis: str, decided_by: str, rules: list | None,
               findings: list | None, evidence: list | None, note: str | None) -> StatementResult:
    """statement_result of base (id, clause, modality) given status, basis, decided_by and those of rules,
    findings, evidence and note that are not None (answered_by is never given here)."""
    given = _ROW_GIVEN[(rules is not None) + 2 * (findings is not None) + 4 * (evidence is not None) + 8 * (note is not None)]
    return row(base, status, basis, decided_by, [] if rules is None else rules, [] if findings is None else findings,
               [] if evidence is None else evidence, note, given)


# The fields a judged row of each kind is given (row_result's set for that pattern), for `row`'s callers
# that know which they give: rules and findings (a finding on it), rules and evidence (checked, documented),
# rules alone (nothing seen), a note alone (excluded).
GIVEN_FINDINGS, GIVEN_EVIDENCE, GIVEN_RULES, GIVEN_NOTE = _ROW_GIVEN[1 | 2], _ROW_GIVEN[1 | 4], _ROW_GIVEN[1], _ROW_GIVEN[8]
_new_result = StatementResult.__new__


def row(base: tuple[str, str, str], status: str, basis: str, decided_by: str, rules: list, findings: list,
        evidence: list, note: str | None, given: set) -> StatementResult:
    """row_result with every list given (a fresh [] for one not given) and `given` the fields set: what a
    bundle's ~420 judged rows are built with, bare's work inline (a call less per row)."""
    sid, clause, modality = base
    m = _new_result(StatementResult)
    _SET_DICT(m, {"id": sid, "clause": clause, "modality": modality, "status": status, "basis": basis,
                  "decided_by": decided_by, "rules": rules, "findings": findings, "evidence": evidence, "note": note,
                  "answered_by": None})
    _SET_FIELDS_SET(m, given)
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


_FINDING_GIVEN = {"id", "rule", "standard", "statements", "verdict", "type", "grade", "situation", "possible_situation",
                  "guidance_gap", "message", "evidence", "deadline"}


def rule_finding(fid: str, rule, standard: str, statements: list[str], verdict: str, severe: bool, guidance_gap: bool,
                 message: Bilingual, evidence: list[EvidenceRef], deadline: dt.date | None) -> Finding:
    """A rule's finding (source "rule", no waiver yet): the rule's type, and its severe grade and situation
    when `severe` (the deadline is given only then)."""
    f = rule.finding
    return bare(Finding, {
        "id": fid, "rule": rule.id, "standard": standard, "statements": statements, "verdict": verdict, "type": f.type,
        "grade": "severe" if severe else "general", "situation": f.situation if severe else None,
        "possible_situation": f.possible_situation, "guidance_gap": guidance_gap, "message": message,
        "evidence": evidence, "deadline": deadline, "source": "rule", "waiver": None,
    }, _FINDING_GIVEN)


_ITEM_GIVEN = set(EvidenceItem.model_fields)


def evidence_item(item_id: str, kind: str, kind_name: Bilingual, title: str, file: str | None, supports: list[str]) -> EvidenceItem:
    return bare(EvidenceItem, {"id": item_id, "kind": kind, "kind_name": kind_name, "title": title, "file": file,
                               "supports": supports}, _ITEM_GIVEN)
