"""Evaluate a bundle: facts -> engine -> findings -> assessment, one standard at a time.

Statuses: a statement some rule decides is nonconforming (shall) or an observation (should) when a
rule fired on it, else conforming; an excluded statement is not applicable; a statement no rule decides
takes the bundle's answer if there is one, else it is not assessed — never silently conforming.
May-statements, notes and examples are informative and never raise a finding.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import string

from . import __version__, engine
from .applicability import applies
from .assessment import (
    STATUSES, Assessment, Counts, EvidenceItem, OrganizationSummary, StandardAssessment, StatementResult,
)
from .catalog import Catalog
from .facts import Facts, derive
from .facts.functions import evidence_items
from .findings import Bilingual, EvidenceRef, Finding
from .rules.loader import fact_types
from .rules.models import RuleSet
from .selection import concerned, decided_by

ASSESSABLE = ("shall", "should")
NC_KEYS = [f"{t}/{g}" for t in ("systemic", "implementation", "effectiveness") for g in ("severe", "general")]
DEADLINE_MONTHS = 3  # key-industry 8.1: a severe nonconformity's corrective action within three months


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _Fields(string.Formatter):
    """Fill a rule's message from a fact: plain field names only, no attribute or index access."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return kwargs.get(field_name, "?"), field_name


def message(template: Bilingual, fact: dict) -> Bilingual:
    fmt = _Fields()
    return Bilingual(zh=fmt.format(template.zh, **fact), en=fmt.format(template.en, **fact))


def with_as_of(bundle, as_of: dt.date):
    org = bundle.manifest.organization.model_copy(update={"as_of": as_of})
    manifest = bundle.manifest.model_copy(update={"organization": org})
    return dataclasses.replace(bundle, manifest=manifest)


def _judge(std_id: str, catalog: Catalog, ruleset: RuleSet, bundle, facts: Facts, firings) -> StandardAssessment:
    std = catalog.standards[std_id]
    m = bundle.manifest
    as_of = m.organization.as_of
    excluded = {e.statement: e for e in m.exclusions}
    answers = {a.statement: (i, a) for i, a in enumerate(m.answers)}
    guideline = std.kind == "guideline"

    deciders: dict[str, list[str]] = {}
    hits: dict[str, list[str]] = {}
    findings: list[Finding] = []
    by_rule: dict[str, list] = {}
    for f in firings:
        by_rule.setdefault(f.rule, []).append(f)

    present_types = {f["type"] for f in facts.facts}
    for rule in ruleset.rules:
        if not set(fact_types(rule.when)) <= present_types:
            continue  # the bundle holds nothing this rule can test: it decides nothing, rather than "conforming"
        decided = [s for s in decided_by(rule, catalog, std_id) if s.id not in excluded]
        for s in decided:
            deciders.setdefault(s.id, []).append(rule.id)
        n = 0
        for firing in by_rule.get(rule.id, []):
            fact = facts.get(firing.facts[0])
            stmts = concerned(rule, decided, fact)
            refs: list[EvidenceRef] = []
            for fid in firing.facts:
                refs += [r for r in facts.evidence[fid] if r not in refs]
            for verdict, modality in (("nonconforming", "shall"), ("observation", "should")):
                ids = sorted(s.id for s in stmts if s.modality == modality)
                if not ids:
                    continue
                n += 1
                severe = verdict == "nonconforming" and rule.finding.grade == "severe"
                finding = Finding(
                    id=f"{std_id}/{rule.id}/{n}", rule=rule.id, standard=std_id, statements=ids, verdict=verdict,
                    type=rule.finding.type, grade="severe" if severe else "general",
                    situation=rule.finding.situation if severe else None, guidance_gap=guideline,
                    message=message(rule.finding.message, fact), evidence=refs,
                    deadline=add_months(as_of, DEADLINE_MONTHS) if severe else None,
                )
                findings.append(finding)
                for sid in ids:
                    hits.setdefault(sid, []).append(finding.id)

    kind_refs = {}
    for fact in facts.facts:
        if fact["type"] == "evidence" and fact["present"]:
            kind_refs[fact["kind"]] = facts.evidence[fact["id"]]

    results: list[StatementResult] = []
    for clause in std.walk():
        for st in clause.statements:
            base = dict(id=st.id, clause=clause.number, modality=st.modality)
            if st.modality not in ASSESSABLE:
                results.append(StatementResult(**base, status="informative", decided_by="none"))
            elif st.id in excluded:
                results.append(StatementResult(**base, status="not_applicable", decided_by="exclusion", note=excluded[st.id].justification))
            elif st.id in deciders:
                fids = hits.get(st.id, [])
                status = ("nonconforming" if st.modality == "shall" else "observation") if fids else "conforming"
                refs = [] if fids else [r for k in st.evidence for r in kind_refs.get(k, [])]
                results.append(StatementResult(**base, status=status, decided_by="rule", rules=sorted(set(deciders[st.id])), findings=fids, evidence=refs))
            elif st.id in answers:
                i, ans = answers[st.id]
                where = bundle.where(("answers", i))
                refs = [where] + [_cited(bundle, item) for item in ans.evidence]
                fids = []
                if ans.status == "nonconforming":
                    verdict = "nonconforming" if st.modality == "shall" else "observation"
                    severe = verdict == "nonconforming" and ans.grade == "severe"
                    f = Finding(
                        id=f"{std_id}/answer/{st.id}", rule="answer", standard=std_id, statements=[st.id], verdict=verdict,
                        type=ans.type, grade="severe" if severe else "general", situation=None, guidance_gap=guideline,
                        message=Bilingual(zh=f"{ans.answered_by} 判定为不符合" + (f"：{ans.note}" if ans.note else ""),
                                          en=f"answered nonconforming by {ans.answered_by}" + (f": {ans.note}" if ans.note else "")),
                        evidence=refs, deadline=add_months(as_of, DEADLINE_MONTHS) if severe else None, source="answer",
                    )
                    findings.append(f)
                    fids = [f.id]
                    status = verdict
                else:
                    status = "conforming"
                results.append(StatementResult(**base, status=status, decided_by="answer", findings=fids, evidence=refs, note=ans.note))
            else:
                results.append(StatementResult(**base, status="not_assessed", decided_by="none"))

    by_status = {s: 0 for s in STATUSES}
    by_decision = {"rule": 0, "answer": 0, "exclusion": 0, "none": 0}
    for r in results:
        by_status[r.status] += 1
        if r.modality in ASSESSABLE:
            by_decision[r.decided_by] += 1
    ncs = {k: 0 for k in NC_KEYS}
    for f in findings:
        if f.verdict == "nonconforming":
            ncs[f"{f.type}/{f.grade}"] += 1
    counts = Counts(by_status=by_status, by_decision=by_decision, nonconformities=ncs,
                    observations=sum(1 for f in findings if f.verdict == "observation"))
    applicable, reason = applies(std, m.organization)
    return StandardAssessment(
        standard=std_id, code=std.code, title=Bilingual(zh=std.title.zh, en=std.title.en or std.title.zh), kind=std.kind,
        applicable=applicable, applicability_reason=reason, counts=counts, statements=results,
        findings=sorted(findings, key=_finding_order),
    )


def _cited(bundle, item: str) -> EvidenceRef:
    """An answer's evidence: a document or record id points to its file (or manifest entry); else a bundle path."""
    m = bundle.manifest
    for i, d in enumerate(m.documents):
        if d.id == item:
            return EvidenceRef(file=d.file, note=f"{d.id}: {d.title}") if d.file else bundle.where(("documents", i), note=d.title)
    for section in type(m.records).model_fields:
        for i, r in enumerate(getattr(m.records, section)):
            if getattr(r, "id", None) == item:
                return bundle.where(("records", section, i), note=f"cited by the answer: {item}")
    return bundle.cite(item, note="cited by the answer")  # a path, with a heading, page or cell after "#"


def _finding_order(f: Finding):
    rule, _, n = f.id.rpartition("/")
    return (0 if f.verdict == "nonconforming" else 1, 0 if f.grade == "severe" else 1, rule, int(n) if n.isdigit() else 0, n)


def evaluate(bundle, catalog: Catalog, ruleset: RuleSet, standards: list[str] | None = None, as_of: dt.date | None = None) -> Assessment:
    if as_of is not None:
        bundle = with_as_of(bundle, as_of)
    members = [evaluate(mb, catalog, ruleset, standards, as_of) for mb in bundle.members]
    facts = derive(bundle, catalog, ruleset)
    firings = engine.run(ruleset, facts.facts)
    org = bundle.manifest.organization
    results = []
    for std_id in standards or sorted(catalog.standards):
        std = catalog.standards[std_id]
        applicable, reason = applies(std, org)
        if applicable:
            results.append(_judge(std_id, catalog, ruleset, bundle, facts, firings))
        else:
            results.append(StandardAssessment(
                standard=std_id, code=std.code, title=Bilingual(zh=std.title.zh, en=std.title.en or std.title.zh),
                kind=std.kind, applicable=False, applicability_reason=reason,
            ))
    index = []
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    evaluated = [r for r in results if r.applicable]
    demanded: dict[str, list[str]] = {}
    for r in evaluated:
        for st in catalog.standards[r.standard].statements():
            for k in st.evidence:
                demanded.setdefault(k, []).append(st.id)
    for kind, items in sorted(evidence_items(bundle).items()):
        name = vocab[kind].name if kind in vocab else None
        for item_id, ref, obj in items:
            index.append(EvidenceItem(
                id=item_id, kind=kind, kind_name=Bilingual(zh=name.zh, en=name.en or kind) if name else Bilingual(zh=kind, en=kind),
                title=getattr(obj, "title", None) or item_id, file=ref.file if ref.file != bundle.manifest_path else None,
                supports=sorted(demanded.get(kind, [])),
            ))
    return Assessment(
        cmscheck_version=__version__, bundle=bundle.root.resolve().name,
        organization=OrganizationSummary(
            name=org.name, kind=org.kind, sector=org.sector, carbon_market=org.carbon_market,
            period_start=org.period.start, period_end=org.period.end, as_of=org.as_of,
        ),
        standards=results, members=members, evidence_index=sorted(index, key=lambda e: (e.kind, e.id)),
    )
