"""The summary of a many-bundle run: one row per bundle (and park member), one cell per standard.

Pure functions of the batch outcomes (batch.Outcome: name, path, exit, problems, rows, breaches,
unused), in text for people and logs, and in JSON for machines.
"""

from __future__ import annotations

import dataclasses

from ..i18n import table
from ..textsafe import for_terminal
from ..thresholds import Tally

_WORDS = table("batch")  # the summary's words: i18n/terms.yaml (namespace batch; exit codes 0/1/2 as keys)




def _cell(t: Tally | None, breached: bool) -> str:
    if t is None:
        return "—"
    waived = f"+{t.waived}w" if t.waived else ""
    return f"{'✗ ' if breached else ''}{t.severe}/{t.general}{waived} · {t.share:.0%}"


def render_text(outcomes, standards: list[str], lang: str, width: int = 160) -> str:
    """The bundle × standard table, as plain text (no colour: it goes to logs as often as to a screen)."""
    import io

    from rich.table import Table
    from rich.text import Text

    from .console import report_console

    def row(*cells: str) -> None:
        # Text: bundle text is never read as console markup ([bold], [link=…]); control characters
        # (ESC above all) are dropped so a bundle cannot drive the terminal that shows the summary.
        table.add_row(*(Text(for_terminal(c, "")) for c in cells))

    w = _WORDS["en" if lang == "en" else "zh"]
    table = Table(show_lines=False)
    for col in (w["bundle"], w["organization"], w["result"], *standards):
        table.add_column(col, overflow="fold")
    for o in outcomes:
        if o.exit == 2:
            row(o.name, "", f"{w[2]} ({len(o.problems)} {w['problems']})", *["" for _ in standards])
            continue
        hit = {(b.bundle, b.standard) for b in o.breaches}
        for i, r in enumerate(o.rows):
            result = w[o.exit] if i == 0 else ""
            row(r.label, r.organization, result, *[_cell(r.cells.get(s), (r.label, s) in hit) for s in standards])
    buf = io.StringIO()
    con = report_console(buf, width)
    con.print(table)
    con.print(w["legend"])
    return buf.getvalue()


def render_json(outcomes, standards: list[str] | None = None, lang: str = "zh") -> str:
    """The same summary for machines: deterministic, sorted keys."""
    from . import json_text  # only where JSON is asked for

    data = []
    for o in outcomes:
        item = {"bundle": o.name, "path": o.path, "exit": o.exit,
                "problems": [p.format() for p in o.problems],
                "breaches": [b.text() for b in o.breaches],
                "unused_waivers": [f"{u.where.file}:{u.where.line}: {u.names}" for u in o.unused],
                "rows": [{"bundle": r.label, "organization": r.organization,
                          "standards": {s: (dataclasses.asdict(t) | {"decided_share": round(t.share, 4)}) if t else None
                                        for s, t in r.cells.items()}} for r in o.rows]}
        data.append(item)
    return json_text.dumps({"exit": max((o.exit for o in outcomes), default=0), "bundles": data}) + "\n"
