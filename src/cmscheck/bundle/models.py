"""The evidence bundle manifest (`cmscheck.yaml`): what an organization keeps, as pydantic models.

Written by the people who keep the carbon management system, not by programmers: field names read
as plain English, Chinese text is welcome in every free-text field, dates are ISO (YYYY-MM-DD),
and units are explicit. `cmscheck schema bundle` publishes these models as a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..empty import new_list
from ..findings import Grade, NcType  # the value types bundle, facts and rules share live below them all
from .base import M
from .data import Data

Id = str


class Period(M):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError("period.end is before period.start")
        return self


class Member(M):
    """A member enterprise of a park, with its own bundle folder inside the park's bundle."""

    name: str
    bundle: str = Field(description="folder of the member's bundle, relative to this manifest")


class Declarations(M):
    """What the organization states of its period, so that conditional requirements are judged rightly.
    Left out means "not stated": the requirement is then taken to apply (standards/applicability.yaml)."""

    changes_in_period: bool | None = Field(
        None, description="false: no change to the management system or its context happened in the period, so no change records are due")
    offsets_used: bool | None = Field(
        None, description="true: the organization offset emissions in the period (also true when data.offsets lists any)")


class PlannedIntervals(M):
    """The organization's own programme: how often it plans to hold each periodic activity, in months.
    cms, park, enterprise and industrial say only "planned intervals"; what is planned here decides them.
    Left out: the rule's documented default applies, and its finding says so."""

    internal_audit_months: int | None = Field(None, ge=1, le=60, description="the internal audit programme's frequency")
    management_review_months: int | None = Field(None, ge=1, le=60)
    compliance_evaluation_months: int | None = Field(None, ge=1, le=60)
    document_review_months: int | None = Field(None, ge=1, le=120, description="the document control procedure's review cycle")


class Organization(M):
    name: str
    kind: Literal["enterprise", "park"]
    sector: str | None = Field(None, description="a sector id from standards/vocabulary.yaml, e.g. steel")
    region: str | None = None
    carbon_market: Literal["none", "national", "provincial"] = "none"
    system_started: dt.date | None = Field(None, description="when the carbon management system started running")
    period: Period = Field(description="the assessment period, usually a calendar year")
    as_of: dt.date = Field(description="the date the assessment is made at")
    members: list[Member] = Field(default_factory=new_list, description="park only: member enterprises")
    declarations: Declarations = Field(default_factory=Declarations, description="statements that make conditional requirements apply or not")
    planned_intervals: PlannedIntervals = Field(default_factory=PlannedIntervals, description="the organization's own programme of periodic activities")


class Document(M):
    id: Id
    kind: str = Field(description="an evidence kind id from standards/vocabulary.yaml, e.g. policy")
    title: str
    file: str | None = Field(None, description="path inside the bundle; .md .txt .docx .pdf files are read section by section, "
                             ".xlsx and .csv as tables; other files are present evidence only")
    encoding: str | None = Field(None, description="text encoding of a .md .txt .csv file when it is not UTF-8 and is not "
                                 "recognised, e.g. gb18030")
    version: str | None = None
    issued: dt.date | None = None
    approved_by: str | None = None
    last_reviewed: dt.date | None = None


class AuditFinding(M):
    id: Id
    description: str
    type: NcType | None = None
    grade: Grade | None = None


class InternalAudit(M):
    id: Id
    date: dt.date
    coverage: Literal["full", "partial"] = "full"
    report: str | None = Field(None, description="path of the audit report inside the bundle")
    auditors: list[str] = Field(default_factory=new_list)
    findings: list[AuditFinding] = Field(default_factory=new_list)


class ManagementReview(M):
    id: Id
    date: dt.date
    chaired_by: str | None = None
    minutes: str | None = Field(None, description="path of the minutes inside the bundle")
    outputs: list[str] = Field(default_factory=new_list, description="decisions and actions")


class Activity(M):
    """A dated record of something done: a tracking check, training, compliance evaluation, …"""

    id: Id
    date: dt.date
    title: str | None = None
    file: str | None = None
    result: str | None = None


class Training(Activity):
    attendees: int | None = Field(None, ge=0)


class Calibration(M):
    id: Id
    instrument: str = Field(description="the instrument's id in data.instruments, or its name")
    date: dt.date
    due: dt.date = Field(description="when the next calibration is due")
    result: Literal["pass", "fail"] = "pass"
    certificate: str | None = Field(None, description="path of the certificate inside the bundle")


class Communication(Activity):
    audience: str | None = None
    due: dt.date | None = Field(None, description="when it had to happen (e.g. a report to the authority)")
    serious_disruption: bool = Field(
        False, description="the organization's own record states that this communication's failure caused serious "
        "disruption of carbon management (key-industry 7.2.4 situation 10: 致使碳排放管理出现严重混乱)")
    consequence: str | None = Field(None, description="what the failure caused, as recorded")


class Maintenance(Activity):
    """Planned maintenance of a facility or instrument: done on `date`, due by `due` (key-industry 7.2.1.3
    "设施运维", 7.2.4 situations 3 and 9)."""

    facility: str = Field(description="the facility, or an instrument id of data.instruments")
    due: dt.date | None = Field(None, description="when the maintenance plan had it due")


Role = Literal["management_representative", "internal_auditor", "inventory_compiler", "metering_staff"]


class Person(M):
    """Someone in a role the standards name, with the evidence of competence for it (cms 7.2 b, d)."""

    name: str
    roles: list[Role] = Field(min_length=1, description="management_representative | internal_auditor | inventory_compiler | metering_staff")
    qualifications: list[str] = Field(default_factory=new_list, description="certificates, degrees, authorisations held, as text")
    trainings: list[Id] = Field(default_factory=new_list, description="ids of records.trainings the person attended")


class CorrectiveAction(M):
    planned: dt.date | None = None
    deadline: dt.date | None = None
    completed: dt.date | None = None
    verified: dt.date | None = None


class Nonconformity(M):
    """A nonconformity raised earlier (by an internal audit or a certification audit)."""

    id: Id
    raised: dt.date
    description: str
    type: NcType
    grade: Grade
    source: str | None = Field(None, description="e.g. the internal audit id that raised it")
    corrective_action: CorrectiveAction | None = None
    closed: dt.date | None = Field(None, description="when it was closed; empty while still open")


class OtherRecord(M):
    id: Id
    kind: str = Field(description="an evidence kind id from standards/vocabulary.yaml")
    date: dt.date
    title: str
    file: str | None = None


class Records(M):
    internal_audits: list[InternalAudit] = Field(default_factory=new_list)
    management_reviews: list[ManagementReview] = Field(default_factory=new_list)
    tracking_checks: list[Activity] = Field(default_factory=new_list)
    trainings: list[Training] = Field(default_factory=new_list)
    calibrations: list[Calibration] = Field(default_factory=new_list)
    compliance_evaluations: list[Activity] = Field(default_factory=new_list)
    communications: list[Communication] = Field(default_factory=new_list)
    changes: list[Activity] = Field(default_factory=new_list)
    maintenance: list[Maintenance] = Field(default_factory=new_list, description="facility and instrument maintenance, done against its due date")
    nonconformities: list[Nonconformity] = Field(default_factory=new_list)
    other: list[OtherRecord] = Field(default_factory=new_list)


ROLES: tuple[str, ...] = ("management_representative", "internal_auditor", "inventory_compiler", "metering_staff")


class Answer(M):
    """A self-assessment or auditor's answer to a statement that no rule can decide."""

    statement: str = Field(description="a statement id, e.g. cms:5.1.a")
    status: Literal["conforming", "nonconforming"]
    evidence: list[str] = Field(default_factory=new_list, description="document or record ids, or bundle paths")
    answered_by: str
    date: dt.date | None = None
    note: str | None = None
    type: NcType = Field("implementation", description="for a nonconforming answer")
    grade: Grade = Field("general", description="for a nonconforming answer")


class Exclusion(M):
    statement: str
    justification: str


class Waiver(M):
    """A finding the organization accepts for a while, e.g. while its corrective action runs.

    Name the finding by its id as the report shows it, or by rule and/or statement. The finding stays
    in every report, marked waived; it no longer counts for the exit code until `expires` has passed.
    """

    finding: str | None = Field(None, description="a finding id as the report shows it, e.g. cms/calibration-overdue/1")
    rule: str | None = Field(None, description="a rule id (or `answer`): waives that rule's findings")
    statement: str | None = Field(None, description="a statement id: waives the findings on it (with rule: only that rule's)")
    justification: str = Field(min_length=1, description="why the finding is accepted for now")
    approved_by: str = Field(min_length=1, description="who approved the waiver")
    expires: dt.date = Field(description="the last day the waiver holds (YYYY-MM-DD)")

    @model_validator(mode="after")
    def _names_something(self) -> "Waiver":
        if self.finding is None and self.rule is None and self.statement is None:
            raise ValueError("a waiver names what it waives: add `finding: ID`, or `rule:` and/or `statement:`")
        if self.finding is not None and (self.rule is not None or self.statement is not None):
            raise ValueError("a waiver names either `finding:`, or `rule:` and/or `statement:`, not both")
        return self


class Manifest(M):
    cmscheck: Literal[1] = Field(1, description="the manifest format version")
    organization: Organization
    documents: list[Document] = Field(default_factory=new_list)
    people: list[Person] = Field(default_factory=new_list, description="people in the roles the standards name, with their competence evidence")
    records: Records = Field(default_factory=Records)
    data: Data = Field(default_factory=lambda: Data(), description="emission inventory, baseline, targets, carbon market, offsets, instruments")
    answers: list[Answer] = Field(default_factory=new_list)
    exclusions: list[Exclusion] = Field(default_factory=new_list)
    waivers: list[Waiver] = Field(default_factory=new_list, description="findings accepted until a date, with justification and approver")

