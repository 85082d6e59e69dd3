"""The site's own words in zh and en; words the reports share come from render/labels.py."""

from __future__ import annotations

from ..i18n import table
from ..render.labels import t as report_t

SITE = table("site")  # the words live in i18n/terms.yaml (namespace site)
SITE_LANG = table("site_lang")  # and namespace site_lang: language switch, header facts, printable report


def t(lang: str, key: str) -> str:
    for words in (SITE, SITE_LANG):
        table = words.get(lang, words["zh"])
        if key in table:
            return table[key]
    return report_t(lang, key)
