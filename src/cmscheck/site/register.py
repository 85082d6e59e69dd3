"""The nonconformity register: one row per finding subject across the standards, as HTML.

A finding's stable id is STANDARD/RULE/SUBJECT (finding_ids.py); the same RULE/SUBJECT raised under
three standards is one problem to correct, so it is one row naming the three standards. The row shows
what a compliance manager acts on (grade, type, deadline, and owner and status when the run was tracked
against a previous one); rule, statements, evidence and every message sit in a <details> in the row.

The table is raw HTML (a Markdown table takes no classes or data attributes here: attr_list is off on
purpose). Every text is escaped by `e` below; URLs are made by rel() from our own page paths and anchors
and checked. assets/javascripts/register.js adds filtering and sorting; without it the table reads as is.
"""

from __future__ import annotations

import html
import re

from ..assessment import Assessment
from ..findings import Finding
from ..waivers import waiver_state
from . import anchors, paths
from .labels import t
from .templating import Safe, raw_html, rel
from .views import EVIDENCE, NC_TYPES, SITUATION_CLAUSE, Site, applicable, catalog_page, place

LEVELS = ("severe", "general", "observation")  # a row's grade, worst first
MARK = {"severe": "✖", "general": "●", "observation": "△"}  # a shape besides the colour: readable without it
OBS = re.compile(r"~obs(-\d+)?$")  # evaluate.py: the observation twin of a subject (its `should` statements)
STATUS_ORDER = ("overdue", "open", "waived")  # a row's corrective-action status, worst first


def e(value: object) -> str:
    """HTML-escape bundle text; brackets too, so nothing in it reads as a Markdown link either."""
    return html.escape("" if value is None else str(value), quote=True).replace("[", "&#91;").replace("]", "&#93;")


def href(url: str) -> str:
    """A relative .md URL from rel(), as the built page's .html URL (raw HTML is not rewritten by MkDocs)."""
    paths.check_url(url)
    path, sep, frag = url.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return html.escape(path + sep + frag, quote=True)


def a(text: object, url: str) -> str:
    return f'<a href="{href(url)}">{e(text)}</a>'


def subject_key(f: Finding) -> str:
    """RULE/SUBJECT of a stable id: what stays the same across the standards a finding breaks. The
    observation a rule raises on `should` statements (SUBJECT~obs) is the same problem: same row."""
    prefix = f.standard + "/"
    key = f.id[len(prefix):] if f.id.startswith(prefix) else f.id
    return OBS.sub(r"\1", key)


def row_anchor(site: Site, key: str) -> str:
    """The register row of a subject (a member's rows sit on the same page: its page path keeps them apart)."""
    anchor = anchors.hashed("r", (site.member_page or "") + "|" + key)
    paths.check_anchor(anchor)
    return anchor


def level(f: Finding) -> str:
    return f.grade if f.verdict == "nonconforming" else "observation"


# -- rows ----------------------------------------------------------------------------------------

def group(a_: Assessment) -> list[list[Finding]]:
    """Findings of the applicable standards grouped by RULE/SUBJECT, in first-seen order."""
    groups: dict[str, list[Finding]] = {}
    for s in applicable(a_):
        for f in s.findings:
            groups.setdefault(subject_key(f), []).append(f)
    return list(groups.values())


def _tracked(a_: Assessment) -> tuple[dict, dict] | None:
    """(corrective actions by finding id, tracked findings by id), or None when the run was not tracked."""
    tr = a_.tracking
    if tr is None:
        return None
    return ({x.id: x for x in tr.corrective_actions if x.source == "finding"}, {x.id: x for x in tr.findings})


def rows(site: Site, page: str, rule_titles: dict[str, str]) -> list[dict]:
    tracked = _tracked(site.assessment)
    out = []
    for fs in group(site.assessment):
        lv = min((level(f) for f in fs), key=LEVELS.index)
        deadlines = sorted(f.deadline for f in fs if f.deadline)
        row = {
            "key": subject_key(fs[0]), "findings": fs, "level": lv, "rank": LEVELS.index(lv),
            "types": [ty for ty in NC_TYPES if any(f.type == ty for f in fs)],
            "standards": sorted({f.standard for f in fs}), "deadline": deadlines[0] if deadlines else None,
            "situation": min((f.situation for f in fs if f.situation), default=None),
            "rule": fs[0].rule, "rule_title": rule_titles.get(fs[0].rule, ""),
        }
        if tracked is not None:
            actions, states = tracked
            acts = [actions[f.id] for f in fs if f.id in actions]
            row["owner"] = sorted({x.owner for x in acts if x.owner})
            row["status"] = min((x.status for x in acts), key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 9, default="")
            row["state"] = sorted({states[f.id].state for f in fs if f.id in states})
        out.append(row)
    out.sort(key=lambda r: (r["rank"], r["deadline"] is None, r["deadline"] or "", r["key"]))
    return out


# -- HTML ----------------------------------------------------------------------------------------

def _standards_cell(site: Site, page: str, fs: list[Finding]) -> str:
    items = []
    for f in fs:
        clauses = ", ".join(e(sid.split(":", 1)[-1]) for sid in f.statements)
        tags = [] if f.waiver is None else [f'<span class="cr-waiver">{e(waiver_state(f.waiver, site.lang))}</span>']
        if level(f) == "observation" and any(level(g) != "observation" for g in fs):
            tags.append(f'<span class="cr-tag">{e(t(site.lang, "observation"))}</span>')
        items.append(f'<li>{a(f.standard, site.finding_url(page, f))} <span class="cr-clauses">{clauses}</span>{" ".join([""] + tags)}</li>')
    return '<ul class="cr-standards">' + "".join(items) + "</ul>"


def _evidence(site: Site, page: str, fs: list[Finding]) -> str:
    seen, out = set(), []
    for f in fs:
        for r in f.evidence:
            key = (r.file, r.line, r.field, r.section, r.page, r.sheet, r.cell, r.paragraph)
            if key in seen:
                continue
            seen.add(key)
            named = site.items_for(r)
            if named:
                item = named[0]
                out.append(f"<li>{a(item.title, rel(page, EVIDENCE, anchors.evidence_item(item.id)))} "
                           f"<small>{e(item.kind_name.get(site.lang))} · {e(r.file)}{e(':' + str(r.line)) if r.line else ''}</small></li>")
            else:
                out.append(f"<li>{a(r.file, site.evidence_url(page, r.file))} <small>{e(place(r, site.lang))}</small></li>")
    return "<ul>" + "".join(out) + "</ul>" if out else "–"


def _details(site: Site, page: str, row: dict) -> str:
    lang, fs = site.lang, row["findings"]
    statements = ", ".join(a(sid, site.statement_url(page, sid)) for sid in dict.fromkeys(s for f in fs for s in f.statements))
    parts = [f"<dt>{e(t(lang, 'rule_col'))}</dt><dd><code>{e(row['rule'])}</code> {e(row['rule_title'])}</dd>",
             f"<dt>{e(t(lang, 'statements'))}</dt><dd>{statements}</dd>",
             f"<dt>{e(t(lang, 'evidence'))}</dt><dd>{_evidence(site, page, fs)}</dd>"]
    messages = list(dict.fromkeys(f.message.get(lang) for f in fs))
    if len(messages) > 1:  # a standard's wording of the same problem differs: show each
        parts.append(f"<dt>{e(t(lang, 'message'))}</dt><dd><ul>" + "".join(f"<li>{e(m)}</li>" for m in messages) + "</ul></dd>")
    waivers = [f for f in fs if f.waiver is not None]
    for f in waivers:
        w = f.waiver
        parts.append(f"<dt>{e(waiver_state(w, lang))} ({e(f.standard)})</dt><dd>{e(w.justification)} — {e(w.approved_by)}, "
                     f"{e(t(lang, 'reg_until'))} {e(w.expires)}</dd>")
    if row["situation"]:
        sid = f"{SITUATION_CLAUSE[0]}:{SITUATION_CLAUSE[1]}.{row['situation']}"
        parts.append(f"<dt>{e(t(lang, 'situation'))}</dt><dd>"
                     + (a(f"{SITUATION_CLAUSE[1]}({row['situation']})", rel(page, catalog_page(SITUATION_CLAUSE[0]), anchors.catalog_statement(sid)))
                        if site.catalog.statement(sid) is not None else e(row["situation"])) + "</dd>")
    ids = ", ".join(a(f.id, site.finding_url(page, f)) for f in fs)
    parts.append(f"<dt>{e(t(lang, 'reg_ids'))}</dt><dd>{ids}</dd>")
    return '<dl class="cr-details">' + "".join(parts) + "</dl>"


def _grade_cell(lang: str, row: dict) -> str:
    lv = row["level"]
    word = t(lang, lv)
    out = f'<span class="cr-grade cr-{lv}">{MARK[lv]} {e(word)}</span>'
    if row["situation"]:
        out += f' <small class="cr-situation">{e(SITUATION_CLAUSE[1])}({e(row["situation"])})</small>'
    return out


def _row(site: Site, page: str, row: dict, tracked: bool) -> str:
    lang = site.lang
    fs = row["findings"]
    attrs = (f' data-standards="{e(" ".join(row["standards"]))}" data-grade="{e(row["level"])}" data-rank="{row["rank"]}"'
             f' data-type="{e(" ".join(row["types"]))}" data-deadline="{e(row["deadline"] or "")}" data-count="{len(row["standards"])}"'
             f' id="{row_anchor(site, row["key"])}"')
    what = (f'<details><summary>{e(fs[0].message.get(lang))}</summary>{_details(site, page, row)}</details>'
            f'<small class="cr-key">{e(row["key"])}</small>')
    cells = [f'<td class="cr-what">{what}</td>', f'<td class="cr-std">{_standards_cell(site, page, fs)}</td>',
             f'<td class="cr-level">{_grade_cell(lang, row)}</td>',
             '<td class="cr-type">' + "<br>".join(e(t(lang, ty)) for ty in row["types"]) + "</td>",
             f'<td class="cr-deadline">{e(row["deadline"] or "–")}</td>']
    if tracked:
        status = row["status"]
        label = e(t(lang, f"reg_status_{status}")) if status else "–"
        states = " ".join(f'<small class="cr-state">{e(t(lang, "reg_state_" + s))}</small>' for s in row["state"])
        cells += [f'<td class="cr-owner">{e(", ".join(row["owner"])) or "–"}</td>',
                  f'<td class="cr-status"><span class="cr-st cr-st-{e(status or "none")}">{label}</span> {states}</td>']
    return f"<tr{attrs}>" + "".join(cells) + "</tr>"


def table(site: Site, page: str, rule_titles: dict[str, str]) -> Safe:
    """The register of one assessment (a park's own, or one member's) as a wrapped HTML table."""
    lang = site.lang
    rs = rows(site, page, rule_titles)
    if not rs:
        return raw_html(f'<p class="cr-none">{e(t(lang, "no_findings"))}</p>')
    tracked = site.assessment.tracking is not None
    heads = [("text", "reg_finding"), ("count", "standard"), ("rank", "grade"), ("type", "nc_type"), ("deadline", "deadline")]
    if tracked:
        heads += [("owner", "reg_owner"), ("status", "status")]
    head = "".join(f'<th data-sort="{k}">{e(t(lang, label))}</th>' for k, label in heads)
    body = "\n".join(_row(site, page, r, tracked) for r in rs)
    return raw_html(f'<div class="cmscheck-register">\n<table class="cr-table{" cr-tracked" if tracked else ""}">\n<thead><tr>{head}</tr></thead>\n'
                    f"<tbody>\n{body}\n</tbody>\n</table>\n</div>")


def controls(lang: str, standards: list[str], legend: bool = True) -> Safe:
    """The filter bar: hidden until register.js shows it (without JS it could do nothing)."""
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = f'<option value="">{e(t(lang, "reg_all"))}</option>' + "".join(f'<option value="{e(v)}">{e(w)}</option>' for v, w in options)
        return f'<label>{e(t(lang, label))} <select data-filter="{name}">{opts}</select></label>'

    bar = [select("standards", "standard", [(s, s) for s in standards]),
           select("grade", "grade", [(lv, t(lang, lv)) for lv in LEVELS]),
           select("type", "nc_type", [(ty, t(lang, ty)) for ty in NC_TYPES]),
           f'<label>{e(t(lang, "reg_search"))} <input type="search" data-filter="text"></label>',
           f'<span class="cr-shown" data-shown="{e(t(lang, "reg_shown"))}"></span>']
    out = '<div class="cmscheck-register-filter" hidden>' + "".join(bar) + "</div>"
    if legend:
        marks = " ".join(f'<span class="cr-grade cr-{lv}">{MARK[lv]} {e(t(lang, lv))}</span>' for lv in LEVELS)
        out += f'\n<p class="cr-legend">{marks} <small>{e(t(lang, "reg_legend"))}</small></p>'
    return raw_html(out)



def view(site: Site, page: str, rule_titles: dict[str, str], members: list[tuple[Site, str]]) -> dict:
    """What register.md.j2 shows: the filter bar, the assessment's table, and one table per park member."""
    a_ = site.assessment
    standards = sorted({s.standard for x in [a_] + [m.assessment for m, _ in members] for s in applicable(x)})
    return {
        "controls": controls(site.lang, standards), "table": table(site, page, rule_titles),
        "members": [{"link": m_link, "table": table(msite, page, rule_titles)} for msite, m_link in members],
    }
