"""Waivers: findings a bundle accepts for a while, with a justification, an approver and an expiry date.

A waiver never hides a finding. It marks it (Finding.waiver) in every report; while the waiver holds
(its `expires` is on or after the assessment date) the finding does not count for the exit code or the
thresholds. Expiry is judged at the assessment's `as_of`, not the wall clock, so the same bundle gives
the same result on every machine and every day.

Checks happen in two places: the bundle loader checks what the catalog can tell (statement ids,
finding ids naming a known standard); `check` here checks rule ids against the loaded rules.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .assessment import Assessment
from .findings import EvidenceRef, Finding, WaiverNote
from .problems import Problem

ANSWER_RULE = "answer"  # the pseudo-rule of findings raised by the bundle's own answers
_FINDING_ID = re.compile(r"^(?P<standard>[^/\s]+)/(?P<rule>[^/\s]+)/(?P<n>[^/\s]+)$")

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Unused:
    """A waiver that matched no finding of this evaluation (a typo, or a finding already fixed)."""

    where: EvidenceRef
    names: str


# ------------------------------------------------------------------------------------------ checks


def check_references(items: Iterable[tuple[Loc, Any]], catalog, add: Callable[[Loc, str, str], None]) -> None:
    """The loader's check of each valid waiver (loc, Waiver): statement ids and finding ids must name
    something the catalog knows. `add(loc, message, fix)` records a problem."""
    standards = sorted(catalog.standards)
    for loc, w in items:  # the catalog's index of statements, not a set of its ~2,000 ids per bundle
        if w.statement is not None and catalog.statement(w.statement) is None:
            statements = sorted(s.id for s in catalog.all_statements())
            close = difflib.get_close_matches(w.statement, statements, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            add(loc + ("statement",), f"unknown statement id {w.statement!r}{hint}",
                "write a statement id of the catalog as the report shows it, e.g. cms:7.1.5.s2")
        if w.finding is not None:
            m = _FINDING_ID.match(w.finding)
            if m is None:
                add(loc + ("finding",), f"{w.finding!r} is not a finding id",
                    "copy the finding id from the report: STANDARD/RULE/N, e.g. cms/calibration-overdue/1")
            elif m["standard"] not in catalog.standards:
                add(loc + ("finding",), f"finding {w.finding!r} names unknown standard {m['standard']!r}",
                    f"the id starts with one of: {', '.join(standards)}")


def _waives(bundle) -> bool:
    return bool(bundle.manifest.waivers) or any(_waives(m) for m in bundle.members)


def check(bundle, rule_ids: Iterable[str]) -> list[Problem]:
    """Problems with the rule ids the waivers of bundle (and its members) name; empty when all is well."""
    if not _waives(bundle):  # most bundles waive nothing: no list of known rule ids to build
        return []
    return _check(bundle, sorted(set(rule_ids) | {ANSWER_RULE}))


def _check(bundle, known: list[str]) -> list[Problem]:
    out: list[Problem] = []
    for i, w in enumerate(bundle.manifest.waivers):
        named = []
        if w.rule is not None:
            named.append(("rule", w.rule))
        if w.finding is not None and (m := _FINDING_ID.match(w.finding)):
            named.append(("finding", m["rule"]))
        for field, rule in named:
            if rule in known:
                continue
            close = difflib.get_close_matches(rule, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            loc = ("waivers", i, field)
            out.append(Problem(bundle.manifest_file, bundle.lines.line(loc), f"waivers[{i}].{field}",
                               f"unknown rule {rule!r}{hint}", "write a rule id from rules/*.yaml (the report shows it in each finding)"))
    for member in bundle.members:
        out += _check(member, known)
    return out


# ------------------------------------------------------------------------------------------- apply


def _matches(w, f: Finding) -> bool:
    if w.finding is not None:
        return f.id == w.finding
    return (w.rule is None or f.rule == w.rule) and (w.statement is None or w.statement in f.statements)


def _names(w) -> str:
    if w.finding is not None:
        return f"finding {w.finding}"
    return " ".join(x for x in (f"rule {w.rule}" if w.rule else "", f"statement {w.statement}" if w.statement else "") if x)


def apply(assessment: Assessment, bundle) -> tuple[Assessment, list[Unused]]:
    """Mark the findings the bundle's waivers cover; return the assessment and the waivers that matched
    nothing. Without waivers the very same assessment comes back (reports keep their bytes)."""
    members, unused = [], []
    for sub, sub_bundle in zip(assessment.members, bundle.members):
        marked, lost = apply(sub, sub_bundle)
        members.append(marked)
        unused += lost
    waivers = list(enumerate(bundle.manifest.waivers))
    if not waivers:
        if all(a is b for a, b in zip(members, assessment.members)):
            return assessment, unused
        return assessment.model_copy(update={"members": members}), unused

    as_of = assessment.organization.as_of
    used: set[int] = set()
    standards = []
    for std in assessment.standards:
        findings = []
        for f in std.findings:
            hits = [(i, w) for i, w in waivers if _matches(w, f)]
            if not hits:
                findings.append(f)
                continue
            used.update(i for i, _ in hits)
            # an active waiver wins over an expired one; among equals the first in the manifest
            i, w = next(((i, w) for i, w in hits if w.expires >= as_of), hits[0])
            note = WaiverNote(justification=w.justification, approved_by=w.approved_by, expires=w.expires,
                              active=w.expires >= as_of, where=bundle.where(("waivers", i)))
            findings.append(f.model_copy(update={"waiver": note}))
        standards.append(std.model_copy(update={"findings": findings}))
    unused = [Unused(bundle.where(("waivers", i)), _names(w)) for i, w in waivers if i not in used] + unused
    return assessment.model_copy(update={"standards": standards, "members": members}), unused


def waiver_state(w: WaiverNote, lang: str) -> str:
    """Waived, or waiver expired: the short tag of a finding's waiver."""
    if lang == "en":
        return "waived" if w.active else "waiver expired"
    return "已豁免" if w.active else "豁免已过期"


def waiver_text(w: WaiverNote, lang: str) -> str:
    """One line about a finding's waiver, for the reports (raw bundle text: escape it for Markdown)."""
    where = w.where.file + (f":{w.where.line}" if w.where.line else "")
    if lang == "en":
        return f"{waiver_state(w, lang)} until {w.expires} by {w.approved_by}: {w.justification} ({where})"
    return f"{waiver_state(w, lang)}（至 {w.expires}，批准人 {w.approved_by}）：{w.justification}（{where}）"


def counts(finding: Finding) -> bool:
    """Whether a finding counts for the exit code and the thresholds: unless an active waiver covers it."""
    return finding.waiver is None or not finding.waiver.active
