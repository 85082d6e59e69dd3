"""The comparison page: one bundle's conformity across the standards (cmscheck.compare as a site page).

The Comparison (compare.build_comparison) is reshaped here for site/templates/compare.md.j2: the
topics × standards matrix, which standards are requirements (certifiable conformity) and which are
guidelines (gaps against guidance), and for each topic whose verdicts differ, the failing statements,
their findings and why the other standards did not fail the same way. Statement and finding ids link
to the anchors the standard pages (or, in a park, the member pages) already carry; a finding that no
page shows stays plain text. Every text goes through the templates' `md` filter; Safe values here are
only links (templating.link) and separators.
"""

from __future__ import annotations

from ..compare import Comparison
from ..render.compare_labels import nc_line, status_line
from ..render.compare_labels import t as ct
from .labels import t
from .templating import Safe, link, md, rel
from .views import Site, applicable, standard_page

# a table cell's second and third lines (counts); cmscheck.css shows each <small> in a cell as a line of its own
SMALL_OPEN, SMALL_CLOSE = Safe("<small>"), Safe("</small>")


def _columns(site: Site, c: Comparison, page: str, lang: str) -> list[dict]:
    out = []
    for col in c.standards:
        std = (link(col.standard, rel(page, standard_page(col.standard))) if site.member_page is None else md(col.standard))
        out.append({"link": std, "title": col.title.get(lang), "kind": t(lang, col.kind), "role": col.role.get(lang),
                    "applies": ct(lang, "applies") if col.applicable else ct(lang, "not_applicable"),
                    "reason": col.applicability_reason.get(lang)})
    return out


def _matrix(c: Comparison, lang: str) -> list[dict]:
    rows = []
    for row in c.topics:
        cells = []
        for cell in row.cells:
            verdict = ct(lang, cell.verdict)
            text = Safe(f"**{md(verdict)}**") if row.differs and cell.verdict != "not_applicable" else md(verdict)
            if cell.verdict != "not_applicable":
                for line in (status_line(cell), nc_line(cell, lang)):
                    if line:
                        text = text + SMALL_OPEN + line + SMALL_CLOSE
            cells.append(text)
        rows.append({"name": row.name.get(lang), "topic": row.topic, "differs": row.differs, "cells": cells})
    return rows


def _differences(site: Site, c: Comparison, page: str, lang: str) -> list[dict]:
    # findings shown on a page (a standard's page, or the member's page) get a link to their anchor
    shown = {(s.standard, f.id): f for s in applicable(site.assessment) for f in s.findings}
    out = []
    for row in c.topics:
        if not row.differs:
            continue
        whys = []
        for w in row.why:
            findings = []
            for f in w.findings:
                target = shown.get((w.standard, f.id))
                tags = [t(lang, f.type), t(lang, f.grade)] + ([t(lang, "gap")] if f.guidance_gap else [])
                findings.append({"link": site.finding_link(page, target) if target else md(f.id), "tags": " · ".join(tags),
                                 "situation": site.situation_link(page, f.situation), "message": f.message.get(lang)})
            explanations = []
            for e in w.explanations:
                counterparts = []
                for x in e.counterparts:
                    counterparts.append({"link": link(x.statement, site.statement_url(page, x.statement)),
                                         "relationship": ct(lang, x.relationship), "modality": t(lang, x.modality),
                                         "status": ct(lang, x.status), "rules": "/".join(x.rules)})
                explanations.append({"reason": ct(lang, e.reason, std=e.standard, own=w.standard), "counterparts": counterparts})
            whys.append({"link": link(w.statement, site.statement_url(page, w.statement)), "standard": w.standard,
                         "modality": t(lang, w.modality), "status": ct(lang, w.status), "text": w.text,
                         "findings": findings, "explanations": explanations})
        undecided = [{"label": ct(lang, "undecided", std=std), "links": site.statement_links(page, ids)}
                     for std, ids in row.undecided.items() if ids]
        out.append({"name": row.name.get(lang), "topic": row.topic,
                    "verdicts": " · ".join(f"{cell.standard}: {ct(lang, cell.verdict)}" for cell in row.cells),
                    "whys": whys, "undecided": undecided})
    return out


def section(site: Site, c: Comparison, page: str, lang: str, level: int) -> dict:
    """One comparison (the bundle's own, or one member's) as the template's view; its headings at `level`."""
    return {"h": Safe("#" * level), "hh": Safe("#" * (level + 1)), "note": c.note.get(lang), "columns": _columns(site, c, page, lang), "matrix": _matrix(c, lang),
            "differences": _differences(site, c, page, lang)}


def view(site: Site, comparison: Comparison, page: str, lang: str, member_pages: list[str]) -> dict:
    """The whole page: the bundle's comparison, then one section per member of a park."""
    members = []
    for number, (m, mc, mpage) in enumerate(zip(site.assessment.members, comparison.members, member_pages), start=1):
        msite = Site(m, site.catalog, lang, member_page=mpage)
        members.append({"number": number, "link": link(m.organization.name, rel(page, mpage)), **section(msite, mc, page, lang, 3)})
    return {"main": section(site, comparison, page, lang, 2), "members": members,
            "legend": ct(lang, "legend"), "nothing_differs": ct(lang, "nothing_differs")}
