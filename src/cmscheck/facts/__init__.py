"""Facts: a bundle turned into plain records the rules engine tests (bundle -> facts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import Catalog
from ..findings import EvidenceRef
from ..memo import by_identity
from . import data as _data  # noqa: F401  registers the data fact functions
from . import records as _records  # noqa: F401  registers the document and record fact functions
from .functions import REQUESTABLE, STANDARD, Fact

if TYPE_CHECKING:  # rules load against the fact vocabulary; facts only read a rule set's requests
    from ..rules.models import RuleSet


@dataclass(frozen=True)
class Facts:
    facts: list[Fact]
    evidence: dict[str, list[EvidenceRef]]  # fact id -> where it comes from

    def get(self, fact_id: str) -> Fact:
        return self._by_id()[fact_id]

    def _by_id(self) -> dict[str, Fact]:
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = {f["id"]: f for f in self.facts}
            object.__setattr__(self, "_cache", cache)
        return cache


def derive(bundle, catalog: Catalog, ruleset: "RuleSet") -> Facts:
    facts: list[Fact] = []
    evidence: dict[str, list[EvidenceRef]] = {}

    append = facts.append

    def add(produced, prefix):
        prefix += "-"
        for n, (fact, refs) in enumerate(produced, 1):
            fact_id = prefix + str(n)  # f"{prefix}-{n}", the prefix joined once per function
            # a fact without an unset value is copied as it is (most are): the same dict, in a C copy
            fact = {k: v for k, v in fact.items() if v is not None} if None in fact.values() else dict(fact)
            fact["id"] = fact_id
            append(fact)
            evidence[fact_id] = refs

    for name, fn in STANDARD.items():
        add(fn(bundle, catalog), name)
    for name, req in _requested(ruleset):
        add(REQUESTABLE[req.function](bundle, catalog, name=name, **req.args), f"{req.function}-{name}")
    return Facts(facts, evidence)


@by_identity
def _requested(ruleset: "RuleSet") -> tuple:
    """(name, request) of every fact the rules request, the first request of a name, sorted by name:
    a loaded rule set is immutable, so worked out once per rule set, not once per bundle."""
    requested = {}
    for rule in ruleset.rules:
        for req in rule.facts:
            requested.setdefault(req.name, req)
    return tuple(sorted(requested.items()))
