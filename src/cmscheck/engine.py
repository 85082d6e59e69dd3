"""Run facts through durable-rules and return which rules fired on which facts.

durable-rules traps this module works around (see FIELD-NOTES.md):
- one long-lived Host per process: Hosts start threads that never stop and are never freed;
- a ruleset name registers once: the name carries a digest of the definition;
- state is keyed by a hash of sid: one bundle at a time, under a lock, its facts retracted afterwards;
- exceptions inside actions are swallowed: actions never raise, errors are collected and re-raised;
- `Host.assert_facts` raises MessageNotHandled when any one fact matches no rule, before it runs the
  actions (a background thread then runs them late): a bundle's facts go to the C engine in one
  `assert_facts` call, and its actions are then run here, on the state that call names;
- every fact carries a unique `id`, so identical facts are not mistaken for duplicates.
"""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass

import durable_rules_engine as _c
from durable import engine as dr

from .rules.compiler import binding_names, compile_ruleset
from .memo import by_identity
from .rules.models import RuleSet

_SID = "bundle"


@dataclass(frozen=True, order=True)
class Firing:
    rule: str
    facts: tuple[str, ...]  # ids of the matched facts, in binding order


class EngineError(RuntimeError):
    pass


class _Host(dr.Host):
    def __init__(self) -> None:
        super().__init__()
        self.sink: list[Firing] | None = None
        self.errors: list[str] = []
        self.bindings: dict[str, list[str]] = {}

    def get_action(self, action_name: str):
        names = self.bindings[action_name]

        def action(c):  # must be a plain function: durable reads func.__code__
            try:
                ids = []
                for name in names:
                    content = getattr(c, name)
                    if content is not None:
                        ids.append(content._d["id"])
                self.sink.append(Firing(action_name, tuple(ids)))
            except Exception as err:  # noqa: BLE001 — durable would swallow it; keep it for the caller
                self.errors.append(f"{action_name}: {err!r}")

        return action


_lock = threading.Lock()
_host: _Host | None = None
_registered: set[str] = set()
# A loaded rule set is immutable, so it is compiled (deep copies and a digest of every rule) once per
# process, not once per bundle.
_compile = by_identity(compile_ruleset)


def _ruleset_name(ruleset: RuleSet) -> str:
    global _host
    name, definition = _compile(ruleset)
    if _host is None:
        _host = _Host()
    if name not in _registered:
        _host.bindings.update(binding_names(ruleset))
        _host.set_rulesets({name: copy.deepcopy(definition)})
        _registered.add(name)
    return name


_FLOAT_LIMIT = 1e15


_SCALARS = (str, int, float, bool)


def _tested_fields(ruleset: RuleSet) -> frozenset[str] | None:
    """The fields any rule's condition names, with `id`; None when a condition holds anything but
    field tests of plain values (then every field is sent).

    Every rule tests the fields it names of one fact (rules/loader.py), so a fact cut down to the
    fields some rule names matches the same rules. The rest (the bilingual message texts, most of
    a fact's bytes) is read by the messages from the facts themselves, never from the engine."""
    fields = {"id"}

    def plain(value) -> bool:
        """A value, or a field of the same fact ({"$m": "tolerance"}) it is compared with."""
        if type(value) in _SCALARS:
            return True
        if isinstance(value, dict) and len(value) == 1 and type(value.get("$m")) is str:
            fields.add(value["$m"])
            return True
        return False

    def walk(expr) -> bool:
        if not isinstance(expr, dict):
            return False
        for key, value in expr.items():
            if key in ("$and", "$or"):
                if not isinstance(value, list) or not all(walk(sub) for sub in value):
                    return False
            elif key.startswith("$"):
                if not isinstance(value, dict) or not all(plain(v) for v in value.values()):
                    return False
                fields.update(value)
            elif plain(value):
                fields.add(key)
            else:
                return False
        return True

    for rule in ruleset.rules:
        for bindings in rule.when.values():
            if not isinstance(bindings, list) or not all(isinstance(b, dict) and all(walk(e) for e in b.values()) for b in bindings):
                return None
    return frozenset(fields)


_tested = by_identity(_tested_fields)


def _message(fact: dict, fields: frozenset[str] | None = None) -> dict:
    # most values are text or flags, which pass as they are: only numbers go through _plain
    out = {k: v if type(v) is str or type(v) is bool else _plain(v) for k, v in fact.items() if fields is None or k in fields}
    out["sid"] = _SID
    return out


def _plain(value):
    """A number durable-rules' JSON reader accepts: it cannot read exponents (4e-06, 1e+20)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _FLOAT_LIMIT:
        value = float(value)
    if isinstance(value, float):
        value = round(value, 4)  # 4e-06 -> 0.0
        if abs(value) >= _FLOAT_LIMIT:  # 1e+20 -> 999999999999999.0, still "very large" to any rule
            value = (_FLOAT_LIMIT - 1) * (1 if value > 0 else -1)
    return value


# codes the C engine returns for a batch it took: done, some fact matched no rule (allowed), a fact seen before
_OK, _NOT_HANDLED, _OBSERVED = 0, 1, 2


def run(ruleset: RuleSet, facts: list[dict]) -> list[Firing]:
    """Assert every fact, run the actions they trigger, retract them; the firings, sorted."""
    seen: set[str] = set()
    for fact in facts:
        fid = fact.get("id")
        if not fid or fid in seen:
            raise EngineError(f"fact without a unique id: {fact!r}")
        seen.add(fid)
        if None in fact.values():  # values are text, numbers and flags: == None only for None
            raise EngineError(f"fact {fid} holds null; leave the field out instead")
    if not facts:
        return []  # an empty batch names no state (the C engine leaves it unset)
    # once: asserted, then retracted. Every rule tests one fact (rules/loader.py allows no joins and no
    # $not), so which rules fire does not depend on whether the facts arrive one by one or together.
    fields = _tested(ruleset)
    batch = json.dumps([_message(fact, fields) for fact in facts], ensure_ascii=False)
    with _lock:
        name = _ruleset_name(ruleset)
        host = _host
        rules = host.get_ruleset(name)
        host.sink, host.errors = [], []
        try:
            code, state = _c.assert_facts(rules._handle, batch)
            if code == _OBSERVED:
                raise EngineError("a fact was asserted twice (its id repeats one still asserted)")
            if code not in (_OK, _NOT_HANDLED):
                raise EngineError(f"durable-rules refused the facts (code {code})")
            failed: list = []
            # every message carries the one sid, so `state` is that sid's state: its actions run here
            rules.do_actions(state, lambda err, _state: failed.append(err) if err else None)
            if failed:
                raise EngineError(f"running the rules' actions failed: {failed[0]!r}")
            if host.errors:
                raise EngineError("rule actions failed: " + "; ".join(host.errors))
            return sorted(set(host.sink))
        finally:
            host.sink = None
            # Clean the sid by retracting what was asserted: delete_state crashes the process (free(): invalid
            # pointer) once a state holds a few hundred facts, measured with durable-rules 2.0.28.
            _c.retract_facts(rules._handle, batch)


def reset_after_fork() -> None:
    """A forked worker starts its own Host. One inherited from a parent that already ran the engine (a
    test, a library caller) lost its threads in the fork, and its lock may be held forever."""
    global _host, _registered, _lock
    if _host is not None:
        _host, _registered, _lock = None, set(), threading.Lock()
