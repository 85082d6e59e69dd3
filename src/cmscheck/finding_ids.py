"""Stable finding ids: STANDARD/RULE/SUBJECT, where the subject is what the finding is about (the
document kind, emission source and year, instrument, nonconformity record, target, member …), taken
from the fact the rule fired on. Unlike a running number, the id does not shift when an unrelated
finding appears or disappears, so waivers and SARIF fingerprints keep pointing at the same finding.
"""

from __future__ import annotations

import hashlib
import json
import re

# Per fact type, the fields that name what a fact is about (first field, then qualifiers joined with @):
# `source-arithmetic/S-lime@2024`, `content-element-missing/policy.compliance_commitment`. A type with no
# field is one per bundle: its subject is the type's name. tests/test_fact_fields.py checks every fact
# type has an entry here.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "evidence": ("kind",), "document": ("document",), "activity": ("activity",), "prior_nc": ("nc",),
    "instrument": ("instrument",), "content": ("kind", "element"), "source": ("source", "year"),
    "series": ("parameter", "year"), "inventory": ("year",), "market": ("year", "market"), "target": ("target",),
    "offset": ("offset",), "neutrality": ("year",), "resources": (), "communication": ("communication",),
    "maintenance": ("maintenance",), "role": ("role",), "records": (), "baseline": (), "member": ("member",),
    "factor": ("source", "year", "component"), "gwp": ("year",), "boundary": ("year",),
}
SUBJECT_FIELDS = tuple(sorted({f for fields in SUBJECTS.values() for f in fields}))
_UNSAFE = re.compile(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]+")


def _clean(value) -> str:
    return _UNSAFE.sub("_", str(value)).strip("_")[:60] or "_"


def subject(fact: dict) -> str:
    fields = SUBJECTS.get(fact.get("type", ""))
    if fields is None:  # a fact type not listed yet: a digest of its identifying values, still stable
        ident = {k: v for k, v in fact.items() if k not in ("id", "sid") and not k.endswith(("_zh", "_en"))}
        return hashlib.sha1(json.dumps(ident, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:10]
    values = [_clean(fact[f]) for f in fields if f in fact]
    if not values:
        return fact["type"]
    if fact.get("type") == "content":
        return ".".join(values)
    return values[0] + "".join(f"@{v}" for v in values[1:])


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
