"""The site's own words in zh and en; words the reports share come from render/labels.py."""

from __future__ import annotations

from ..i18n import table
from ..render.labels import t as report_t

SITE = table("site")  # the words live in i18n/terms.yaml (namespace site)


def t(lang: str, key: str) -> str:
    table = SITE.get(lang, SITE["zh"])
    return table[key] if key in table else report_t(lang, key)
