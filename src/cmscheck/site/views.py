"""View models for the page templates: an Assessment and the Catalog reshaped per page.

Every link is made here with templating.link/rel (escaped text, URLs from anchors.py); plain values
(bundle text included) stay plain and are escaped by the templates' `md` filter / finalize step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assessment import Assessment, StandardAssessment
from ..catalog import Catalog
from ..waivers import waiver_state, waiver_text
from ..findings import EvidenceRef, Finding
from . import anchors
from .labels import t
from .templating import Safe, link, md, rel

STATUS_MARK = {
    "conforming": "✓", "nonconforming": "✗", "observation": "△",
    "not_applicable": "–", "not_assessed": "?", "informative": "ℹ", "documented": "◔",
}
NC_TYPES = ("systemic", "implementation", "effectiveness")
GRADES = ("severe", "general")
SITUATION_CLAUSE = ("key-industry", "7.2.4")
MANIFEST = "cmscheck.yaml"  # the bundle's manifest: its items are listed in the evidence index, not under the file  # key-industry 7.2.4 lists the twelve severe situations

INDEX, REGISTER, EVIDENCE, PARK, COMPARE = "index.md", "register.md", "evidence.md", "park.md", "compare.md"
CATALOG, GLOSSARY = "catalog/index.md", "catalog/glossary.md"


def standard_page(std: str) -> str:
    return f"standards/{std}.md"


def catalog_page(std: str) -> str:
    return f"catalog/standards/{std}.md"


def status_label(lang: str, status: str, basis: str | None = None) -> str:
    """✓ conforming (checked) / ✓ conforming (answered) / ◔ documented — to verify / …"""
    word = t(lang, f"conforming_{basis}") if status == "conforming" and basis in ("checked", "answered") else t(lang, status)
    return f"{STATUS_MARK.get(status, '')} {word}".strip()


def line_of(n: int, lang: str) -> str:
    return f"第 {n} 行" if lang == "zh" else f"line {n}"


def place(ref: EvidenceRef, lang: str) -> str:
    """Where in the file, in the page's language: line, field, section, note (the file itself is the
    heading it sits under)."""
    parts = []
    if ref.line:
        parts.append(line_of(ref.line, lang))
    if ref.sheet:
        parts.append(f"{ref.sheet}!{ref.cell}" if ref.cell else ref.sheet)
    if ref.page:
        parts.append(f"第 {ref.page} 页" if lang == "zh" else f"p.{ref.page}")
    if ref.field:
        parts.append(ref.field)
    if ref.section:
        parts.append(f"§{ref.section}")
    if ref.paragraph:
        parts.append(f"¶{ref.paragraph}")
    if ref.note:
        parts.append(ref.note)
    return " · ".join(parts) or "—"


@dataclass
class Site:
    """Where things live for one assessment: the park's pages, or one member's page."""

    assessment: Assessment
    catalog: Catalog
    lang: str
    member_page: str | None = None  # set for a member: its findings and evidence sit on that one page
    statement_pages: dict[str, str] = field(default_factory=dict)
    places: tuple[tuple[str, str], ...] = ()  # (manifest field, evidence item id): context.Where.items

    def __post_init__(self) -> None:
        if self.member_page is None:
            for s in self.assessment.standards:
                if s.applicable:
                    self.statement_pages[s.standard] = standard_page(s.standard)

    # -- evidence items ----------------------------------------------------------------------
    def items_for(self, ref: EvidenceRef) -> list:
        """The evidence items (documents, records, data sets) a citation points at: by the manifest
        field it names (the longest listed field it lies in), else by the document file."""
        return self._match(ref)[1]

    def _match(self, ref: EvidenceRef) -> tuple[str, list]:
        index = self.assessment.evidence_index
        if ref.file != MANIFEST:
            return "", [x for x in index if x.file == ref.file]
        best = ""
        for fld, _ in self.places if ref.field else ():
            if len(fld) > len(best) and (ref.field == fld or ref.field.startswith((fld + ".", fld + "["))):
                best = fld
        ids = {i for fld, i in self.places if fld == best} if best else set()
        return best, [x for x in index if x.id in ids]

    def place_named(self, ref: EvidenceRef) -> str:
        """Where in a file, a manifest place named by its item's title: 《title》 (id) · line 101."""
        best, items = self._match(ref) if ref.file == MANIFEST else ("", [])
        if not items:
            return place(ref, self.lang)
        x = items[0]
        parts = [x.id if x.title == x.id else f"{x.title} ({x.id})"]
        if ref.line:
            parts.append(line_of(ref.line, self.lang))
        if ref.field and ref.field != best:  # a value inside the item: sources[3], due …
            parts.append(ref.field[len(best):].lstrip("."))
        if ref.note:
            parts.append(ref.note)
        return " · ".join(parts)

    # -- URLs ---------------------------------------------------------------------------------
    def finding_url(self, page: str, f: Finding) -> str:
        return rel(page, self.member_page or standard_page(f.standard), anchors.finding(f.id))

    def statement_url(self, page: str, statement_id: str) -> str:
        std = statement_id.split(":", 1)[0]
        if std in self.statement_pages:
            return rel(page, self.statement_pages[std], anchors.statement(statement_id))
        return rel(page, catalog_page(std), anchors.catalog_statement(statement_id))

    def evidence_url(self, page: str, file: str) -> str:
        return rel(page, self.member_page or EVIDENCE, anchors.evidence_file(file))

    # -- links --------------------------------------------------------------------------------
    def finding_link(self, page: str, f: Finding) -> Safe:
        return link(f.id, self.finding_url(page, f))

    def statement_links(self, page: str, ids) -> Safe:
        return Safe(", ").join(link(i, self.statement_url(page, i)) for i in ids)

    def evidence_links(self, page: str, refs) -> Safe:
        out = []
        for r in refs:
            text = r.file + (f":{r.line}" if r.line else "")
            where = place_short(r)
            out.append(link(text, self.evidence_url(page, r.file)) + (f" ({where})" if where else ""))
        return Safe("; ").join(out)

    def situation_link(self, page: str, n: int | None) -> Safe:
        if not n:
            return Safe("")
        sid = f"{SITUATION_CLAUSE[0]}:{SITUATION_CLAUSE[1]}.{n}"
        if self.catalog.statement(sid) is None:
            return md(n)
        return link(f"{SITUATION_CLAUSE[1]}({n})", rel(page, catalog_page(SITUATION_CLAUSE[0]), anchors.catalog_statement(sid)))

    # -- shared shapes ------------------------------------------------------------------------
    def finding_view(self, page: str, f: Finding) -> dict:
        tags = [t(self.lang, f.verdict), t(self.lang, f.type), t(self.lang, f.grade)]
        if f.guidance_gap:
            tags.append(t(self.lang, "gap"))
        message = f.message.get(self.lang)
        if f.waiver is not None:  # shown as in every report: marked, never hidden
            tags.append(waiver_state(f.waiver, self.lang))
            message = f"{message} — {waiver_text(f.waiver, self.lang)}"
        return {
            "anchor": anchors.finding(f.id), "id": f.id, "tags": " · ".join(tags), "finding": f,
            "link": self.finding_link(page, f), "message": message,
            "statements": self.statement_links(page, f.statements), "evidence": self.evidence_links(page, f.evidence),
            "situation": self.situation_link(page, f.situation), "deadline": f.deadline, "rule": f.rule,
            "type": t(self.lang, f.type), "grade": t(self.lang, f.grade),
        }

    def standard_rows(self, page: str) -> list[dict]:
        rows = []
        for s in self.assessment.standards:
            row = {"s": s, "kind": t(self.lang, s.kind), "title": s.title.get(self.lang),
                   "link": link(s.standard, rel(page, standard_page(s.standard))) if self.member_page is None else md(s.standard)}
            if s.applicable and s.counts:
                c = s.counts
                row["status"] = c.by_status
                row["counts"] = c
                row["rate"] = f"{c.conformity_rate:.0%}"
                row["decision"] = c.by_decision
                row["nc"] = [c.nonconformities[f"{ty}/{g}"] for ty in NC_TYPES for g in GRADES]
                row["nc_total"] = sum(row["nc"])
                row["observations"] = c.observations
            rows.append(row)
        return rows

    def cited_files(self, page: str, standards) -> list[dict]:
        """Every file a finding or a statement's status cites, with each place and who cites it."""
        files: dict[str, list[tuple[str, Safe]]] = {}
        for s in standards:
            for f in s.findings:
                for r in f.evidence:
                    files.setdefault(r.file, []).append((self.place_named(r), self.finding_link(page, f)))
            for st in s.statements:
                for r in st.evidence:
                    files.setdefault(r.file, []).append((self.place_named(r), link(st.id, self.statement_url(page, st.id))))
        items = {}
        for e in self.assessment.evidence_index:
            if e.file and e.file != MANIFEST:
                items.setdefault(e.file, []).append(e)
        out = []
        for file in sorted(files):
            places: dict[str, list[Safe]] = {}
            for where, who in files[file]:
                if who not in places.setdefault(where, []):
                    places[where].append(who)
            out.append({"file": file, "anchor": anchors.evidence_file(file), "entries": items.get(file, []),
                        "places": [{"place": p, "citers": Safe(", ").join(places[p])} for p in sorted(places)]})
        return out


def place_short(ref: EvidenceRef) -> str:
    parts = [p for p in (ref.field, f"§{ref.section}" if ref.section else None) if p]
    return " ".join(parts)


def applicable(a: Assessment) -> list[StandardAssessment]:
    return [s for s in a.standards if s.applicable]
