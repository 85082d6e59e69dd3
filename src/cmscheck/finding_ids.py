"""Stable finding ids: STANDARD/RULE/SUBJECT, where the subject is what the finding is about (the
document kind, emission source and year, instrument, nonconformity record, target, member …), taken
from the fact the rule fired on. Unlike a running number, the id does not shift when an unrelated
finding appears or disappears, so waivers and SARIF fingerprints keep pointing at the same finding.
"""

from __future__ import annotations

import hashlib
import json
import re

# Fields that name what a fact is about, most specific first. A fact type added later is covered by
# the fallback (a digest of its identifying values) until its subject field is listed here.
SUBJECT_FIELDS = ("nc", "instrument", "source", "target", "offset", "member", "communication", "document",
                  "element", "parameter", "kind", "activity", "name")
_QUALIFIERS = ("year",)
_UNSAFE = re.compile(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]+")


def _clean(value) -> str:
    return _UNSAFE.sub("_", str(value)).strip("_")[:60] or "_"


def subject(fact: dict) -> str:
    for field in SUBJECT_FIELDS:
        if field in fact and isinstance(fact[field], (str, int)) and not isinstance(fact[field], bool):
            out = _clean(fact[field])
            for q in _QUALIFIERS:
                if q in fact and q != field:
                    out += f"@{_clean(fact[q])}"
            return out
    if "year" in fact:
        return _clean(fact["year"])
    ident = {k: v for k, v in fact.items() if k not in ("id", "sid") and not k.endswith(("_zh", "_en"))}
    return hashlib.sha1(json.dumps(ident, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:10]


class Allocator:
    """Ids for one standard's findings: a subject met twice for the same rule gets -2, -3 … in firing order."""

    def __init__(self, standard: str) -> None:
        self.standard = standard
        self.seen: dict[str, int] = {}

    def __call__(self, rule: str, subj: str) -> str:
        base = f"{self.standard}/{rule}/{subj}"
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"
