"""User-facing words of the comparison renderers, zh and en, and the short cell texts they share."""

from __future__ import annotations

from ..i18n import table
from .labels import t as base

LABELS = table("compare")  # the words live in i18n/terms.yaml (namespace compare)

SYMBOLS = (("conforming", "✓"), ("nonconforming", "✗"), ("observation", "◐"), ("documented", "◔"), ("not_assessed", "?"),
           ("not_applicable", "−"))
TYPES = ("systemic", "implementation", "effectiveness")


def t(lang: str, key: str, **kw) -> str:
    table = LABELS.get(lang, LABELS["zh"])
    text = table[key] if key in table else base(lang, key)
    return text.format(**kw) if kw else text


def status_line(cell) -> str:
    """'✓12 ✗5 ?3': the statuses of the topic's statements under one standard."""
    return " ".join(f"{sym}{cell.by_status[k]}" for k, sym in SYMBOLS if cell.by_status.get(k))


def finding_tags(f, lang: str, sep: str = "·") -> str:
    """type·grade[·situation N][·waived] of a FindingRef."""
    tags = [base(lang, f.type), base(lang, f.grade)] + ([f"{base(lang, 'situation')} {f.situation}"] if f.situation else [])
    if f.waived:
        tags.append("已豁免" if lang != "en" else "waived")
    return sep.join(tags)


def nc_line(cell, lang: str) -> str:
    """'systemic 0/1 · implementation 2/3': nonconformities by type, severe/general; empty when none."""
    parts = []
    for ty in TYPES:
        sev, gen = cell.nonconformities.get(f"{ty}/severe", 0), cell.nonconformities.get(f"{ty}/general", 0)
        if sev or gen:
            parts.append(f"{base(lang, ty)} {sev}/{gen}")
    return " · ".join(parts)
