"""Which facts a quiet `checked` rule actually tested — the evidence a conforming verdict cites.

A rule's condition names the facts it looks at by string equality (`{type: activity}`,
`{activity: internal_audit}`, `{kind: policy}`); booleans and numbers are what it measures. A fact of
the rule's type that matches those selectors in one of its bindings, carries evidence, does not report
the thing absent (`present: false`) and was not marked unmeasured (`checked: false`, e.g. a document
that could not be read) is a witness: when the rule stays quiet, the statements that fact concerns are
conforming on a `checked` basis, citing it.
"""

from __future__ import annotations

from typing import Any

from .findings import EvidenceRef
from .memo import by_identity
from .selection import rule_types

_OPERATORS = {"$and", "$or"}


def _selectors(expr: Any) -> list[dict[str, set]]:
    """Alternative selector sets of one binding: each maps field -> allowed string values."""
    if not isinstance(expr, dict):
        return [{}]
    if "$and" in expr:
        combos: list[dict[str, set]] = [{}]
        for item in expr["$and"]:
            alts = _selectors(item)
            combos = [_merge(c, a) for c in combos for a in alts]
        return combos
    if "$or" in expr:
        out: list[dict[str, set]] = []
        for item in expr["$or"]:
            out += _selectors(item)
        return out or [{}]
    plain = {k: v for k, v in expr.items() if not k.startswith("$")}
    return [{k: {v} for k, v in plain.items() if isinstance(v, str)}]


def _merge(a: dict[str, set], b: dict[str, set]) -> dict[str, set]:
    out = {k: set(v) for k, v in a.items()}
    for k, v in b.items():
        out[k] = out[k] & v if k in out else set(v)
    return out


def bindings(when: dict) -> list[list[dict[str, set]]]:
    """Per binding of the rule, its alternative selector sets."""
    out = []
    for group in when.values():
        for binding in group:
            for expr in binding.values():
                out.append(_selectors(expr))
    return out


def matches(fact: dict, selector_sets: list[dict[str, set]]) -> bool:
    return any(all(fact.get(k) in allowed for k, allowed in sel.items()) for sel in selector_sets)


@by_identity  # a loaded rule's condition never changes
def _compiled(when: dict) -> tuple[tuple[tuple[str, frozenset], ...], ...]:
    """`bindings(when)` flattened for `looked_at`: a fact is looked at when it matches any selector set of
    any binding, so one tuple of them all, each a tuple of (field, allowed values)."""
    return tuple(tuple((k, frozenset(allowed)) for k, allowed in sel.items()) for b in bindings(when) for sel in b)


def looked_at(when: dict, facts: list[dict]) -> tuple[list[dict], list[dict]]:
    """The facts this rule's condition looks at: (measured, unmeasured). A measured one backs a checked
    verdict; an unmeasured one (say, a document that could not be read) shows only that evidence exists.
    Looked at: a fact matching every selector of any set (`any(matches(fact, b) for b in bindings(when))`
    on the compiled selectors, in plain loops)."""
    selectors = _compiled(when)
    measured, unmeasured = [], []
    for f in facts:
        # a fact saying the thing is absent (`present: false`) shows nothing was there to test
        if f.get("present", True) is False:
            continue
        for sel in selectors:
            for k, allowed in sel:
                if f.get(k) not in allowed:
                    break
            else:
                (unmeasured if f.get("checked", True) is False else measured).append(f)
                break
    return measured, unmeasured


def looked_by_rule(ruleset, by_type: dict[str, list[dict]], evidence: dict[str, list[EvidenceRef]]) -> dict[str, list[tuple]]:
    """Per checked rule whose facts the bundle holds (by_type: its facts by type; evidence: each fact's),
    the facts it looked at that carry evidence, measured ones first: (fact, its evidence keyed, measured or
    not). The same for every standard, so worked out once per bundle, each fact's evidence keyed once."""
    out = {}
    cites: dict[str, dict] = {}  # fact id -> its evidence keyed
    for rule, types, needed in rule_types(ruleset):
        if rule.basis == "checked" and needed <= by_type.keys():
            measured, unmeasured = looked_at(rule.when, [f for t in types for f in by_type[t]])
            seen = []
            for group, is_measured in ((measured, True), (unmeasured, False)):
                for fact in group:
                    fid = fact["id"]
                    got = cites.get(fid)
                    if got is None:
                        got = cites[fid] = keyed(evidence[fid])
                    if got:
                        seen.append((fact, got, is_measured))
            out[rule.id] = seen
    return out


def ref_key(ref: EvidenceRef) -> tuple:
    """What pydantic's == compares of an EvidenceRef (its field values), as a hashable key: de-duplicating
    cited evidence with `not in` on a list called pydantic's slow __eq__ tens of thousands of times."""
    return tuple(ref.__dict__.values())


def keyed(refs: list[EvidenceRef], keys: tuple | None = None) -> dict[tuple, EvidenceRef]:
    """refs by their ref_key (`keys` when the caller took them), each place once: the first of equal refs,
    in the order first met. A fact's evidence is keyed so once per bundle, however many statements cite it."""
    if keys is None:
        if len(refs) == 1:  # most facts come from one place: nothing to de-duplicate
            ref = refs[0]
            return {tuple(ref.__dict__.values()): ref}  # ref_key(ref)
        keys = tuple(map(ref_key, refs))
    out: dict[tuple, EvidenceRef] = {}
    for k, ref in zip(keys, refs):
        if k not in out:
            out[k] = ref
    return out


class Cited(dict):
    """statement -> the evidence cited for it, each place once (by value), in the order first cited."""

    def __init__(self) -> None:
        super().__init__()
        # statement -> the keys of what it cites: after the first citation, the keyed dict it cited (shared,
        # never changed here), made a set of its own only when a second citation comes (most get one)
        self._keys: dict[str, set | dict] = {}

    def add(self, sid: str, refs: list[EvidenceRef], limit: int | None = None, keys: tuple | None = None) -> None:
        """Add the refs not cited yet — all of them while fewer than `limit` are cited, none after.
        `keys`: the refs' ref_key, when the caller took them once for refs it cites many times."""
        self.cite(sid, keyed(refs, keys), limit)

    def cite(self, sid: str, cites: dict[tuple, EvidenceRef], limit: int | None = None) -> None:
        """`add` of refs already keyed (`keyed`)."""
        cited = self.get(sid)
        if cited is None:  # the first citation: most statements get only this one
            self[sid] = list(cites.values())
            self._keys[sid] = cites
            return
        if limit is not None and len(cited) >= limit:
            return
        seen = self._keys[sid]
        if type(seen) is not set:
            seen = self._keys[sid] = set(seen)
        for k, ref in cites.items():
            if k not in seen:
                seen.add(k)
                cited.append(ref)


def stepwise(seq: list[dict], limit: int) -> dict[tuple, EvidenceRef]:
    """What `Cited.cite(sid, cites, limit)` of each of `seq` in turn leaves for a statement citing nothing
    yet, keyed: the first cites whole, each next one whole while fewer than `limit` places are cited."""
    out: dict[tuple, EvidenceRef] = {}
    for cites in seq:
        if len(out) >= limit:
            break
        for k, ref in cites.items():
            if k not in out:
                out[k] = ref
    return out


class _Every:
    """A rule whose looked-at facts all concern every statement it decides (RulePlan.every): per kind of
    fact (measured, unmeasured), their cites in order and what citing them all leaves (stepwise), worked
    out once per bundle: a statement citing nothing yet takes the latter in one citation."""

    def __init__(self, seen: list[tuple], limit: int) -> None:
        self.limit = limit
        self.groups = []
        for measured in (True, False):
            seq = [cites for _, cites, m in seen if m is measured]
            if seq:
                self.groups.append((measured, seq, stepwise(seq, limit)))

    def cite(self, rp, skipped, witnessed: Cited, present: Cited) -> None:
        limit = self.limit
        for measured, seq, merged in self.groups:
            into = witnessed if measured else present
            for sid in rp.every[1]:
                if sid in skipped:
                    continue
                cited = into.get(sid)
                if cited is None:
                    into.cite(sid, merged)
                    continue
                for cites in seq:  # cited by another rule already: each in turn, as the general loop
                    if len(cited) >= limit:
                        break
                    into.cite(sid, cites, limit)


class _Named:
    """A rule whose looked-at facts all name their statements (`statements`, content facts): per statement
    named, the cites of the facts naming it, measured and unmeasured, in order, once per bundle; a standard
    looks up the statements its rule plan decides, rather than each fact's among them."""

    def __init__(self, seen: list[tuple], limit: int) -> None:
        self.limit = limit
        self.by_sid: dict[str, tuple[list, list]] = {}
        for fact, cites, measured in seen:
            for sid in dict.fromkeys(fact["statements"].split()):  # a statement named twice: cited once
                hit = self.by_sid.get(sid)
                if hit is None:
                    hit = self.by_sid[sid] = ([], [])
                hit[0 if measured else 1].append(cites)

    def cite(self, rp, skipped, witnessed: Cited, present: Cited) -> None:
        limit, by_sid = self.limit, self.by_sid
        for sid in rp.every[1]:
            hit = by_sid.get(sid)
            if hit is None or sid in skipped:
                continue
            for into, seq in ((witnessed, hit[0]), (present, hit[1])):
                for cites in seq:
                    if len(into.get(sid, ())) >= limit:
                        break
                    into.cite(sid, cites, limit)


class _Facts:
    """Any other rule (facts of an evidence kind each, or of several shapes): fact by fact, as RulePlan.concern
    gives their statements."""

    def __init__(self, seen: list[tuple], limit: int) -> None:
        self.seen, self.limit = seen, limit

    def cite(self, rp, skipped, witnessed: Cited, present: Cited) -> None:
        limit = self.limit
        for fact, cites, measured in self.seen:
            into = witnessed if measured else present
            for sid in rp.concern(fact)[1]:
                # a statement citing `limit` places already takes no more (Cited.cite): not called
                if sid not in skipped and len(into.get(sid, ())) < limit:
                    into.cite(sid, cites, limit)


def arranged(rule, seen: list[tuple], limit: int):
    """What a quiet checked rule's looked-at facts (looked_by_rule) cite, arranged once per bundle for every
    standard's `cite(rp, skipped, witnessed, present)`: the citations, per statement and in order, of each
    fact to the statements RulePlan.concern gives it (not skipped), each while fewer than `limit` are cited."""
    named = [isinstance(fact.get("statements"), str) for fact, _, _ in seen]
    if all(named):
        return _Named(seen, limit)
    if not any(named) and not (rule.per_evidence_kind and any("kind" in fact for fact, _, _ in seen)):
        return _Every(seen, limit)
    return _Facts(seen, limit)
