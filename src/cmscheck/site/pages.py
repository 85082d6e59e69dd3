"""The page writer: Assessment + Catalog → Markdown pages and mkdocs.yml, as {relative path: text}.

Pure and deterministic: the same assessment gives the same bytes. Nothing here runs MkDocs (build.py
does); `write_pages` only lays the project out on disk.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .. import paths
from ..assessment import Assessment
from ..catalog import Catalog
from ..context import ReportContext
from ..i18n import has
from . import anchors, compare_page, dashboard, evidence, register, report
from .labels import t
from .orgwords import organization_words
from .templating import Safe, environment, link, rel
from .views import (
    CATALOG, COMPARE, EVIDENCE, GLOSSARY, INDEX, PARK, REGISTER, Site, applicable, catalog_page, standard_page, status_label,
)

MARKER = ".cmscheck-site"  # names a folder as cmscheck's own, so rebuilding may replace it


def site_root() -> Path:
    return paths.site_dir()


def _env():
    return environment(site_root() / "templates")


def _tmpl(env, name: str, **ctx) -> str:
    return env.get_template(name).render(**ctx).rstrip() + "\n"


def _member_pages(a: Assessment) -> list[str]:
    return dashboard.member_pages(a)


def render_pages(ctx: ReportContext) -> dict[str, str]:
    """Every page, from the context the assessment path filled (assessment, catalog, comparison)."""
    assessment, catalog, lang = ctx.assessment, ctx.catalog, ctx.lang
    env = _env()
    places = _places(ctx)
    site = Site(assessment, catalog, lang, places=places[0])
    base = dict(lang=lang, t=lambda k: t(lang, k), org=assessment.organization, a=assessment,
                words=lambda o: organization_words(lang, catalog, o))  # kind, sector, market in `lang`
    pages: dict[str, str] = {}

    figures = ctx.figures
    pages[INDEX] = _tmpl(env, "index.md.j2", **base, **_dashboard(site, catalog, lang, figures))
    for s in assessment.standards:
        page = standard_page(s.standard)
        pages[page] = _tmpl(env, "standard.md.j2", **base, **_standard(site, catalog, s, page, lang))
    pages[COMPARE] = _tmpl(env, "compare.md.j2", **base, **_compare(site, ctx.comparison, lang))
    member_sites = [(Site(m, catalog, lang, member_page=p, places=places[1 + i]), link(m.organization.name, rel(REGISTER, p)))
                    for i, (m, p) in enumerate(zip(assessment.members, _member_pages(assessment)))]
    pages[REGISTER] = _tmpl(env, "register.md.j2", **base, **register.view(site, REGISTER, _rule_titles(ctx), member_sites))
    pages[EVIDENCE] = _tmpl(env, "evidence.md.j2", **base, **evidence.view(site, catalog, EVIDENCE))
    if assessment.members:
        member_pages = _member_pages(assessment)
        pages[PARK] = _tmpl(env, "park.md.j2", **base, **_park(assessment, figures, lang))
        mfigs = list(figures.members) if figures is not None else []
        for number, (m, page) in enumerate(zip(assessment.members, member_pages), start=1):
            msite = Site(m, catalog, lang, member_page=page, places=places[number])
            mfig = mfigs[number - 1] if number <= len(mfigs) else None
            pages[page] = _tmpl(env, "member.md.j2", **base, number=number, **_member(msite, catalog, m, page, lang, mfig))
    pages[CATALOG] = _tmpl(env, "catalog.md.j2", **base, **_catalog_index(catalog, lang))
    pages[GLOSSARY] = _tmpl(env, "glossary.md.j2", **base, standards=list(catalog.standards.values()))
    for std in catalog.standards.values():
        pages[catalog_page(std.id)] = _tmpl(env, "catalog_standard.md.j2", **base, **_catalog_standard(catalog, std, lang))
    pages[report.REPORT] = _tmpl(env, "report.md.j2", **{**base, **report.view(assessment, catalog, lang)})
    return pages


def _places(ctx: ReportContext) -> list[tuple]:
    """Where each evidence item sits in the manifest: the organization's, then each member's (Where.items)."""
    where = ctx.where
    members = tuple(where.members) if where is not None else ()
    out = [where.items if where is not None else ()]
    out += [members[i].items if i < len(members) else () for i in range(len(ctx.assessment.members))]
    return out


def _rule_titles(ctx: ReportContext) -> dict[str, str]:
    return {r.id: (r.title_en if ctx.lang == "en" else r.title_zh) for r in ctx.rules}


# -- pages ---------------------------------------------------------------------------------------

def _dashboard(site: Site, catalog: Catalog, lang: str, figures) -> dict:
    a = site.assessment
    members = [{"link": link(m.organization.name, rel(INDEX, page)), **dashboard.totals(m)}
               for m, page in zip(a.members, _member_pages(a))]
    return {
        **dashboard.page_view(site, catalog, INDEX, figures),
        "links": {k: link(t(lang, label), rel(INDEX, p)) for k, label, p in (
            ("register", "register", REGISTER), ("compare", "compare", COMPARE), ("evidence", "evidence_page", EVIDENCE),
            ("catalog", "catalog", CATALOG), ("park", "park", PARK), ("report", "report", report.REPORT))},
        "members": members,
        "members_charts": dashboard.members_charts(a, figures, INDEX, lang) if a.members else [],
    }


def _standard(site: Site, catalog: Catalog, s, page: str, lang: str) -> dict:
    std = catalog.standards[s.standard]
    results = {r.id: r for r in s.statements}
    fviews = {f.id: site.finding_view(page, f) for f in s.findings}
    clauses = []

    def visit(clause, depth):
        rows = []
        for st in clause.statements:
            r = results.get(st.id)
            if r is None:
                continue
            rows.append({
                "anchor": anchors.statement(st.id), "id": st.id, "modality": t(lang, st.modality),
                "status": status_label(lang, r.status, r.basis), "decided": t(lang, r.decided_by) if r.decided_by != "none" else "",
                "findings": Safe(", ").join(fviews[f]["link"] for f in r.findings if f in fviews),
                "evidence": site.evidence_links(page, r.evidence), "text": st.text, "note": r.note or "",
            })
        clauses.append({"level": Safe("#" * min(depth + 2, 6)), "anchor": anchors.clause(std.id, clause.number),
                        "number": clause.number, "title": clause.title.get(lang),
                        "other": clause.title.en if lang == "zh" and clause.title.en else "", "rows": rows})
        for child in clause.clauses:
            visit(child, depth + 1)

    if s.applicable:
        for c in std.clauses:
            visit(c, 1)
    return {
        "s": s, "std": std, "title": s.title.get(lang), "other_title": s.title.en if lang == "zh" else s.title.zh,
        "row": next(r for r in site.standard_rows(page) if r["s"] is s),
        "nonconformities": [fviews[f.id] for f in s.findings if f.verdict == "nonconforming"],
        "observations": [fviews[f.id] for f in s.findings if f.verdict == "observation"],
        "clauses": clauses, "catalog_link": link(t(lang, "open_catalog"), rel(page, catalog_page(s.standard))),
        "dashboard": link(t(lang, "dashboard"), rel(page, INDEX)),
    }


def _compare(site: Site, comparison, lang: str) -> dict:
    from ..render.compare_labels import t as ct
    a = site.assessment
    return {"ct": lambda k: ct(lang, k), "dashboard": link(t(lang, "dashboard"), rel(COMPARE, INDEX)),
            **compare_page.view(site, comparison, COMPARE, lang, _member_pages(a))}


def _park(a: Assessment, figures, lang: str) -> dict:
    return {**dashboard.park_matrix(a, PARK, lang), "charts": dashboard.members_charts(a, figures, PARK, lang),
            "dashboard": link(t(lang, "dashboard"), rel(PARK, INDEX))}


def _member(site: Site, catalog: Catalog, m: Assessment, page: str, lang: str, figures) -> dict:
    sections = []
    for s in applicable(m):
        sections.append({"s": s, "title": s.title.get(lang), "findings": [site.finding_view(page, f) for f in s.findings]})
    return {"m": m, **dashboard.page_view(site, catalog, page, figures), "sections": sections,
            "cited": site.cited_files(page, applicable(m)), "park": link(t(lang, "park"), rel(page, PARK))}


def _std_status(std, lang: str) -> str:
    """The standard's status in `lang`; one the word table does not know, as written."""
    key = f"std_status_{std.status}"
    return t(lang, key) if has(f"site.{key}") else std.status


def _catalog_index(catalog: Catalog, lang: str) -> dict:
    rows = [{"std": std, "link": link(std.id, rel(CATALOG, catalog_page(std.id))), "kind": t(lang, std.kind),
             "status": _std_status(std, lang)} for std in catalog.standards.values()]
    return {"rows": rows, "vocab": catalog.vocabulary, "glossary": link(t(lang, "glossary"), rel(CATALOG, GLOSSARY))}


def _catalog_standard(catalog: Catalog, std, lang: str) -> dict:
    clauses = []
    # evidence kinds and topics by their names in the page's language (ids alone read as code); a kind
    # keeps its id too, as a manifest writes it
    kinds = {k.id: f"{k.name.get(lang)}（{k.id}）" if lang == "zh" else f"{k.name.get(lang)} ({k.id})"
             for k in catalog.vocabulary.evidence_kinds}
    topics = {tp.id: tp.name.get(lang) for tp in catalog.vocabulary.topics}

    def visit(clause, depth):
        clauses.append({"level": Safe("#" * min(depth + 1, 6)), "number": clause.number, "anchor": anchors.clause("cat-" + std.id, clause.number),
                        "zh": clause.title.zh, "en": clause.title.en or "",
                        "statements": [{"anchor": anchors.catalog_statement(st.id), "st": st, "modality": t(lang, st.modality),
                                        "evidence": [kinds.get(k, k) for k in st.evidence],
                                        "topics": [topics.get(tp, tp) for tp in st.topics]}
                                       for st in clause.statements]})
        for child in clause.clauses:
            visit(child, depth + 1)

    for c in std.clauses:
        visit(c, 1)
    return {"std": std, "kind": t(lang, std.kind), "status": _std_status(std, lang), "clauses": clauses, "back": link(t(lang, "catalog"), rel(catalog_page(std.id), CATALOG))}


# -- the MkDocs project --------------------------------------------------------------------------

def nav(assessment: Assessment, lang: str) -> list:
    """The small explicit nav (field notes: the automatic one makes large sites slow to build)."""
    standards = [{f"{s.standard} · {s.title.get(lang)}": standard_page(s.standard)} for s in assessment.standards]
    out = [{t(lang, "dashboard"): INDEX}, {t(lang, "standards"): standards},
           {t(lang, "register"): REGISTER}, {t(lang, "evidence_page"): EVIDENCE}]
    if assessment.members:
        out.append({t(lang, "park"): PARK})
    out.append({t(lang, "compare"): COMPARE})
    out.append({t(lang, "report"): report.REPORT})
    out.append({t(lang, "catalog"): [{t(lang, "catalog"): CATALOG}, {t(lang, "glossary"): GLOSSARY}]})
    return out


def render_config(assessment: Assessment, lang: str, alternates: list[dict] | None = None) -> str:
    """mkdocs.yml for one language; `alternates` (languages.alternates) adds the language switch."""
    env = environment(site_root())
    # values reach YAML as JSON strings (valid YAML flow scalars); none of them is bundle text
    env.filters["yaml"] = lambda v: Safe(json.dumps(v, ensure_ascii=False))
    return _tmpl(env, "mkdocs.yml.j2", site_name=t(lang, "site_name"), lang=lang, nav=nav(assessment, lang),
                 footer=t(lang, "generated"), language_label=t(lang, "language"), alternates=alternates or [])


def write_pages(ctx: ReportContext, out: Path, alternates: list[dict] | None = None) -> list[Path]:
    """Lay out the MkDocs project in `out` (an empty folder): mkdocs.yml, docs/, overrides/."""
    out = Path(out)
    written = []
    files = {f"docs/{k}": v for k, v in render_pages(ctx).items()}
    files["mkdocs.yml"] = render_config(ctx.assessment, ctx.lang, alternates)
    for rel_path, text in sorted(files.items()):
        p = out / rel_path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="\n")
        written.append(p)
    root = site_root()
    shutil.copytree(root / "overrides", out / "overrides", dirs_exist_ok=True)
    shutil.copytree(root / "assets", out / "docs" / "assets", dirs_exist_ok=True)
    (out / MARKER).write_text("cmscheck site project\n", encoding="utf-8")
    return written
