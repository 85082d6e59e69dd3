"""An organization's facts (kind, sector, carbon market) in the page's language, for page headers.

The manifest holds ids ("enterprise", "steel", "provincial"); a Chinese page must not show them raw.
Kind and market words come from the message catalog (terms.yaml, namespace site_lang); sector names
from the catalog's vocabulary (standards/vocabulary.yaml), which defines the sector ids.
"""

from __future__ import annotations

from .labels import SITE_LANG, t


def organization_words(lang: str, catalog, org) -> dict[str, str]:
    """{kind, sector, carbon_market} of an OrganizationSummary in `lang`; an unknown id stays as written."""
    sectors = {s.id: s.name for s in catalog.vocabulary.sectors} if catalog is not None else {}
    sector = ""
    if org.sector:
        name = sectors.get(org.sector)
        sector = (name.get(lang) or name.zh) if name is not None else org.sector
    return {"kind": _word(lang, f"org_kind_{org.kind}", org.kind), "sector": sector,
            "carbon_market": _word(lang, f"market_{org.carbon_market}", org.carbon_market)}


def _word(lang: str, key: str, fallback: str) -> str:
    return t(lang, key) if key in SITE_LANG["zh"] else fallback
