"""The assessment: per standard, every statement's status and the findings behind it.

This is the contract between evaluation and every renderer (text, JSON, Markdown, SARIF, JUnit, site).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .findings import Bilingual, EvidenceRef, Finding, Model

Status = Literal["conforming", "nonconforming", "observation", "not_applicable", "not_assessed", "informative"]
STATUSES: tuple[str, ...] = ("conforming", "nonconforming", "observation", "not_applicable", "not_assessed", "informative")
DecidedBy = Literal["rule", "answer", "exclusion", "none"]


class StatementResult(Model):
    id: str
    clause: str
    modality: str
    status: Status
    decided_by: DecidedBy
    rules: list[str] = Field(default_factory=list, description="rules that decide this statement")
    findings: list[str] = Field(default_factory=list, description="ids of findings on this statement")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="evidence behind the status")
    note: str | None = Field(None, description="answer note or exclusion justification")


class Counts(Model):
    by_status: dict[str, int]
    by_decision: dict[str, int] = Field(description="assessable statements decided by rule, answer, exclusion, or none")
    nonconformities: dict[str, int] = Field(description="type/grade -> count, e.g. systemic/severe")
    observations: int


class StandardAssessment(Model):
    standard: str
    code: str | None
    title: Bilingual
    kind: Literal["requirements", "guideline"]
    applicable: bool
    applicability_reason: Bilingual
    counts: Counts | None = None
    statements: list[StatementResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


class EvidenceItem(Model):
    """One document or record of the bundle and the statements it supports (the evidence index)."""

    id: str
    kind: str
    kind_name: Bilingual
    title: str
    file: str | None = None
    supports: list[str] = Field(default_factory=list, description="statement ids this item is evidence for")


class OrganizationSummary(Model):
    name: str
    kind: str
    sector: str | None
    carbon_market: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date


class Assessment(Model):
    cmscheck_version: str
    report_format: Literal[1] = 1
    bundle: str = Field(description="the bundle folder as given")
    organization: OrganizationSummary
    standards: list[StandardAssessment]
    members: list["Assessment"] = Field(default_factory=list, description="park: each member enterprise's assessment")
    evidence_index: list[EvidenceItem] = Field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for s in self.standards for f in s.findings]


Assessment.model_rebuild()
