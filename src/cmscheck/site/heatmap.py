"""The dashboard's chart: conformity of topics × standards as a coloured HTML table.

Generated here, without JavaScript or anything fetched, so it shows from file:// too. A cell counts
the standard's shall/should statements tagged with the topic: conforming / decided (conforming,
nonconforming, observation). Not-assessed statements are shown apart; they are not counted as
conforming. Every label is html-escaped; the cells hold numbers only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..assessment import Assessment
from ..catalog import Catalog
from .labels import t

ASSESSABLE = ("shall", "should")


@dataclass(frozen=True)
class Cell:
    conforming: int = 0
    nonconforming: int = 0
    observation: int = 0
    not_assessed: int = 0

    @property
    def decided(self) -> int:
        return self.conforming + self.nonconforming + self.observation

    @property
    def total(self) -> int:
        return self.decided + self.not_assessed

    @property
    def ratio(self) -> float | None:
        return self.conforming / self.decided if self.decided else None


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
                c = counts.setdefault((tp, s.standard), {"conforming": 0, "nonconforming": 0, "observation": 0, "not_assessed": 0})
                if r.status in c:
                    c[r.status] += 1
    cells = {k: Cell(**v) for k, v in counts.items()}
    return topics, standards, cells


def colour(ratio: float) -> str:
    # red (0 %) through yellow to green (100 %), light enough for dark text
    return f"hsl({round(120 * ratio)}, 70%, 78%)"


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
            elif c.ratio is None:
                rows.append(f'<td class="undecided" title="{e(t(lang, "not_assessed"))} {c.not_assessed}">–<small>0/{c.total}</small></td>')
            else:
                tip = (f"{t(lang, 'conforming')} {c.conforming}, {t(lang, 'nonconforming')} {c.nonconforming}, "
                       f"{t(lang, 'observation')} {c.observation}, {t(lang, 'not_assessed')} {c.not_assessed}")
                rows.append(f'<td style="background:{colour(c.ratio)}" title="{e(tip)}">{round(100 * c.ratio)}%'
                            f"<small>{c.conforming}/{c.decided}</small></td>")
        rows.append("</tr>")
    rows += ["</tbody>", "</table>", f"<p><small>{e(t(lang, 'legend'))}</small></p>", "</div>"]
    return "\n".join(rows)
