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
    """The statements of `standard` whose modality the rule lists and that match any of its selectors,
    in catalog order. Looked up in an index of the standard (by id, evidence kind, topic) rather than
    scanned: a fresh process selects for every rule × standard once, ~55,000 statement tests."""
    d = rule.decides
    if d.standards and standard not in d.standards:
        return []
    index = _index(catalog, standard)
    kinds = set(d.evidence)
    if d.evidence_categories:
        kinds |= {k.id for k in catalog.vocabulary.evidence_kinds if k.category in d.evidence_categories}
    hits: set[int] = set()
    for key, table in ((d.statements, index.by_id), (kinds, index.by_kind), (d.topics, index.by_topic)):
        for k in key:
            hits.update(table.get(k, ()))
    return [index.statements[i] for i in sorted(hits) if index.statements[i].modality in d.modality]


class _Index:
    """One standard's statements in catalog order, and their positions by id, evidence kind and topic."""

    def __init__(self, statements: list[Statement]) -> None:
        self.statements = statements
        self.by_id: dict[str, list[int]] = {}
        self.by_kind: dict[str, list[int]] = {}
        self.by_topic: dict[str, list[int]] = {}
        for i, st in enumerate(statements):
            self.by_id.setdefault(st.id, []).append(i)
            for k in st.evidence:
                self.by_kind.setdefault(k, []).append(i)
            for t in st.topics:
                self.by_topic.setdefault(t, []).append(i)


_INDEXES: dict[tuple[int, str], tuple[Catalog, _Index]] = {}  # kept alive as _CACHE's entries are


def _index(catalog: Catalog, standard: str) -> _Index:
    key = (id(catalog), standard)
    hit = _INDEXES.get(key)
    if hit is None:
        hit = _INDEXES[key] = (catalog, _Index(list(catalog.standards[standard].statements())))
    return hit[1]


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
