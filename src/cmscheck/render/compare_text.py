"""The comparison in a terminal: the standards, the topics × standards matrix, then why verdicts differ."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from ..compare import Comparison
from .compare_labels import finding_tags, nc_line, status_line, t
from .console import report_console, safe_text
from .labels import t as base


LIMIT = 6  # failing statements shown per standard and topic; the JSON has them all


def render(comparison: Comparison, lang: str = "zh", width: int = 140) -> str:
    buf = io.StringIO()
    con = report_console(buf, width)
    _render(con, comparison, lang)
    return buf.getvalue()


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _rules(rules: list[str], n: int = 3) -> str:
    return "/".join(rules[:n]) + (f" +{len(rules) - n}" if len(rules) > n else "")


def _render(con: Console, c: Comparison, lang: str) -> None:
    org = c.organization
    # lines gathered and printed at once on each side of the table: one Text of many lines wraps each line
    # as its own print would, without rich's work per print (the comparison took twice the evaluation)
    out: list[str] = []
    out.append(f"{org.name} — {c.bundle}  ({org.period_start} … {org.period_end}, {t(lang, 'as_of')} {org.as_of})")
    out.append(c.note.get(lang))
    for col in c.standards:
        applies = t(lang, "applies") if col.applicable else t(lang, "not_applicable")
        out.append(f"  {col.standard}: {col.title.get(lang)} — {col.role.get(lang)} — {applies}: {col.applicability_reason.get(lang)}")

    out.append(f"\n{t(lang, 'matrix')}  ({t(lang, 'legend')}; * {t(lang, 'differs')})")
    table = Table(show_lines=True)
    table.add_column(t(lang, "topic"))
    for col in c.standards:
        table.add_column(f"{col.standard}\n{base(lang, col.kind)}")
    for row in c.topics:
        cells = []
        for cell in row.cells:
            lines = [t(lang, cell.verdict) + (" *" if row.differs and cell.verdict != "not_applicable" else "")]
            if cell.verdict != "not_applicable":
                lines += [x for x in (status_line(cell), nc_line(cell, lang)) if x]
            cells.append("\n".join(lines))
        table.add_row(safe_text(row.name.get(lang)), *[safe_text(x) for x in cells])
    con.print(safe_text("\n".join(out)))
    con.print(table)
    out = []

    differing = [r for r in c.topics if r.differs]
    out.append(f"\n{t(lang, 'differ')}: {len(differing)}")
    if not differing:
        out.append("  " + t(lang, "nothing_differs"))
    for row in differing:
        verdicts = " · ".join(f"{cell.standard} {t(lang, cell.verdict)}" for cell in row.cells)
        out.append(f"\n■ {row.name.get(lang)} ({row.topic}): {verdicts}")
        by_std: dict[str, list] = {}
        for w in row.why:
            by_std.setdefault(w.standard, []).append(w)
        for std, whys in by_std.items():
            for w in whys[:LIMIT]:
                out.append(f"  {w.statement} [{w.modality}] {t(lang, w.status)} — {_clip(w.text)}")
                for f in w.findings:
                    out.append(f"      {f.id} ({finding_tags(f, lang)}): {_clip(f.message.get(lang), 90)}")
                for e in w.explanations:
                    line = "      → " + t(lang, e.reason, std=e.standard, own=w.standard)
                    if e.counterparts:
                        line += ": " + ", ".join(
                            f"{x.statement} ({t(lang, x.relationship)}, {x.modality}, {t(lang, x.status)}"
                            + (f", {t(lang, 'by')} {_rules(x.rules)}" if x.rules else "") + ")"
                            for x in e.counterparts[:4])
                    out.append(line)
            if len(whys) > LIMIT:
                out.append(f"  {std}: " + t(lang, "more", n=len(whys) - LIMIT))
        for std, ids in row.undecided.items():
            shown = ", ".join(ids[:8]) + (f" … (+{len(ids) - 8})" if len(ids) > 8 else "")
            out.append(f"  {t(lang, 'undecided', std=std)}: {shown}")
    con.print(safe_text("\n".join(out)))
    for m in c.members:
        con.print(safe_text("\n" + "=" * 20 + f" {t(lang, 'members')} " + "=" * 20))
        _render(con, m, lang)
