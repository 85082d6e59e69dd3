"""The judging of a bundle as it stood before issue 16's round 4 (main 5c97b53), frozen: the general path
test_fast_judge4_same compares the evaluator with. Its own cited-evidence list, result builder (pydantic's
model_construct, as `construct` was) and stock rows, so that changing those in cmscheck changes nothing here;
it shares with cmscheck only what round 4 left alone (the plans, the conditions, the engine, the facts).
One change of meaning since, made in both: round 13's `decides.unvouched` (a quiet rule does not witness those).

The one test here checks the frozen copy against the golden digests of the examples, so it is known to be
the evaluator that made them."""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from pathlib import Path

from cmscheck import __version__, engine, finding_ids, witness
from cmscheck.applicability import applicable as statement_applies, applies, default_entries
from cmscheck.assessment import (
    BASES, STATUSES, Assessment, Counts, EvidenceItem, OrganizationSummary, StandardAssessment, StatementResult,
)
from cmscheck.catalog.models import ASSESSABLE
from cmscheck.dates import correction_deadline
from cmscheck.facts import derive
from cmscheck.facts.functions import evidence_items
from cmscheck.findings import Bilingual, EvidenceRef, Finding
from cmscheck.packed import Packed
from cmscheck.rules.messages import message
from cmscheck.selection import rule_types, standard_plan

NC_KEYS = [f"{t}/{g}" for t in ("systemic", "implementation", "effectiveness") for g in ("severe", "general")]
WITNESS_LIMIT = 5
COUNTED = attrgetter("status", "basis", "decided_by", "modality")


def _make(cls, **values):
    """model_construct with every default factory called: what assessment.construct built."""
    return cls.model_construct(_fields_set=set(values), **values)


def _result(base: dict, **fields) -> StatementResult:
    return _make(StatementResult, **base, **fields)


def _ref_key(ref: EvidenceRef) -> tuple:
    return tuple(ref.__dict__.values())


class _Cited(dict):
    """statement -> the evidence cited for it, each place once (by value), in the order first cited."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: dict[str, set] = {}

    def add(self, sid: str, refs: list, limit: int | None = None) -> None:
        cited = self.setdefault(sid, [])
        if limit is not None and len(cited) >= limit:
            return
        seen = self._keys.setdefault(sid, set())
        for ref in refs:
            k = _ref_key(ref)
            if k not in seen:
                cited.append(ref)
                seen.add(k)


def _stock(plan) -> tuple[list, list]:
    """The result of each row when nothing decides it, and the assessable rows some rule decides."""
    results, decidable = [], []
    for i, (st, base, deciders) in enumerate(plan.rows):
        if st.modality in ASSESSABLE:
            results.append(_result(base, status="not_assessed", basis="none", decided_by="none"))
            if deciders:
                decidable.append(i)
        else:
            results.append(_result(base, status="informative", basis="none", decided_by="none"))
    return results, decidable


def _looked_at(ruleset, by_type: dict, facts) -> dict[str, list[tuple]]:
    out = {}
    for rule, types, needed in rule_types(ruleset):
        if rule.basis == "checked" and needed <= by_type.keys():
            measured, unmeasured = witness.looked_at(rule.when, [f for t in types for f in by_type[t]])
            out[rule.id] = [(fact, facts.evidence[fact["id"]], m)
                            for group, m in ((measured, True), (unmeasured, False)) for fact in group
                            if facts.evidence[fact["id"]]]
    return out


class _Fired:
    def __init__(self, rule, firing, facts) -> None:
        self.rule = rule
        self.fact = facts.get(firing.facts[0])
        cited = _Cited()
        for fid in firing.facts:
            cited.add("", facts.evidence[fid])
        self.refs = cited.get("", [])
        self.subject = finding_ids.subject(self.fact)
        self.message = message(rule.finding.message, self.fact)


def _judge(std_id, catalog, ruleset, bundle, facts, by_type, looked, entries, held, by_rule, active, fired, reason):
    std = catalog.standards[std_id]
    plan = standard_plan(catalog, ruleset, entries, std_id)
    m = bundle.manifest
    as_of = m.organization.as_of
    excluded = {e.statement: e for e in m.exclusions}
    conditional = {}
    for sid, _ in plan.conditional:
        ok, why = statement_applies(sid, m, entries=entries, held=held)
        if not ok and sid not in excluded:
            conditional[sid] = f"{why.zh} / {why.en}"
    answers = {a.statement: (i, a) for i, a in enumerate(m.answers)}
    guideline = std.kind == "guideline"
    new_id = finding_ids.Allocator(std_id)
    skip = excluded.keys() | conditional.keys()
    hits: dict[str, list[str]] = {}
    witnessed, present = _Cited(), _Cited()
    findings: list[Finding] = []
    for rp in plan.rules:
        rule = rp.rule
        if rule.id not in active or (rule.id not in by_rule and rule.id not in looked):
            continue
        if rule.id not in fired:
            fired[rule.id] = [_Fired(rule, f, facts) for f in by_rule.get(rule.id, ())]
        for one in fired[rule.id]:
            fact = one.fact
            stmts = [s for s in rp.concerned(fact) if s.id not in skip]
            if rule.per_evidence_kind and "kind" in fact:
                stmts = [s for s in stmts if statement_applies(s.id, m, fact["kind"], entries, held)[0]]
            for verdict, modality in (("nonconforming", "shall"), ("observation", "should")):
                ids = sorted(s.id for s in stmts if s.modality == modality)
                if not ids:
                    continue
                severe = verdict == "nonconforming" and rule.finding.grade == "severe"
                finding = _make(Finding,
                    id=new_id(rule.id, one.subject if verdict == "nonconforming" else f"{one.subject}~obs"),
                    rule=rule.id, standard=std_id, statements=ids, verdict=verdict,
                    type=rule.finding.type, grade="severe" if severe else "general",
                    situation=rule.finding.situation if severe else None, guidance_gap=guideline,
                    possible_situation=rule.finding.possible_situation,
                    message=one.message, evidence=one.refs,
                    deadline=correction_deadline(as_of) if severe else None,
                )
                findings.append(finding)
                for sid in ids:
                    hits.setdefault(sid, []).append(finding.id)
        for fact, refs, measured in looked.get(rule.id, ()):
            into = witnessed if measured else present
            for s in rp.concerned(fact):
                # round 13 (not round 4): what a quiet rule's silence does not vouch for is not witnessed
                if s.id not in skip and s.id not in rp.unvouched:
                    into.add(s.id, refs, WITNESS_LIMIT)
    kind_refs = {f["kind"]: facts.evidence[f["id"]] for f in by_type.get("evidence", []) if f["present"]}
    stock, decidable = _stock(plan)
    results = list(stock)
    todo = sorted(set(decidable) | {i for i, (st, _, _) in enumerate(plan.rows) if st.modality in ASSESSABLE
                                    and (st.id in excluded or st.id in conditional or st.id in answers)})
    for i in todo:
        st, base, deciders = plan.rows[i]
        sid = st.id
        rules = sorted({r for r in deciders if r in active})
        if sid in excluded:
            result = _result(base, status="not_applicable", basis="excluded", decided_by="exclusion",
                             note=excluded[sid].justification)
        elif sid in conditional:
            result = _result(base, status="not_applicable", basis="excluded", decided_by="exclusion",
                             note=conditional[sid])
        elif rules:
            fids = hits.get(sid)
            if fids:
                status = "nonconforming" if st.modality == "shall" else "observation"
                result = _result(base, status=status, basis="checked", decided_by="rule", rules=rules, findings=fids)
            elif sid in witnessed:
                result = _result(base, status="conforming", basis="checked", decided_by="rule", rules=rules,
                                 evidence=witnessed[sid])
            elif sid in answers:
                result = _answered(bundle, std_id, st, base, answers[sid], guideline, as_of, findings)
            else:
                refs = [r for k in st.evidence for r in kind_refs.get(k, [])] + present.get(sid, [])
                if refs:
                    result = _result(base, status="documented", basis="documented", decided_by="rule",
                                     rules=rules, evidence=refs)
                else:
                    result = _result(base, status="not_assessed", basis="none", decided_by="none", rules=rules)
        elif sid in answers:
            result = _answered(bundle, std_id, st, base, answers[sid], guideline, as_of, findings)
        else:
            continue
        results[i] = result
    return _standard(std, std_id, reason, results, findings)


def _standard(std, std_id, reason, results, findings):
    by_status = {s: 0 for s in STATUSES}
    by_decision = {"rule": 0, "answer": 0, "exclusion": 0, "none": 0}
    by_basis = {b: 0 for b in BASES}
    conforming = {"checked": 0, "answered": 0}
    for (status, basis, decided, modality), n in Counter(map(COUNTED, results)).items():
        by_status[status] += n
        if modality in ASSESSABLE:
            by_decision[decided] += n
            by_basis[basis] += n
        if status == "conforming" and basis in conforming:
            conforming[basis] += n
    ncs = {k: 0 for k in NC_KEYS}
    for f in findings:
        if f.verdict == "nonconforming":
            ncs[f"{f.type}/{f.grade}"] += 1
    counts = _make(Counts, by_status=by_status, by_decision=by_decision, by_basis=by_basis, nonconformities=ncs,
                   observations=sum(1 for f in findings if f.verdict == "observation"),
                   conforming_checked=conforming["checked"], conforming_answered=conforming["answered"])
    order = lambda f: (0 if f.verdict == "nonconforming" else 1, 0 if f.grade == "severe" else 1, f.rule, f.id)  # noqa: E731
    return _make(StandardAssessment,
        standard=std_id, code=std.code, title=Bilingual(zh=std.title.zh, en=std.title.en or std.title.zh), kind=std.kind,
        applicable=True, applicability_reason=reason, counts=counts, statements=results,
        findings=sorted(findings, key=order),
    )


def _answered(bundle, std_id, st, base, answer, guideline, as_of, findings) -> StatementResult:
    i, ans = answer
    refs = [bundle.where(("answers", i))] + [_cited(bundle, item) for item in ans.evidence]
    fids = []
    status = "conforming"
    if ans.status == "nonconforming":
        verdict = "nonconforming" if st.modality == "shall" else "observation"
        severe = verdict == "nonconforming" and ans.grade == "severe"
        f = Finding(
            id=f"{std_id}/answer/{st.id}", rule="answer", standard=std_id, statements=[st.id], verdict=verdict,
            type=ans.type, grade="severe" if severe else "general", situation=None, guidance_gap=guideline,
            message=Bilingual(zh=f"{ans.answered_by} 判定为不符合" + (f"：{ans.note}" if ans.note else ""),
                              en=f"answered nonconforming by {ans.answered_by}" + (f": {ans.note}" if ans.note else "")),
            evidence=refs, deadline=correction_deadline(as_of) if severe else None, source="answer",
        )
        findings.append(f)
        fids = [f.id]
        status = verdict
    return _result(base, status=status, basis="answered", decided_by="answer", findings=fids, evidence=refs,
                   note=ans.note, answered_by=ans.answered_by)


def _cited(bundle, item: str) -> EvidenceRef:
    m = bundle.manifest
    for i, d in enumerate(m.documents):
        if d.id == item:
            return EvidenceRef(file=d.file, note=f"{d.id}: {d.title}") if d.file else bundle.where(("documents", i), note=d.title)
    for section in type(m.records).model_fields:
        for i, r in enumerate(getattr(m.records, section)):
            if getattr(r, "id", None) == item:
                # the note's words as evaluate writes them now (round 11: Chinese beside the English)
                return bundle.where(("records", section, i), note=f"答复所引：{item} / cited by the answer: {item}")
    return bundle.cite(item, note="答复所引 / cited by the answer")


def evaluate(bundle, catalog, ruleset, standards: list[str] | None = None) -> Assessment:
    """The assessment of a bundle, as main 5c97b53 made it."""
    members = Packed()
    for mb in bundle.members:
        members.append(evaluate(mb, catalog, ruleset, standards))
    entries = default_entries()
    facts = derive(bundle, catalog, ruleset)
    firings = engine.run(ruleset, facts.facts)
    by_type: dict[str, list[dict]] = {}
    for fact in facts.facts:
        by_type.setdefault(fact["type"], []).append(fact)
    looked = _looked_at(ruleset, by_type, facts)
    by_rule: dict[str, list] = {}
    for f in firings:
        by_rule.setdefault(f.rule, []).append(f)
    held: dict = {}
    active = frozenset(rule.id for rule, _, needed in rule_types(ruleset) if needed <= by_type.keys())
    fired: dict = {}
    org = bundle.manifest.organization
    results = []
    for std_id in standards or sorted(catalog.standards):
        std = catalog.standards[std_id]
        ok, reason = applies(std, org)
        if ok:
            results.append(_judge(std_id, catalog, ruleset, bundle, facts, by_type, looked, entries, held, by_rule, active,
                                  fired, reason))
        else:
            results.append(_make(StandardAssessment, standard=std_id, code=std.code,
                                 title=Bilingual(zh=std.title.zh, en=std.title.en or std.title.zh), kind=std.kind,
                                 applicable=False, applicability_reason=reason))
    evaluated = [standard_plan(catalog, ruleset, entries, r.standard) for r in results if r.applicable]
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    index = []
    for kind, items in sorted(evidence_items(bundle).items()):
        v = vocab.get(kind)
        name = Bilingual(zh=v.name.zh, en=v.name.en or kind) if v is not None and v.name else Bilingual(zh=kind, en=kind)
        supports = sorted(sid for p in evaluated for sid in p.demanded.get(kind, ()))
        for item_id, ref, obj in items:
            index.append(_make(EvidenceItem, id=item_id, kind=kind, kind_name=name,
                               title=getattr(obj, "title", None) or item_id,
                               file=ref.file if ref.file != bundle.manifest_path else None, supports=list(supports)))
    return _make(Assessment,
        cmscheck_version=__version__, bundle=bundle.root.resolve().name,
        organization=_make(OrganizationSummary,
            name=org.name, kind=org.kind, sector=org.sector, carbon_market=org.carbon_market,
            period_start=org.period.start, period_end=org.period.end, as_of=org.as_of,
        ),
        standards=results, members=members, evidence_index=sorted(index, key=lambda e: (e.kind, e.id)),
    )


def test_the_frozen_evaluator_made_the_golden_digests():
    from test_examples import GOLDEN, NAMES, digest, _inputs
    from cmscheck.bundle import load_bundle

    catalog, ruleset = _inputs()
    root = Path(__file__).resolve().parent.parent / "examples"
    for name in NAMES:
        got = digest(evaluate(load_bundle(root / name, catalog), catalog, ruleset))
        assert got == (GOLDEN / f"{name}.digest").read_text(encoding="utf-8"), name
