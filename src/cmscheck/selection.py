"""Which statements a rule decides: the rule's selectors applied to the catalog; and per standard,
the plan of judging it (`plan`).

The catalog, the rule set and the conditions (standards/applicability.yaml) are immutable once loaded:
a standard's statements in report order with their clause numbers, which rules decide which of its
statements, which statements a condition governs and which demand each evidence kind stay the same
for every bundle, so they are worked out once per process, not once per standard of every bundle.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from .applicability import Entry
from .assessment import StatementResult, statement_result
from .catalog import Catalog, Statement
from .catalog.models import ASSESSABLE
from .findings import Bilingual
from .memo import by_identity
from .rules.loader import fact_types
from .rules.models import Rule, RuleSet


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


# rule × standard -> statements; catalog and rules are immutable once loaded, so this is computed once per
# process (it was over half of an evaluation's time).
decided_by = by_identity(_select)


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


@by_identity
def _index(catalog: Catalog, standard: str) -> _Index:
    return _Index(list(catalog.standards[standard].statements()))


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


# ------------------------------------------------------------------------ per standard, once


@dataclass(frozen=True)
class RulePlan:
    rule: Rule
    types: tuple[str, ...]  # the fact type of each binding
    needed: frozenset[str]  # the bundle must hold facts of all of them, or the rule decides nothing
    decided: tuple[Statement, ...]  # the standard's statements the rule decides (never empty here)
    position: dict[str, int] = field(default_factory=dict, compare=False)  # statement id -> its place in decided
    # (statements, their ids) by the kind of a per_evidence_kind fact, filled as kinds are met
    by_kind: dict[str, tuple[tuple[Statement, ...], tuple[str, ...]]] = field(default_factory=dict, compare=False)
    # the same by content facts' `statements`, filled as they are met: those name a content element's
    # statements (standards/content), so they are as few as the catalog's elements
    by_named: dict[str, tuple[tuple[Statement, ...], tuple[str, ...]]] = field(default_factory=dict, compare=False)
    # read for every fact of every bundle: plain attributes are read about three times faster than a
    # pydantic model's (the rule's id and per_evidence_kind, the decided statements' ids)
    rule_id: str = field(init=False, compare=False)
    per_kind: bool = field(init=False, compare=False)
    every: tuple[tuple[Statement, ...], tuple[str, ...]] = field(init=False, compare=False)
    # the decided statements the rule's silence does not vouch for (Decides.unvouched): a firing decides them
    unvouched: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule_id", self.rule.id)
        object.__setattr__(self, "per_kind", self.rule.per_evidence_kind)
        object.__setattr__(self, "every", (self.decided, tuple(s.id for s in self.decided)))
        object.__setattr__(self, "unvouched", frozenset(self.rule.decides.unvouched).intersection(self.every[1]))

    def concerned(self, fact: dict) -> tuple[Statement, ...]:
        """`concerned(rule, decided, fact)` by look-ups: a content fact names one or a few statements of the
        hundreds a content rule decides, and the statements demanding a kind stay the same."""
        return self.concern(fact)[0]

    def concern(self, fact: dict) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
        """The statements `concerned` gives and their ids."""
        named = fact.get("statements")
        if isinstance(named, str):
            hit = self.by_named.get(named)
            if hit is None:
                found = {self.position[sid] for sid in named.split() if sid in self.position}
                hit = self.by_named[named] = _with_ids(tuple(self.decided[i] for i in sorted(found)))
            return hit
        if self.per_kind and "kind" in fact:
            kind = fact["kind"]
            hit = self.by_kind.get(kind)
            if hit is None:
                hit = self.by_kind[kind] = _with_ids(tuple(s for s in self.decided if kind in s.evidence))
            return hit
        return self.every


@by_identity  # a plan keeps the tuples `concerned` gives (RulePlan), for the process
def by_modality(statements: tuple[Statement, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids of the shall-statements and of the should-statements among `statements`, each sorted: the
    statements a firing's findings are raised on (evaluate._raise)."""
    return tuple(tuple(sorted(s.id for s in statements if s.modality == modality)) for modality in ("shall", "should"))


def _with_ids(statements: tuple[Statement, ...]) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    return statements, tuple(s.id for s in statements)


@dataclass(frozen=True)
class StandardPlan:
    # per statement in report order: (statement, {id, clause, modality}, ids of the rules deciding it in rule-set order)
    rows: tuple[tuple[Statement, dict, tuple[str, ...]], ...]
    conditional: tuple[tuple[str, tuple[Entry, ...]], ...]  # statements a whole-statement condition governs
    rules: tuple[RulePlan, ...]  # in rule-set order, those deciding some statement of this standard
    demanded: dict[str, tuple[str, ...]]  # evidence kind -> statements demanding it


@by_identity
def rule_types(ruleset: RuleSet) -> tuple[tuple[Rule, tuple[str, ...], frozenset[str]], ...]:
    """Per rule, the fact types its condition tests (one per binding) and the set of them."""
    return tuple((r, tuple(fact_types(r.when)), frozenset(fact_types(r.when))) for r in ruleset.rules)


@by_identity
def standard_plan(catalog: Catalog, ruleset: RuleSet, entries: tuple[Entry, ...], std_id: str) -> StandardPlan:
    std = catalog.standards[std_id]
    rule_plans = []
    deciding: dict[str, list[str]] = {}
    for rule, types, needed in rule_types(ruleset):
        decided = tuple(decided_by(rule, catalog, std_id))
        if decided:  # a rule deciding nothing here raises no finding and backs no verdict of this standard
            rule_plans.append(RulePlan(rule, types, needed, decided, {st.id: i for i, st in enumerate(decided)}))
        for st in decided:
            deciding.setdefault(st.id, []).append(rule.id)
    rows = tuple((st, {"id": st.id, "clause": clause.number, "modality": st.modality}, tuple(deciding.get(st.id, ())))
                 for clause in std.walk() for st in clause.statements)
    # a condition on one evidence kind (Entry.evidence) never makes the whole statement inapplicable
    whole = [e for e in entries if not e.evidence]
    conditional = []
    for st in std.statements():
        governing = tuple(e for e in whole if st.id in e.statements)
        if governing:
            conditional.append((st.id, governing))
    demanded: dict[str, list[str]] = {}
    for st in std.statements():
        for k in st.evidence:
            demanded.setdefault(k, []).append(st.id)
    return StandardPlan(rows, tuple(conditional), tuple(rule_plans), {k: tuple(v) for k, v in demanded.items()})


# ------------------------------------------------------------- per plan, the rows nothing decides, once

COUNTED = attrgetter("status", "basis", "decided_by", "modality")  # what a standard's counts count of a result


@dataclass(frozen=True)
class Layout:
    """Per row of a plan, the result of the statement when nothing decides it: informative, or not
    assessed. Such a result holds nothing but the catalog's words and its status, the same in every
    bundle, so it is built once per process (about 700 of the 1,100 results of a steel bundle), with what
    a bundle needs to replace the others. Results are frozen models nothing mutates."""

    results: tuple[StatementResult, ...]
    keys: tuple[tuple, ...]  # each result's COUNTED key
    tally: Counter  # the keys counted
    position: dict[str, tuple[int, ...]]  # an assessable statement's id -> its rows
    decidable: tuple[int, ...]  # the assessable rows some rule decides
    kinds: tuple[tuple[str, ...], ...]  # each row's statement's evidence kinds
    bases: tuple[tuple[str, str, str], ...]  # each row's id, clause and modality (assessment.row_result)
    deciders: tuple[tuple[str, ...], ...]  # each row's deciding rules, sorted
    # per row, what judging it reads, in one tuple (one look-up and unpacking per row judged):
    # (bases[i], its id, its modality, deciders[i], kinds[i])
    rows: tuple[tuple, ...] = ()


@by_identity
def stock(plan: StandardPlan) -> Layout:
    results, position, decidable = [], {}, []
    for i, (st, base, deciders) in enumerate(plan.rows):
        if st.modality in ASSESSABLE:
            results.append(statement_result(base, status="not_assessed", basis="none", decided_by="none"))
            position[st.id] = position.get(st.id, ()) + (i,)
            if deciders:
                decidable.append(i)
        else:
            results.append(statement_result(base, status="informative", basis="none", decided_by="none"))
    keys = tuple(map(COUNTED, results))
    kinds = tuple(tuple(st.evidence) for st, _, _ in plan.rows)
    bases = tuple((base["id"], base["clause"], base["modality"]) for _, base, _ in plan.rows)
    deciders = tuple(tuple(sorted(set(rule_ids))) for _, _, rule_ids in plan.rows)
    rows = tuple((b, b[0], b[2], d, k) for b, d, k in zip(bases, deciders, kinds))
    return Layout(tuple(results), keys, Counter(keys), position, tuple(decidable), kinds, bases, deciders, rows)


# ------------------------------------------------------------------ the catalog's words, once per process


@by_identity
def title(std) -> Bilingual:
    """A standard's title as reports show it (the catalog is immutable; the model is frozen)."""
    return Bilingual(zh=std.title.zh, en=std.title.en or std.title.zh)


def kind_entry(catalog: Catalog, plans: tuple[StandardPlan, ...], kind: str) -> tuple[Bilingual, list[str]]:
    """An evidence kind's name and the statements of the evaluated standards (their plans) demanding it,
    sorted, for the evidence index. A pure function of the catalog and the kind: kept per process for the
    vocabulary's kinds (a kind the vocabulary lacks, never kept, is named by itself)."""
    return _kinds(catalog, *plans).entry(kind)


def kind_entries(catalog: Catalog, plans: tuple[StandardPlan, ...]) -> "_Kinds":
    """What kind_entry looks up for these plans, for a caller asking for many kinds (`.entry(kind)`)."""
    return _kinds(catalog, *plans)


class _Kinds:
    """The evidence index's entries of the vocabulary's kinds for one set of evaluated standards."""

    def __init__(self, catalog: Catalog, plans: tuple[StandardPlan, ...]) -> None:
        self.vocabulary = {k.id: k for k in catalog.vocabulary.evidence_kinds}
        self.plans = plans
        self.kept: dict[str, tuple[Bilingual, list[str]]] = {}

    def entry(self, kind: str) -> tuple[Bilingual, list[str]]:
        hit = self.kept.get(kind)
        if hit is None:
            known = self.vocabulary.get(kind)
            if known is None or not known.name:
                return Bilingual(zh=kind, en=kind), _supports(self.plans, kind)
            hit = self.kept[kind] = (Bilingual(zh=known.name.zh, en=known.name.en or kind), _supports(self.plans, kind))
        return hit


@by_identity
def _kinds(catalog: Catalog, *plans: StandardPlan) -> _Kinds:
    return _Kinds(catalog, plans)


def _supports(plans, kind: str) -> list[str]:
    return sorted(sid for p in plans for sid in p.demanded.get(kind, ()))
