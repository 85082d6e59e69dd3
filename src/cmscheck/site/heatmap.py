"""The dashboard's chart: conformity of topics × standards as a coloured HTML table.

Generated here, without JavaScript or anything fetched, so it shows from file:// too. A cell counts
the standard's shall/should statements tagged with the topic (not applicable ones left out). The rate is
conforming — checked or attested — over ALL of them: "documented — to verify" and "not assessed"
statements stay in the denominator and are shown in the cell, so presence alone never reads as 100 %.
Colours run along one light-to-dark blue scale (readable with any colour vision); a small bar in each
cell shows the shares of conforming, documented, nonconforming and not assessed statements. Every label
is html-escaped; the cells hold numbers only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..assessment import Assessment
from ..catalog import Catalog
from ..catalog.models import ASSESSABLE
from .labels import t



@dataclass(frozen=True)
class Cell:
    conforming: int = 0  # checked or answered
    nonconforming: int = 0
    observation: int = 0
    documented: int = 0
    not_assessed: int = 0

    @property
    def decided(self) -> int:
        return self.conforming + self.nonconforming + self.observation

    @property
    def total(self) -> int:
        return self.decided + self.documented + self.not_assessed

    @property
    def ratio(self) -> float | None:
        return self.conforming / self.total if self.total else None


def matrix(assessment: Assessment, catalog: Catalog) -> tuple[list[str], list[str], dict[tuple[str, str], Cell]]:
    """(topic ids, standard ids, cells keyed by (topic, standard)) for the applicable standards."""
    topics = [tp.id for tp in catalog.vocabulary.topics]
    standards = [s.standard for s in assessment.standards if s.applicable]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for s in assessment.standards:
        if not s.applicable:
            continue
        for r in s.statements:
            if r.modality not in ASSESSABLE or r.status == "not_applicable":
                continue
            st = catalog.statement(r.id)
            for tp in (st.topics if st else []):
                c = counts.setdefault((tp, s.standard), dict.fromkeys(Cell.__dataclass_fields__, 0))
                c[r.status] += 1
    cells = {k: Cell(**v) for k, v in counts.items()}
    return topics, standards, cells


# Light to dark blue (ColorBrewer "Blues", sequential, colour-blind safe); dark cells get light text.
SCALE = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")


def colour(ratio: float) -> tuple[str, str]:
    """(background, text colour) for a rate 0..1."""
    i = min(len(SCALE) - 1, int(ratio * len(SCALE)))
    return SCALE[i], ("#ffffff" if i >= 5 else "#000000")


# The cell's small bar, in the site's status colours (dashboard.STATUS_COLOURS): conforming, documented,
# nonconforming or observation, not assessed. flex weights, not widths: the bar is the cell's share.
MINI = (("conforming", "#009E73"), ("documented", "#F0E442"), ("nonconforming", "#D55E00"), ("observation", "#D55E00"), ("not_assessed", "#BBBBBB"))


def mini(c: Cell) -> str:
    parts = "".join(f'<span style="flex:{getattr(c, k)};background:{colour}"></span>' for k, colour in MINI if getattr(c, k))
    return f'<span class="cmscheck-mini">{parts}</span>'


def render(assessment: Assessment, catalog: Catalog, lang: str, standard_href) -> str:
    """The table as HTML; standard_href(std_id) gives the (trusted) URL of a standard's page."""
    topics, standards, cells = matrix(assessment, catalog)
    names = {tp.id: tp.name.get(lang) for tp in catalog.vocabulary.topics}
    e = html.escape
    rows = ['<div class="cmscheck-heatmap">', "<table>", "<thead><tr>", f"<th>{e(t(lang, 'topic'))}</th>"]
    rows += [f'<th><a href="{e(standard_href(s))}">{e(s)}</a></th>' for s in standards]
    rows += ["</tr></thead>", "<tbody>"]
    for tp in topics:
        if not any((tp, s) in cells for s in standards):
            continue
        rows.append(f"<tr><th>{e(names[tp])}</th>")
        for s in standards:
            c = cells.get((tp, s))
            if c is None:
                rows.append('<td class="empty"></td>')
            else:
                tip = (f"{t(lang, 'conforming')} {c.conforming}, {t(lang, 'nonconforming')} {c.nonconforming}, "
                       f"{t(lang, 'observation')} {c.observation}, {t(lang, 'documented')} {c.documented}, "
                       f"{t(lang, 'not_assessed')} {c.not_assessed}")
                bg, fg = colour(c.ratio)
                open_ = f"<br>{e(t(lang, 'documented'))} {c.documented}" if c.documented else ""
                open_ += f"<br>{e(t(lang, 'not_assessed'))} {c.not_assessed}" if c.not_assessed else ""
                rows.append(f'<td style="background:{bg};color:{fg}" title="{e(tip)}"><strong>{round(100 * c.ratio)}%</strong>'
                            f"<small>{c.conforming}/{c.total}</small>{mini(c)}<small>{open_.removeprefix('<br>')}</small></td>")
        rows.append("</tr>")
    rows += ["</tbody>", "</table>", f"<p><small>{e(t(lang, 'legend'))} {e(t(lang, 'heatmap_note'))}</small></p>", "</div>"]
    return "\n".join(rows)
