"""The evidence index: every document, record and data set of the bundle by kind and title, with what
it decides — the statements whose status rests on it (by status) and the findings that cite it.

A citation reaches an item by the manifest field it names (`documents[11]` → that document, through
context.Where.items) or by the item's file. Bundle text stays plain here and is escaped by the
templates' `md`; links are made with templating.link from our own paths and anchors.
"""

from __future__ import annotations

from ..catalog import Catalog
from . import anchors
from .labels import t
from .register import row_anchor, subject_key
from .templating import Safe, link, md, rel
from .views import MANIFEST, REGISTER, Site, applicable, status_label

# the order a reader wants: what fails first, then what is proven, then what waits for a person
DECIDES = ("nonconforming", "observation", "conforming_checked", "conforming_answered", "documented", "not_assessed")


def _status_key(status: str, basis: str) -> str:
    return f"conforming_{basis}" if status == "conforming" and basis in ("checked", "answered") else status


def citations(site: Site) -> tuple[dict, dict]:
    """({(kind, id): {status key: [statement ids]}}, {(kind, id): [findings]}) over the applicable standards."""
    statements: dict[tuple[str, str], dict[str, list[str]]] = {}
    findings: dict[tuple[str, str], list] = {}
    for s in applicable(site.assessment):
        for r in s.statements:
            for ref in r.evidence:
                for x in site.items_for(ref):
                    ids = statements.setdefault((x.kind, x.id), {}).setdefault(_status_key(r.status, r.basis), [])
                    if r.id not in ids:
                        ids.append(r.id)
        for f in s.findings:
            for ref in f.evidence:
                for x in site.items_for(ref):
                    fs = findings.setdefault((x.kind, x.id), [])
                    if f not in fs:
                        fs.append(f)
    return statements, findings


def _decides(site: Site, page: str, by_status: dict[str, list[str]], fs: list, expected: int) -> Safe:
    lang = site.lang
    lines = []
    subjects: dict[str, list] = {}
    for f in fs:  # one problem raised under several standards is named once (as in the register)
        subjects.setdefault(subject_key(f), []).append(f)
    if subjects:
        named = [link(key, rel(page, REGISTER, row_anchor(site, key))) + md(" (")
                 + Safe(", ").join(link(f.standard, site.finding_url(page, f)) for f in group) + md(")")
                 for key, group in subjects.items()]
        lines.append(md(f"{t(lang, 'findings')} ({len(subjects)}): ") + Safe("; ").join(named))
    for key in DECIDES + tuple(sorted(set(by_status) - set(DECIDES))):
        ids = by_status.get(key)
        if ids:
            status, _, basis = key.partition("_") if key.startswith("conforming_") else (key, "", "")
            lines.append(md(f"{status_label(lang, status, basis or None)} ({len(ids)}): ") + site.statement_links(page, sorted(ids)))
    if not lines:
        lines.append(md(t(lang, "ev_not_cited").format(n=expected)))
    return Safe("<br>").join(lines)


def view(site: Site, catalog: Catalog, page: str) -> dict:
    a = site.assessment
    lang = site.lang
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    fields = {}
    for fld, item_id in site.places:
        fields.setdefault(item_id, fld)
    statements, findings = citations(site)
    cited = site.cited_files(page, applicable(a))
    cited_names = {c["file"] for c in cited}
    by_kind: dict[str, list] = {}
    for x in a.evidence_index:
        by_kind.setdefault(x.kind, []).append(x)
    kinds = []
    for kind in sorted(by_kind):
        entries = []
        for x in sorted(by_kind[kind], key=lambda x: (x.title, x.id)):
            if x.file:
                where = link(x.file, site.evidence_url(page, x.file)) if x.file in cited_names else md(x.file)
            else:
                where = md(f"{MANIFEST} · {fields[x.id]}" if x.id in fields else MANIFEST)
            entries.append({"anchor": anchors.evidence_item(x.id), "title": x.title, "id": x.id if x.id != x.title else "",
                            "where": where, "decides": _decides(site, page, statements.get((kind, x.id), {}),
                                                                  findings.get((kind, x.id), []), len(x.supports))})
        name = vocab[kind].name.get(lang) if kind in vocab else kind
        kinds.append({"kind": kind, "name": name, "anchor": anchors.evidence_kind(kind), "entries": entries})
    return {"cited": cited, "kinds": kinds, "missing": missing(site, catalog, page)}


def missing(site: Site, catalog: Catalog, page: str) -> list[dict]:
    """Evidence kinds a shall/should statement expects that the bundle holds none of."""
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    present = {x.kind for x in site.assessment.evidence_index}
    demanded: dict[str, list[str]] = {}
    for s in applicable(site.assessment):
        for st in catalog.standards[s.standard].statements():
            if st.modality in ("shall", "should"):
                for k in st.evidence:
                    if k not in present:
                        demanded.setdefault(k, []).append(st.id)
    return [{"kind": k, "name": vocab[k].name.get(site.lang) if k in vocab else k,
             "category": vocab[k].category if k in vocab else "", "count": len(ids),
             "statements": site.statement_links(page, ids)} for k, ids in sorted(demanded.items())]
