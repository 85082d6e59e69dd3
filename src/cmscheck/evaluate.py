"""Evaluate a bundle: facts -> engine -> findings -> assessment, one standard at a time.

Statuses and their basis (what the verdict rests on):
- a rule fired on the statement: nonconforming (shall) or an observation (should), basis `checked`;
- no rule fired, and some `checked` rule tested facts concerning it (content found, numbers in order):
  conforming, basis `checked`, citing what it tested;
- no rule fired, but the deciding rules only established presence, approval or dates: `documented`
  ("有文件、待核实 / documented — to verify"), never counted as conforming — unless the bundle answers it
  (a person verified the content: the checklist loop, docs/loop.md);
- excluded: not applicable; answered by the bundle: conforming or not, basis `answered` (attested);
- nothing decides it: not assessed. May-statements, notes and examples are informative.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from operator import itemgetter
from typing import Callable

from pydantic import BaseModel

from . import __version__, engine, finding_ids, witness
from .applicability import applicable as statement_applies, applies, default_entries
from .dates import correction_deadline
from .assessment import (
    BASES, STATUSES, Assessment, Counts, OrganizationSummary, StandardAssessment, StatementResult,
    GIVEN_EVIDENCE, GIVEN_FINDINGS, GIVEN_NOTE, GIVEN_RULES, construct, evidence_item, row, rule_finding, statement_result as _result,
)
from .catalog import Catalog
from .catalog.models import ASSESSABLE
from .context import real_root
from .facts import Facts, derive
from .facts.functions import evidence_items
from .findings import Bilingual, EvidenceRef, Finding
from .packed import Packed
from .rules.messages import message
from .rules.models import RuleSet
from .memo import by_identity
from .selection import COUNTED as _COUNTED, Layout, by_modality, kind_entries, rule_types, standard_plan, stock as _stock, title as _title

NC_KEYS = [f"{t}/{g}" for t in ("systemic", "implementation", "effectiveness") for g in ("severe", "general")]


def with_as_of(bundle, as_of: dt.date):
    org = bundle.manifest.organization.model_copy(update={"as_of": as_of})
    manifest = bundle.manifest.model_copy(update={"organization": org})
    return dataclasses.replace(bundle, manifest=manifest)


WITNESS_LIMIT = 5  # evidence cited for one checked-conforming statement: enough to follow, not every fact


def _by_type(facts: Facts) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for fact in facts.facts:
        out.setdefault(fact["type"], []).append(fact)
    return out


class _Fired:
    """What one firing gives every standard that judges with its rule: worked out once per bundle."""

    __slots__ = ("rule", "fact", "refs", "subject", "_message")

    def __init__(self, rule, firing, facts: Facts) -> None:
        self.rule = rule
        self.fact = facts.get(firing.facts[0])
        cited = witness.Cited()
        for fid in firing.facts:
            cited.add("", facts.evidence[fid])
        self.refs = cited.get("", [])  # the evidence of every fact it matched, each place once
        self.subject = finding_ids.subject(self.fact)
        self._message = None

    def message(self) -> Bilingual:
        if self._message is None:  # filled only when a finding is raised, as before
            self._message = message(self.rule.finding.message, self.fact)
        return self._message


class _Bundle:
    """What judging every standard of one bundle shares, worked out once per bundle (five standards judge
    with the same facts, firings, exclusions, answers and conditions)."""

    def __init__(self, bundle, ruleset: RuleSet, facts: Facts, firings: list) -> None:
        self.bundle = bundle
        self.manifest = m = bundle.manifest
        self.as_of = m.organization.as_of
        self._deadline = None
        self.facts = facts
        self.by_type = by_type = _by_type(facts)
        self.looked = witness.looked_by_rule(ruleset, by_type, facts.evidence)
        self.arranged: dict[str, object] = {}  # rule id -> its looked-at facts arranged for citing (arrange)
        self.by_rule: dict[str, list] = {}
        for f in firings:
            self.by_rule.setdefault(f.rule, []).append(f)
        # rules the bundle holds facts for: the others decide nothing, rather than "conforming"
        self.active = frozenset(rule.id for rule, _, needed in rule_types(ruleset) if needed <= by_type.keys())
        self.entries = default_entries()
        self.held: dict = {}  # condition -> whether it holds for this bundle
        self.deciding: dict[tuple[str, ...], list[str]] = {}  # the rules deciding a statement -> those active, sorted
        self.fired: dict[str, list[_Fired]] = {}  # rule id -> its firings as every standard uses them
        self.excluded = {e.statement: e for e in m.exclusions}
        self.answers = {a.statement: (i, a) for i, a in enumerate(m.answers)}
        self.kind_refs = {f["kind"]: facts.evidence[f["id"]] for f in by_type.get("evidence", ()) if f["present"]}
        self.kind_docs: dict[tuple[str, ...], list[EvidenceRef]] = {}  # evidence kinds -> what the bundle holds of them

    def deadline(self):
        """Of every severe finding, worked out when the first is raised (as before: an as_of near the last
        date a date can be has none)."""
        if self._deadline is None:
            self._deadline = correction_deadline(self.as_of)
        return self._deadline

    def arrange(self, rp):
        return self.arranged.setdefault(rp.rule_id, witness.arranged(rp.rule, self.looked[rp.rule_id], WITNESS_LIMIT))

    def fired_by(self, rp) -> list[_Fired]:
        hit = self.fired.get(rp.rule_id)
        if hit is None:
            hit = self.fired[rp.rule_id] = [_Fired(rp.rule, f, self.facts) for f in self.by_rule.get(rp.rule_id, ())]
        return hit

    def documents(self, kinds: tuple[str, ...]) -> list[EvidenceRef]:
        """What the bundle holds of these evidence kinds: statements demanding the same kinds share it."""
        hit = self.kind_docs.get(kinds)
        if hit is None:
            hit = self.kind_docs[kinds] = [r for k in kinds for r in self.kind_refs.get(k, ())]
        return hit

    def rules_deciding(self, rule_ids: tuple[str, ...]) -> list[str]:
        """Of the rules deciding a statement (sorted, Layout.deciders), those the bundle holds facts for (a rule
        without its facts decides nothing, rather than "conforming"); statements share their rules, so each once."""
        hit = self.deciding.get(rule_ids)
        if hit is None:
            active = self.active
            hit = self.deciding[rule_ids] = [r for r in rule_ids if r in active]
        return hit


def _judge(std_id: str, catalog: Catalog, ruleset: RuleSet, j: _Bundle, reason: Bilingual) -> StandardAssessment:
    std = catalog.standards[std_id]
    plan = standard_plan(catalog, ruleset, j.entries, std_id)
    excluded, answers = j.excluded, j.answers
    skipped = {}  # statement -> why it is not applicable: excluded, or its condition does not hold
    for sid, e in excluded.items():
        skipped[sid] = e.justification
    for sid, _ in plan.conditional:  # its condition (standards/applicability.yaml) does not hold: not applicable
        ok, why = statement_applies(sid, j.manifest, entries=j.entries, held=j.held)
        if not ok and sid not in excluded:
            skipped[sid] = f"{why.zh} / {why.en}"
    guideline = std.kind == "guideline"
    new_id = finding_ids.Allocator(std_id)

    hits: dict[str, list[str]] = {}
    witnessed = witness.Cited()  # statement -> what a quiet checked rule tested
    present = witness.Cited()  # statement -> evidence a checked rule could not measure (unreadable)
    findings: list[Finding] = []
    active, by_rule, looked, arranged = j.active, j.by_rule, j.looked, j.arranged

    for rp in plan.rules:
        rid = rp.rule_id
        if rid not in active or (rid not in by_rule and rid not in looked):
            continue  # it fired on nothing and witnessed nothing: it only decides (see the rows below)
        for one in j.fired_by(rp):
            _raise(one, rp, std_id, skipped, guideline, new_id, j, findings, hits)
        if rid in looked:  # its looked-at facts cite what they concern (witness.arranged, once per bundle)
            # ... except the statements its silence does not vouch for (Decides.unvouched): not witnessed
            (arranged.get(rid) or j.arrange(rp)).cite(rp, skipped.keys() | rp.unvouched if rp.unvouched else skipped,
                                                      witnessed, present)

    # Each row starts as the result nothing decides (built once per process, _stock); only the rows a rule
    # decides, and those the bundle excludes or answers, are looked at.
    layout = _stock(plan)
    rows = plan.rows
    todo = layout.decidable
    extra = [layout.position[sid] for sid in skipped.keys() | answers.keys() if sid in layout.position]
    if extra:
        todo = sorted(set(todo).union(*extra))
    results = list(layout.results)
    counted = []  # the COUNTED key of each row looked at
    deciding, kind_docs, info = j.deciding, j.kind_docs, layout.rows
    for i in todo:
        base, sid, modality, deciders, kinds = info[i]
        if sid in skipped:
            results[i] = row(base, "not_applicable", "excluded", "exclusion", [], [], [], skipped[sid], GIVEN_NOTE)
            counted.append(("not_applicable", "excluded", "exclusion", modality))
            continue
        # the rules deciding the row that the bundle holds facts for (none for a row no rule decides); an
        # empty list is kept too, so looked up once per bundle
        rules = deciding.get(deciders)
        if rules is None:
            rules = j.rules_deciding(deciders)
        if rules:
            # the results of one bundle share its sorted rule lists and its documents' (results are frozen)
            if fids := hits.get(sid):
                status = "nonconforming" if modality == "shall" else "observation"
                results[i] = row(base, status, "checked", "rule", rules, fids, [], None, GIVEN_FINDINGS)
                counted.append((status, "checked", "rule", modality))
                continue
            refs = witnessed.get(sid)
            if refs is not None:  # a rule tested content or numbers and found them in order
                results[i] = row(base, "conforming", "checked", "rule", rules, [], refs, None, GIVEN_EVIDENCE)
                counted.append(("conforming", "checked", "rule", modality))
                continue
            if sid not in answers:  # only presence, approval or dates are known: a person must verify the content
                refs = kind_docs.get(kinds)
                if refs is None:
                    refs = j.documents(kinds)
                if unmeasured := present.get(sid):
                    refs = refs + unmeasured
                if refs:
                    results[i] = row(base, "documented", "documented", "rule", rules, [], refs, None, GIVEN_EVIDENCE)
                    counted.append(("documented", "documented", "rule", modality))
                else:  # the deciding rules saw nothing of it: no evidence to point at, so nothing is known
                    results[i] = row(base, "not_assessed", "none", "none", rules, [], [], None, GIVEN_RULES)
                    counted.append(("not_assessed", "none", "none", modality))
                continue
            # else only presence was known; a person verified the content and answered (below)
        elif sid not in answers:
            counted.append(layout.keys[i])
            continue  # nothing decides it after all: the row keeps its stock result
        st, base, _ = rows[i]
        results[i] = result = _answered(j.bundle, std_id, st, base, answers[sid], guideline, j.as_of, findings)
        counted.append(_COUNTED(result))

    # the stock rows' kinds counted once per process; the rows looked at here replace theirs
    rest = _rest(layout) if todo is layout.decidable else layout.tally - Counter(map(layout.keys.__getitem__, todo))
    counts = _counts((rest, Counter(counted)), findings)
    return _make(StandardAssessment,
        standard=std_id, code=std.code, title=_title(std), kind=std.kind,
        applicable=True, applicability_reason=reason, counts=counts, statements=results,
        findings=sorted(findings, key=_finding_order),
    )


def _raise(one: _Fired, rp, std_id: str, skipped: dict, guideline: bool, new_id, j: _Bundle, findings: list[Finding],
           hits: dict[str, list[str]]) -> None:
    """The findings of one firing on this standard's statements it concerns: one on its shall-statements
    (nonconforming), one on its should-statements (an observation)."""
    rule, fact = rp.rule, one.fact
    # the concerned statements' ids by modality, sorted, split once per process; filtering keeps them sorted
    split = by_modality(rp.concerned(fact))
    if skipped:  # excluded, or under a condition that does not hold: decided by neither rule nor finding
        split = [[sid for sid in ids if sid not in skipped] for ids in split]
    if rp.per_kind and "kind" in fact:  # a kind the statement demands only under a condition
        m, kind = j.manifest, fact["kind"]
        split = [[sid for sid in ids if statement_applies(sid, m, kind, j.entries, j.held)[0]] for ids in split]
    for verdict, ids in zip(("nonconforming", "observation"), split):
        if not ids:
            continue
        severe = verdict == "nonconforming" and rule.finding.grade == "severe"
        fid = new_id(rule.id, one.subject if verdict == "nonconforming" else f"{one.subject}~obs")
        findings.append(rule_finding(fid, rule, std_id, list(ids), verdict, severe, guideline, one.message(), one.refs,
                                     j.deadline() if severe else None))
        for sid in ids:
            hits.setdefault(sid, []).append(fid)


@by_identity
def _rest(layout: Layout) -> Counter:
    """The tally of a layout's rows no rule decides: the rows every bundle leaves as they are stocked."""
    return layout.tally - Counter(map(layout.keys.__getitem__, layout.decidable))


def _counts(tallies, findings: list[Finding]) -> Counts:
    by_status = {s: 0 for s in STATUSES}
    by_decision = {"rule": 0, "answer": 0, "exclusion": 0, "none": 0}
    by_basis = {b: 0 for b in BASES}
    conforming = {"checked": 0, "answered": 0}
    for tally in tallies:
        for (status, basis, decided, modality), n in tally.items():
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
    return _make(Counts, by_status=by_status, by_decision=by_decision, by_basis=by_basis, nonconformities=ncs,
                 observations=sum(1 for f in findings if f.verdict == "observation"),
                 conforming_checked=conforming["checked"], conforming_answered=conforming["answered"])


def _make(cls, **values):
    return construct(cls, values)


def _answered(bundle, std_id: str, st, base: dict, answer, guideline: bool, as_of, findings: list[Finding]) -> StatementResult:
    """A statement no rule decides, answered by the organization or an auditor: attested, with who and what evidence."""
    i, ans = answer
    where = bundle.where(("answers", i))
    refs = [where] + [_cited(bundle, item) for item in ans.evidence]
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
    """An answer's evidence: a document or record id points to its file (or manifest entry); else a bundle path."""
    m = bundle.manifest
    for i, d in enumerate(m.documents):
        if d.id == item:
            return EvidenceRef(file=d.file, note=f"{d.id}: {d.title}") if d.file else bundle.where(("documents", i), note=d.title)
    for section in type(m.records).model_fields:
        for i, r in enumerate(getattr(m.records, section)):
            if getattr(r, "id", None) == item:
                return bundle.where(("records", section, i), note=f"答复所引：{item} / cited by the answer: {item}")
    return bundle.cite(item, note="答复所引 / cited by the answer")  # a path, with a heading, page or cell after "#"


_first = itemgetter(0)  # an evidence item's id


def _title_or(obj, default: str) -> str:
    """obj.title if it has one, else default. Asked of a model that has no title, getattr makes pydantic
    raise an AttributeError it builds slowly (~6 µs, for a third of a steel bundle's items)."""
    if _untitled(type(obj)):
        return default
    return getattr(obj, "title", None) or default


@functools.cache
def _untitled(cls: type) -> bool:
    """A pydantic model type whose instances hold no title: no such field, class attribute or private
    attribute, and no extra fields."""
    return isinstance(cls, type) and issubclass(cls, BaseModel) and "title" not in cls.model_fields \
        and not hasattr(cls, "title") and "title" not in cls.__private_attributes__ and cls.model_config.get("extra") != "allow"


def _finding_order(f: Finding):
    return (0 if f.verdict == "nonconforming" else 1, 0 if f.grade == "severe" else 1, f.rule, f.id)


Done = Callable[[Assessment, object], Assessment]


def evaluate(bundle, catalog: Catalog, ruleset: RuleSet, standards: list[str] | None = None, as_of: dt.date | None = None,
             member_done: Done | None = None) -> Assessment:
    """The assessment of a bundle. A park's members are evaluated one at a time, each passed with its
    bundle through `member_done` (waivers, thresholds) and then packed (packed.py), so a park of a
    thousand members never holds more than one member's assessment unpacked."""
    if as_of is not None:
        bundle = with_as_of(bundle, as_of)
    members = Packed()
    for mb in bundle.members:
        assessed = evaluate(mb, catalog, ruleset, standards, as_of, member_done)
        members.append(member_done(assessed, mb) if member_done else assessed)
    facts = derive(bundle, catalog, ruleset)
    j = _Bundle(bundle, ruleset, facts, engine.run(ruleset, facts.facts))
    org = bundle.manifest.organization
    results = []
    for std_id in standards or sorted(catalog.standards):
        std = catalog.standards[std_id]
        applicable, reason = applies(std, org)
        if applicable:
            results.append(_judge(std_id, catalog, ruleset, j, reason))
        else:
            results.append(_make(StandardAssessment,
                standard=std_id, code=std.code, title=_title(std),
                kind=std.kind, applicable=False, applicability_reason=reason,
            ))
    evaluated = tuple(standard_plan(catalog, ruleset, j.entries, r.standard) for r in results if r.applicable)
    index = []
    manifest_path = bundle.manifest_path
    entries = kind_entries(catalog, evaluated)  # kind_entry(catalog, evaluated, kind), looked up once
    for kind, items in sorted(evidence_items(bundle).items()):  # by kind, then id (a stable sort: ties keep their order)
        kind_name, supports = entries.entry(kind)
        items.sort(key=_first)
        for item_id, ref, obj in items:
            index.append(evidence_item(item_id, kind, kind_name, _title_or(obj, item_id),
                                       ref.file if ref.file != manifest_path else None, list(supports)))
    return _make(Assessment, 
        cmscheck_version=__version__, bundle=real_root(bundle).name,
        organization=_make(OrganizationSummary, 
            name=org.name, kind=org.kind, sector=org.sector, carbon_market=org.carbon_market,
            period_start=org.period.start, period_end=org.period.end, as_of=org.as_of,
        ),
        standards=results, members=members, evidence_index=index,
    )
