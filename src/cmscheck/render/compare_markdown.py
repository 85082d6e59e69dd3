"""The comparison in Markdown. Every text that may come from a bundle goes through md()."""

from __future__ import annotations

from ..compare import Comparison
from .compare_labels import finding_tags, nc_line, status_line, t
from .escape import md
from .labels import t as base
from .markdown_report import org_header

LIMIT = 10  # failing statements listed per standard and topic; the JSON has them all


def render(comparison: Comparison, lang: str = "zh") -> str:
    out: list[str] = []
    _render(out, comparison, lang, level=1)
    return "\n".join(out).rstrip() + "\n"


def _render(out: list[str], c: Comparison, lang: str, level: int) -> None:
    h = "#" * level
    out += org_header(c.organization, c.bundle, level, lang) + [f"> {md(c.note.get(lang))}", ""]
    out += [f"| {t(lang, 'standard')} | | |", "|---|---|---|"]
    for col in c.standards:
        applies = t(lang, "applies") if col.applicable else t(lang, "not_applicable")
        out.append(f"| **{col.standard}** {md(col.title.get(lang))} | {md(col.role.get(lang))} | {applies}: {md(col.applicability_reason.get(lang))} |")
    out += ["", f"{h}# {t(lang, 'matrix')}", "", f"*{md(t(lang, 'legend'))}*", ""]
    out.append(f"| {t(lang, 'topic')} | " + " | ".join(f"{col.standard}: {base(lang, col.kind)}" for col in c.standards) + " |")
    out.append("|---|" + "---|" * len(c.standards))
    for row in c.topics:
        cells = []
        for cell in row.cells:
            parts = [("**" + t(lang, cell.verdict) + "**") if row.differs and cell.verdict != "not_applicable" else t(lang, cell.verdict)]
            if cell.verdict != "not_applicable":
                parts += [md(x) for x in (status_line(cell), nc_line(cell, lang)) if x]
            cells.append("<br>".join(parts))
        out.append(f"| {md(row.name.get(lang))} | " + " | ".join(cells) + " |")
    differing = [r for r in c.topics if r.differs]
    out += ["", f"{h}# {t(lang, 'differ')}", ""]
    if not differing:
        out += [t(lang, "nothing_differs"), ""]
    for row in differing:
        out += [f"{h}## {md(row.name.get(lang))} (`{row.topic}`)", "",
                " · ".join(f"{cell.standard}: {t(lang, cell.verdict)}" for cell in row.cells), ""]
        by_std: dict[str, list] = {}
        for w in row.why:
            by_std.setdefault(w.standard, []).append(w)
        for std, whys in by_std.items():
            for w in whys[:LIMIT]:
                out.append(f"- **{w.statement}** [{w.modality}] {t(lang, w.status)}: {md(w.text)}")
                for f in w.findings:
                    out.append(f"    - {md(f.id)} ({finding_tags(f, lang, ' · ')}): {md(f.message.get(lang))}")
                for e in w.explanations:
                    line = f"    - → {md(t(lang, e.reason, std=e.standard, own=w.standard))}"
                    if e.counterparts:
                        line += ": " + ", ".join(
                            f"{x.statement} ({t(lang, x.relationship)}, {x.modality}, {t(lang, x.status)}"
                            + (f", {t(lang, 'by')} {md('/'.join(x.rules))}" if x.rules else "") + ")" for x in e.counterparts)
                    out.append(line)
            if len(whys) > LIMIT:
                out.append(f"- {std}: {md(t(lang, 'more', n=len(whys) - LIMIT))}")
        for std, ids in row.undecided.items():
            out.append(f"- {md(t(lang, 'undecided', std=std))}: {', '.join(ids)}")
        out.append("")
    for m in c.members:
        out += ["", f"{h}# {t(lang, 'members')}", ""]
        _render(out, m, lang, level + 1)
