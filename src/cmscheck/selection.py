"""Which statements a rule decides: the rule's selectors applied to the catalog."""

from __future__ import annotations

from .catalog import Catalog, Statement
from .rules.models import Rule


# rule × standard -> statements; catalog and rules are immutable once loaded, so this is computed once per
# process (it was over half of an evaluation's time). The objects are kept alive so their ids stay unique.
_CACHE: dict[tuple[int, int, str], tuple[Catalog, Rule, list[Statement]]] = {}


def decided_by(rule: Rule, catalog: Catalog, standard: str) -> list[Statement]:
    key = (id(catalog), id(rule), standard)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _CACHE[key] = (catalog, rule, _select(rule, catalog, standard))
    return hit[2]


def _select(rule: Rule, catalog: Catalog, standard: str) -> list[Statement]:
    d = rule.decides
    if d.standards and standard not in d.standards:
        return []
    categories = {k.id: k.category for k in catalog.vocabulary.evidence_kinds}
    explicit = set(d.statements)
    out = []
    for st in catalog.standards[standard].statements():
        if st.modality not in d.modality:
            continue
        if (
            st.id in explicit
            or any(k in d.evidence for k in st.evidence)
            or any(categories.get(k) in d.evidence_categories for k in st.evidence)
            or any(t in d.topics for t in st.topics)
        ):
            out.append(st)
    return out


def concerned(rule: Rule, decided: list[Statement], fact: dict) -> list[Statement]:
    """The decided statements one firing concerns: those the fact names in its `statements` field (one
    content rule serves many required elements, each deciding its own statements); with
    per_evidence_kind, those demanding the fact's kind."""
    if isinstance(fact.get("statements"), str):
        named = set(fact["statements"].split())
        return [s for s in decided if s.id in named]
    if rule.per_evidence_kind and "kind" in fact:
        return [s for s in decided if fact["kind"] in s.evidence]
    return decided
