"""OSCAL 1.1 assessment results (--format oscal-ar) and plan of action and milestones (--format oscal-poam).

assessment results: one result per applicable standard (and per park member); every statement with a
verdict becomes an observation, its method the verdict's basis (checked → TEST, documented → EXAMINE,
answered → INTERVIEW), its evidence the cited files; and a finding that targets the statement
(`statement-id`, the id of its part in `cmscheck oscal catalog`) with state satisfied (conforming) or
not-satisfied (everything else: a documented statement is only to verify, never satisfied).
POA&M: every open nonconformity (nonconforming finding) as a risk with its deadline and a POA&M item;
a waived one as `deviation-approved`. With --previous, the bundle's open nonconformity records too.
"""

from __future__ import annotations

import itertools
import tempfile
from typing import Iterator
from urllib.parse import quote

from ..context import ReportContext
from . import json_lists
from .labels import ref_text
from .oscal_common import dump, metadata, prop, stamp, token, uid

METHOD = {"checked": "TEST", "documented": "EXAMINE", "answered": "INTERVIEW"}
_STATUS = {
    "zh": {"conforming": "符合", "nonconforming": "不符合", "observation": "观察项", "documented": "有文件、待核实"},
    "en": {"conforming": "conforming", "nonconforming": "nonconforming", "observation": "observation",
           "documented": "documented — to verify"},
}


def _lang(ctx: ReportContext) -> str:
    return "en" if ctx.lang == "en" else "zh"


def _assessments(a, where):
    """The assessment and its park members (depth first), each with where its bundle lies."""
    yield a, where
    for i, m in enumerate(a.members):
        yield from _assessments(m, where.members[i] if where is not None and i < len(where.members) else None)


def _href(where, file: str) -> str:
    path = quote(file, safe="/#")
    return f"{where.base.rstrip('/')}/{path}" if where is not None and where.base else path


def assessment_results(ctx: ReportContext) -> str:
    return "".join(assessment_results_chunks(ctx))


def assessment_results_chunks(ctx: ReportContext) -> Iterator[str]:
    """The document in pieces: its own fields around an empty results list, then each result (one per
    applicable standard of the bundle and of each park member, a member unpacked and let go in turn)
    encoded alone and indented to stand in that list. The bytes are those of one dump of the whole
    document (a park of 300 members took 1.8 GB that way); tests/test_oscal_stream.py compares them."""
    top = ctx.assessment
    day, lang = top.organization.as_of, _lang(ctx)
    results = (_result(a, s, where, lang) for a, where in _assessments(top, ctx.where) for s in a.standards if s.applicable)
    first = next(results, None)
    if first is None:
        first = {"uuid": uid("result", top.bundle, day, "none"), "title": top.organization.name,
                 "description": "no applicable standard", "start": stamp(day),
                 "reviewed-controls": {"control-selections": [{"include-all": {}}]}}
    doc = {"uuid": uid("assessment-results", top.bundle, day),
           "metadata": metadata(f"cmscheck: {top.organization.name}", day, top.cmscheck_version),
           "import-ap": {"href": _href(ctx.where, "cmscheck.yaml"),
                         "remarks": "the assessment plan is the bundle's manifest and cmscheck's catalog and rules"},
           "results": []}
    head, tail = json_lists.split(dump({"assessment-results": doc}), "results", 2)
    yield head
    for i, result in enumerate(itertools.chain((first,), results)):
        yield json_lists.item(dump(result)[:-1], 2, i == 0)
    yield json_lists.close(2, False) + tail


def _result(a, s, where, lang: str) -> dict:
    day = a.organization.as_of
    collected = stamp(day)
    by_id = {f.id: f for f in s.findings}
    observations, findings = [], []
    for r in s.statements:
        if r.basis not in METHOD:
            continue
        related = [by_id[i] for i in r.findings if i in by_id]
        text = _STATUS[lang].get(r.status, r.status)
        described = "; ".join([text] + [f.message.get(lang) for f in related])
        o_uuid = uid("observation", a.bundle, day, r.id)
        props = [prop("statement", r.id), prop("status", r.status), prop("basis", r.basis)]
        props += [prop("finding", f.id) for f in related]
        if r.answered_by:
            props.append(prop("answered-by", r.answered_by))
        obs = {"uuid": o_uuid, "title": r.id, "description": described, "methods": [METHOD[r.basis]],
               "collected": collected, "props": props}
        evidence = [{"href": _href(where, e.file), "description": ref_text(e)} for e in r.evidence]
        if evidence:
            obs["relevant-evidence"] = evidence
        if r.note:
            obs["remarks"] = r.note
        observations.append(obs)
        status = {"state": "satisfied" if r.status == "conforming" else "not-satisfied"}
        if r.status == "documented":
            status.update(reason="other", remarks=_STATUS[lang]["documented"])
        findings.append({"uuid": uid("finding", a.bundle, day, r.id), "title": f"{r.id}: {text}",
                         "description": described,
                         "target": {"type": "statement-id", "target-id": token(r.id), "status": status},
                         "related-observations": [{"observation-uuid": o_uuid}],
                         "props": [prop("statement", r.id)] + [prop("finding", f.id) for f in related]})
    out = {"uuid": uid("result", a.bundle, day, s.standard),
           "title": f"{a.organization.name}: {s.code or s.standard} {s.title.get(lang)}",
           "description": f"{s.standard}: {s.applicability_reason.get(lang)}", "start": stamp(day), "end": stamp(day),
           "props": [prop("standard", s.standard), prop("bundle", a.bundle)],
           "reviewed-controls": {"control-selections": [{"include-all": {}}]}}
    if observations:
        out["observations"] = observations
        out["findings"] = findings
    return out


def poam(ctx: ReportContext) -> str:
    return "".join(poam_chunks(ctx))


def _risks(ctx: ReportContext, day, lang: str) -> Iterator[tuple[dict, dict]]:
    """(risk, its POA&M item) of every open nonconformity of the bundle and its members (each member
    unpacked and let go in turn), then of the bundle's open nonconformity records."""
    top = ctx.assessment
    for a, _ in _assessments(top, ctx.where):
        for f in a.findings():
            if f.verdict != "nonconforming":
                continue
            waived = f.waiver is not None and f.waiver.active
            risk = {"uuid": uid("risk", a.bundle, day, f.id), "title": f.id, "description": f.message.get(lang),
                    "statement": ", ".join(f.statements), "status": "deviation-approved" if waived else "open",
                    "props": [prop("finding", f.id), prop("rule", f.rule), prop("standard", f.standard),
                              prop("type", f.type), prop("grade", f.grade), prop("bundle", a.bundle)]}
            if f.deadline is not None:
                risk["deadline"] = stamp(f.deadline)
            yield risk, _item(a.bundle, day, f.id, f.message.get(lang), risk["uuid"], [prop("grade", f.grade)])
    tracking = top.tracking
    for act in (tracking.corrective_actions if tracking is not None else []):
        if act.source != "record" or act.status not in ("open", "overdue"):
            continue
        risk = {"uuid": uid("risk", top.bundle, day, "record", act.id), "title": act.id, "description": act.description,
                "statement": act.description, "status": "open",
                "props": [prop("nonconformity-record", act.id), prop("type", act.type), prop("grade", act.grade),
                          prop("status", act.status)]}
        if act.due is not None:
            risk["deadline"] = stamp(act.due)
        yield risk, _item(top.bundle, day, act.id, act.description, risk["uuid"], [prop("grade", act.grade)])


def poam_chunks(ctx: ReportContext) -> Iterator[str]:
    """The POA&M in pieces: its own fields, each item as its nonconformity is met (a park's members in
    turn), then the risks (kept encoded until the items are written: they come after them, keys sorted;
    past _SPOOL_BYTES in a temporary file), then the rest. Every risk has its item, so the document has
    a risks list exactly when it has an item. The bytes are those of one dump of the whole document;
    tests/test_oscal_stream.py."""
    top = ctx.assessment
    day, lang = top.organization.as_of, _lang(ctx)
    doc = {"uuid": uid("poam", top.bundle, day),
           "metadata": metadata(f"cmscheck POA&M: {top.organization.name}", day, top.cmscheck_version),
           "poam-items": []}
    pairs = _risks(ctx, day, lang)
    first = next(pairs, None)
    if first is None:  # no items, and no risks list
        head, tail = json_lists.split(dump({"plan-of-action-and-milestones": doc}), "poam-items", 2)
        yield head
        yield json_lists.close(2, True) + tail
        return
    head, rest = json_lists.split(dump({"plan-of-action-and-milestones": {**doc, "risks": []}}), "poam-items", 2)
    between, tail = json_lists.split(rest, "risks", 2)
    yield head
    # the risks wait in a file once they pass a few MB: a park's would otherwise grow with its members
    with tempfile.SpooledTemporaryFile(_SPOOL_BYTES, "w+", encoding="utf-8", newline="") as risks:
        for i, (risk, item) in enumerate(itertools.chain((first,), pairs)):
            yield json_lists.item(dump(item)[:-1], 2, i == 0)
            risks.write(json_lists.item(dump(risk)[:-1], 2, i == 0))
        yield json_lists.close(2, False) + between
        risks.seek(0)
        while piece := risks.read(_SPOOL_BYTES // 4):
            yield piece
    yield json_lists.close(2, False) + tail


_SPOOL_BYTES = 4 * 1024 * 1024


def _item(bundle: str, day, ident: str, description: str, risk_uuid: str, props: list) -> dict:
    return {"uuid": uid("poam-item", bundle, day, ident), "title": ident, "description": description,
            "related-risks": [{"risk-uuid": risk_uuid}], "props": props}
