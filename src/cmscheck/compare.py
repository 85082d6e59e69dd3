"""Compare one bundle's conformity across standards: a matrix of topics × standards, and why verdicts differ.

Each standard is evaluated on its own (cmscheck.evaluate); nothing here infers one standard's verdict
from another's. The crosswalk only explains a difference: for a statement that is nonconforming under
one standard, what its counterparts are under another and why they did not fail the same way (no
counterpart, only guidance there, decided and passed, excluded, or decided by nothing).

A guideline is compared as guidance: its findings are gaps against guidance. A requirements standard
is compared as certifiable conformity. Each column says which.

`build_comparison(assessment, catalog, crosswalk)` is a pure function: same input, same Comparison.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .empty import new_dict, new_list
from . import __version__
from .assessment import Assessment, Counts, OrganizationSummary, StandardAssessment
from .catalog import Catalog
from .catalog.models import ASSESSABLE
from .crosswalk import Crosswalk
from .findings import Bilingual, Finding, Model

Verdict = Literal["nonconforming", "observation", "documented", "conforming", "not_assessed", "excluded", "no_requirements",
                  "no_statements", "not_applicable"]
Reason = Literal["no_counterpart", "guidance_only", "counterpart_conforming", "counterpart_documented", "counterpart_excluded",
                 "counterpart_not_assessed"]
NC_KEYS = [f"{t}/{g}" for t in ("systemic", "implementation", "effectiveness") for g in ("severe", "general")]
# verdicts that take part in "do the standards differ on this topic": a standard that does not apply does not
_COMPARED = ("nonconforming", "observation", "documented", "conforming", "not_assessed", "excluded", "no_requirements", "no_statements")

ROLE = {
    "requirements": Bilingual(zh="要求标准：可认证的符合性", en="requirements: certifiable conformity"),
    "guideline": Bilingual(zh="指南：对照指导的差距", en="guideline: gaps against guidance"),
}
NOTE = Bilingual(
    zh="要求标准（可认证）的不符合是认证审核会开具的不符合；指南的“不符合”是对照指导的差距，不影响认证。"
       "每个标准都单独评价，差异的原因取自对照表（crosswalk）。",
    en="A nonconformity against a requirements standard is one a certification audit would raise; against a guideline "
       "it is a gap against guidance, with no bearing on certification. Each standard is evaluated on its own; the "
       "reasons for a difference come from the crosswalk.",
)


class Column(Model):
    """One standard of the comparison."""

    standard: str
    code: str | None
    title: Bilingual
    kind: Literal["requirements", "guideline"]
    role: Bilingual = Field(description="requirements: certifiable conformity; guideline: gaps against guidance")
    applicable: bool
    applicability_reason: Bilingual
    counts: Counts | None = None


class Cell(Model):
    """One topic under one standard."""

    standard: str
    verdict: Verdict
    statements: int = Field(description="statements of the standard carrying the topic (all modalities)")
    by_status: dict[str, int] = Field(default_factory=new_dict)
    nonconformities: dict[str, int] = Field(default_factory=new_dict, description="type/grade -> nonconformities touching the topic")
    observations: int = 0
    findings: list[str] = Field(default_factory=new_list)


class FindingRef(Model):
    id: str
    rule: str
    verdict: str
    type: str
    grade: str
    situation: int | None = None
    guidance_gap: bool
    message: Bilingual
    # left out when false, so comparisons of bundles without waivers keep their bytes
    waived: bool = Field(False, exclude_if=lambda v: not v, description="an active waiver of the bundle covers it")


class Counterpart(Model):
    statement: str
    relationship: str = Field(description="read from the failing statement to this one (OSCAL vocabulary)")
    modality: str
    status: str
    rules: list[str] = Field(default_factory=new_list)
    note: str | None = None


class Explanation(Model):
    """Why another standard did not fail the way this statement did."""

    standard: str
    reason: Reason
    counterparts: list[Counterpart] = Field(default_factory=new_list)


class StatementWhy(Model):
    statement: str
    standard: str
    modality: str
    status: str
    text: str
    findings: list[FindingRef]
    explanations: list[Explanation]


class TopicRow(Model):
    topic: str
    name: Bilingual
    group: str
    cells: list[Cell]
    differs: bool = Field(description="the applicable standards reach different verdicts on this topic")
    why: list[StatementWhy] = Field(default_factory=new_list, description="when they differ: the failing statements and their counterparts")
    undecided: dict[str, list[str]] = Field(default_factory=new_dict,
                                            description="when they differ: per standard judged not_assessed, its statements no rule or answer decides")


class Comparison(Model):
    comparison_format: Literal[1] = 1
    cmscheck_version: str
    bundle: str
    organization: OrganizationSummary
    note: Bilingual
    standards: list[Column]
    topics: list[TopicRow]
    members: list["Comparison"] = Field(default_factory=new_list, description="park: each member enterprise's comparison")


def _column(sa: StandardAssessment) -> Column:
    return Column(standard=sa.standard, code=sa.code, title=sa.title, kind=sa.kind, role=ROLE[sa.kind],
                  applicable=sa.applicable, applicability_reason=sa.applicability_reason, counts=sa.counts)


def _verdict(results, applicable: bool) -> Verdict:
    if not applicable:
        return "not_applicable"
    if not results:
        return "no_statements"
    statuses = {r.status for r in results}
    # a topic with statements only documented is not conforming: presence alone proves nothing
    for v in ("nonconforming", "observation", "documented", "conforming", "not_assessed"):
        if v in statuses:
            return v
    return "excluded" if "not_applicable" in statuses else "no_requirements"


def _finding_ref(f: Finding) -> FindingRef:
    return FindingRef(id=f.id, rule=f.rule, verdict=f.verdict, type=f.type, grade=f.grade, situation=f.situation,
                      guidance_gap=f.guidance_gap, message=f.message, waived=f.waiver is not None and f.waiver.active)


def _touches(f: Finding, on_topic: set[str]) -> bool:
    return any(s in on_topic for s in f.statements)


def _by_topic(sa: StandardAssessment, catalog: Catalog) -> dict[str, list]:
    """topic -> the standard's results on it, in statement order: sorted once per standard, where each
    topic's cell and row used to scan every statement (84 topics × ~1,400 statements for steel)."""
    out: dict[str, list] = {}
    for r in sa.statements:
        for topic in dict.fromkeys(catalog.statement(r.id).topics):
            out.setdefault(topic, []).append(r)
    return out


def _cell(sa: StandardAssessment, on_topic_results: list) -> Cell:
    results = on_topic_results if sa.applicable else []
    if not sa.applicable:
        return Cell(standard=sa.standard, verdict="not_applicable", statements=0)
    on_topic = {r.id for r in results}
    by_status: dict[str, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    touching = [f for f in sa.findings if _touches(f, on_topic)]
    ncs = {k: 0 for k in NC_KEYS}
    for f in touching:
        if f.verdict == "nonconforming":
            ncs[f"{f.type}/{f.grade}"] += 1
    return Cell(standard=sa.standard, verdict=_verdict(results, True), statements=len(results), by_status=dict(sorted(by_status.items())),
                nonconformities=ncs, observations=sum(1 for f in touching if f.verdict == "observation"),
                findings=[f.id for f in touching])


def _explain(sid: str, other: StandardAssessment, results: dict[str, dict], catalog: Catalog, cw: Crosswalk) -> Explanation | None:
    """Why `other` did not fail like statement sid; None when a counterpart failed there too."""
    cps = cw.counterparts(sid, other.standard)
    if not cps:
        return Explanation(standard=other.standard, reason="no_counterpart")
    rows = []
    for m in cps:
        r = results[other.standard].get(m.to)
        if r is None:
            continue
        rows.append(Counterpart(statement=m.to, relationship=m.relationship, modality=r.modality, status=r.status, rules=r.rules, note=r.note))
    if not rows:
        return Explanation(standard=other.standard, reason="no_counterpart")
    if any(c.status in ("nonconforming", "observation") for c in rows):
        return None
    if all(c.modality not in ASSESSABLE for c in rows):
        reason: Reason = "guidance_only"
    elif any(c.status == "conforming" for c in rows):
        reason = "counterpart_conforming"
    elif any(c.status == "documented" for c in rows):
        reason = "counterpart_documented"
    elif any(c.status == "not_applicable" for c in rows):
        reason = "counterpart_excluded"
    else:
        reason = "counterpart_not_assessed"
    return Explanation(standard=other.standard, reason=reason, counterparts=rows)


def _row(topic, assessment: Assessment, catalog: Catalog, cw: Crosswalk, results, texts, grouped) -> TopicRow:
    on = {sa.standard: grouped[sa.standard].get(topic.id, []) for sa in assessment.standards}  # results on the topic
    cells = [_cell(sa, on[sa.standard]) for sa in assessment.standards]
    verdict = {c.standard: c.verdict for c in cells}
    compared = {v for v in verdict.values() if v in _COMPARED}
    differs = len(compared) > 1
    row = dict(topic=topic.id, name=Bilingual(zh=topic.name.zh, en=topic.name.en or topic.name.zh), group=topic.group,
               cells=cells, differs=differs)
    if not differs:
        return TopicRow(**row)
    why: list[StatementWhy] = []
    for sa in assessment.standards:
        if verdict[sa.standard] not in ("nonconforming", "observation"):
            continue
        findings = {f.id: f for f in sa.findings}
        others = [o for o in assessment.standards if o.standard != sa.standard and verdict[o.standard] in _COMPARED
                  and verdict[o.standard] != verdict[sa.standard]]
        for r in on[sa.standard]:
            if r.status not in ("nonconforming", "observation"):
                continue
            explanations = [e for o in others if (e := _explain(r.id, o, results, catalog, cw)) is not None]
            if not explanations:
                continue  # every other standard failed a counterpart too: this statement is not the difference
            why.append(StatementWhy(statement=r.id, standard=sa.standard, modality=r.modality, status=r.status, text=texts[r.id],
                                    findings=[_finding_ref(findings[fid]) for fid in r.findings if fid in findings],
                                    explanations=explanations))
    undecided = {}
    for sa in assessment.standards:
        if verdict[sa.standard] == "not_assessed":
            undecided[sa.standard] = [r.id for r in on[sa.standard] if r.status == "not_assessed"]
    return TopicRow(**row, why=why, undecided=undecided)


def build_comparison(assessment: Assessment, catalog: Catalog, crosswalk: Crosswalk) -> Comparison:
    """The comparison of an assessment's standards, topic by topic; members of a park compared too."""
    results = {sa.standard: {r.id: r for r in sa.statements} for sa in assessment.standards}
    texts = {s.id: s.text for sa in assessment.standards for s in catalog.standards[sa.standard].statements()}
    grouped = {sa.standard: _by_topic(sa, catalog) for sa in assessment.standards}
    topics = [_row(t, assessment, catalog, crosswalk, results, texts, grouped) for t in catalog.vocabulary.topics]
    return Comparison(
        cmscheck_version=__version__, bundle=assessment.bundle, organization=assessment.organization, note=NOTE,
        standards=[_column(sa) for sa in assessment.standards], topics=topics,
        members=[build_comparison(m, catalog, crosswalk) for m in assessment.members],
    )


Comparison.model_rebuild()
