"""The printable report: one page holding the whole assessment (summary, counts, every finding with
its evidence) in the page's language, for a certification body to print or save as PDF.

It links nowhere a printout could not follow: evidence is written out as file and place (views.place),
statements by id. Bundle text stays plain and is escaped by the template's finalize step; headings
hold only ids and catalog words (see index.md.j2 on why).
"""

from __future__ import annotations

from ..assessment import Assessment
from ..waivers import waiver_text
from .labels import t
from .orgwords import organization_words
from .templating import Safe
from .views import NC_TYPES, applicable, place

REPORT = "report.md"


def _finding(lang: str, f) -> dict:
    tags = [t(lang, f.verdict), t(lang, f.type), t(lang, f.grade)]
    if f.guidance_gap:
        tags.append(t(lang, "gap"))
    message = f.message.get(lang)
    if f.waiver is not None:  # waived findings are shown as waived, as in every report
        tags.append(t(lang, "waived"))
        message = f"{message} — {waiver_text(f.waiver, lang)}"
    evidence = []
    for r in f.evidence:
        where = place(r, lang)
        evidence.append(r.file + (f" ({where})" if where != "—" else ""))
    return {"id": f.id, "tags": " · ".join(tags), "situation": f.situation or "", "deadline": f.deadline or "",
            "message": message, "rule": f.rule, "statements": ", ".join(f.statements), "evidence": evidence}


def _standard_row(lang: str, s) -> dict:
    row = {"id": s.standard, "title": s.title.get(lang), "kind": t(lang, s.kind), "applicable": s.applicable,
           "reason": s.applicability_reason.get(lang)}
    if s.applicable and s.counts:
        c = s.counts
        ncs = [f for f in s.findings if f.verdict == "nonconforming"]
        row.update(checked=c.conforming_checked, answered=c.conforming_answered, documented=c.by_status.get("documented", 0),
                   nonconforming=c.by_status.get("nonconforming", 0), observation=c.by_status.get("observation", 0),
                   not_assessed=c.by_status.get("not_assessed", 0), rate=f"{c.conformity_rate:.0%}",
                   severe=sum(1 for f in ncs if f.grade == "severe"), general=sum(1 for f in ncs if f.grade == "general"),
                   observations=c.observations)
    return row


def _sections(lang: str, a: Assessment, level: int) -> list[dict]:
    """Findings per applicable standard: nonconformities (severe first, by type), then observations."""
    order = {ty: i for i, ty in enumerate(NC_TYPES)}

    def key(f):
        return (f.verdict != "nonconforming", f.grade != "severe", order.get(f.type, 9), f.id)
    return [{"h": Safe("#" * level), "id": s.standard, "title": s.title.get(lang), "findings": [_finding(lang, f) for f in sorted(s.findings, key=key)]}
            for s in applicable(a)]


def _header(lang: str, catalog, a: Assessment) -> dict:
    return {"org": a.organization, "words": organization_words(lang, catalog, a.organization), "bundle": a.bundle}


def view(a: Assessment, catalog, lang: str) -> dict:
    rows = [_standard_row(lang, s) for s in a.standards]
    decided = [r for r in rows if "rate" in r]
    totals = {k: sum(r[k] for r in decided) for k in ("severe", "general", "observations")}
    members = [{"number": n, **_header(lang, catalog, m), "rows": [_standard_row(lang, s) for s in m.standards],
                "sections": _sections(lang, m, 4)} for n, m in enumerate(a.members, start=1)]
    return {**_header(lang, catalog, a), "rows": rows, "totals": totals, "sections": _sections(lang, a, 3),
            "members": members, "version": a.cmscheck_version}
