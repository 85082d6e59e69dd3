"""The terminal report: a summary table per standard, then the nonconformities."""

from __future__ import annotations

import io
from typing import Iterator

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ..assessment import Assessment
from ..waivers import waiver_text
from .console import report_console, safe_text
from .labels import COUNT_COLUMNS, count_cells, finding_tags, ref_text, t


def _longest_word(text: str) -> int:
    return max(cell_len(w) for w in text.split())


def render(assessment: Assessment, lang: str = "zh", width: int = 150) -> str:
    return "".join(chunks(assessment, lang, width))


def chunks(assessment: Assessment, lang: str = "zh", width: int = 150) -> Iterator[str]:
    """The report in pieces: the bundle's own part, then each park member's in turn (each rebuilt from its
    packed form and let go), taken from the console's buffer as each is printed."""
    buf = io.StringIO()
    con = report_console(buf, width)
    for _ in _render(con, assessment, lang):
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _render(con: Console, a: Assessment, lang: str) -> Iterator[None]:
    """Prints the bundle's part, then (one step each) its members'; a step ends where a piece may be taken."""
    org = a.organization
    con.print(safe_text(f"{org.name} — {a.bundle}  ({org.period_start} … {org.period_end}, {t(lang, 'as_of')} {org.as_of})"))
    headers = [t(lang, "standard"), *(t(lang, col) for col in COUNT_COLUMNS)]
    rows = []
    reasons = []  # why a standard does not apply: a line of its own under the table, not a squeezed cell
    for s in a.standards:
        name = f"{s.standard}\n({t(lang, s.kind)})"
        if not s.applicable or s.counts is None:
            rows.append([name, t(lang, "not_applicable_standard"), *["—"] * (len(COUNT_COLUMNS) - 1)])
            reasons.append(f"  {s.standard}: {t(lang, 'not_applicable_standard')}: {s.applicability_reason.get(lang)}")
            continue
        rows.append([name, *count_cells(s.counts)])
    # Each column as wide as its longest word (header or cell), so that text wraps between words and
    # no word is cut ("nonconformi…", as rich's own sharing of the width did in English)
    table = Table(title=None, show_lines=False)
    for i, header in enumerate(headers):
        table.add_column(header, width=max(_longest_word(text) for text in [header, *(row[i] for row in rows)]))
    for row in rows:
        table.add_row(*row)
    con.print(table)
    # the lines after the table printed at once: one Text of many lines wraps each line as its own print
    # would, and a steel report took 38 ms as 790 prints, most of it rich's work per print
    lines = list(reasons)
    for s in a.standards:
        if not s.findings:
            continue
        lines.append(f"\n{s.standard}: {s.title.get(lang)}" + (f"  [{t(lang, 'gap')}]" if s.kind == "guideline" else ""))
        for f in s.findings:
            lines.append(f"  {f.id}  {finding_tags(f, lang)}")
            lines.append(f"    {f.message.get(lang)}")
            if f.waiver is not None:
                lines.append(f"    {waiver_text(f.waiver, lang)}")
            lines.append(f"    {t(lang, 'statements')}: {', '.join(f.statements[:8])}" + (f" (+{len(f.statements) - 8})" if len(f.statements) > 8 else ""))
            for ref in f.evidence[:4]:
                lines.append(f"    {t(lang, 'evidence')}: {ref_text(ref)}")
    if lines:
        con.print(safe_text("\n".join(lines)))
    yield
    for m in a.members:
        con.print(safe_text("\n" + "=" * 20 + f" {t(lang, 'member')} " + "=" * 20))
        yield from _render(con, m, lang)
