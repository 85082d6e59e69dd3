"""Run facts through durable-rules and return which rules fired on which facts.

durable-rules traps this module works around (see FIELD-NOTES.md):
- Hosts start threads that never stop and are never freed, and their background thread may take a
  pending action: `run` uses no Host; it creates each rule set in durable-rules' C engine once per
  process and reads the actions it starts itself (tests/durable_host.py keeps a Host for the tests'
  general path, durable's own Python API);
- a ruleset name registers once: the name carries a digest of the definition;
- state is keyed by a hash of sid: one bundle at a time, under a lock, its facts retracted afterwards;
- exceptions inside durable's actions are swallowed: the Host's actions never raise, errors are
  collected and re-raised; `run` reads each started action's message and fails loudly on any other shape;
- `Host.assert_facts` raises MessageNotHandled when any one fact matches no rule, before it runs the
  actions (a background thread then runs them late): a bundle's facts go to the C engine in one
  `assert_facts` call, and its actions are then read here, on the state that call names;
- every fact carries a unique `id`, so identical facts are not mistaken for duplicates.
"""

from __future__ import annotations

import json
import threading
from json.encoder import encode_basestring
from dataclasses import dataclass

import durable_rules_engine as _c

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


_lock = threading.Lock()
# A loaded rule set is immutable, so it is compiled (deep copies and a digest of every rule) once per
# process, not once per bundle.
_compile = by_identity(compile_ruleset)


# name -> (the C engine's handle of the rule set, each rule's binding names)
_handles: dict[str, tuple[int, dict[str, list[str]]]] = {}


def _handle(ruleset: RuleSet) -> tuple[int, dict[str, list[str]]]:
    """The rule set created in durable-rules' C engine directly, once per process. `run` drives it
    itself: no Host, so no background thread can take one of the bundle's actions while `run` reads
    them, and no Python closure, state copy and JSON round trip per firing (durable's do_actions)."""
    name, definition = _compile(ruleset)
    if name not in _handles:
        # what durable.engine.Ruleset hands the C engine: the definition without the actions' names
        plain = {rule: {k: v for k, v in body.items() if k != "run"} for rule, body in definition.items()}
        _handles[name] = (_c.create_ruleset(name, json.dumps(plain, ensure_ascii=False)), binding_names(ruleset))
    return _handles[name]


_FLOAT_LIMIT = 1e15


_SCALARS = (str, int, float, bool)


def _walk(expr, fields: set) -> bool:
    """Add to `fields` those one binding's expression names (with the fields its values name, {"$m": "tolerance"});
    False when it holds anything but field tests of plain values."""

    def plain(value) -> bool:
        """A value, or a field of the same fact ({"$m": "tolerance"}) it is compared with."""
        if type(value) in _SCALARS:
            return True
        if isinstance(value, dict) and len(value) == 1 and type(value.get("$m")) is str:
            fields.add(value["$m"])
            return True
        return False

    if not isinstance(expr, dict):
        return False
    for key, value in expr.items():
        if key in ("$and", "$or"):
            if not isinstance(value, list) or not all(_walk(sub, fields) for sub in value):
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


def _tested_fields(ruleset: RuleSet) -> frozenset[str] | None:
    """The fields any rule's condition names, with `id`; None when a condition holds anything but
    field tests of plain values (then every field is sent).

    Every rule tests the fields it names of one fact (rules/loader.py), so a fact cut down to the
    fields some rule names matches the same rules. The rest (the bilingual message texts, most of
    a fact's bytes) is read by the messages from the facts themselves, never from the engine."""
    fields = {"id"}
    for rule in ruleset.rules:
        for bindings in rule.when.values():
            if not isinstance(bindings, list) or not all(isinstance(b, dict) and all(_walk(e, fields) for e in b.values()) for b in bindings):
                return None
    return frozenset(fields)


_tested = by_identity(_tested_fields)


def _required_type(expr) -> str | None:
    """The fact type a binding's expression demands by an equality every match must meet (`type: x` at
    its top or in an `$and` there, however deep), or None."""
    if isinstance(expr, dict):
        if type(expr.get("type")) is str:
            return expr["type"]
        subs = expr.get("$and")
        if isinstance(subs, list):
            for sub in subs:
                found = _required_type(sub)
                if found is not None:
                    return found
    return None


def _typed_fields(ruleset: RuleSet) -> dict[str, tuple[tuple[str, str], ...]] | None:
    """Per fact type, the fields the bindings demanding that type name (with `id` and `type`), each with
    its JSON key: a fact of one type can match only those bindings (each demands its type), so the fields
    other types' rules test change no firing; a fifth fewer fields to send. None when some binding
    demands no one type, when the fields are not all plain tests (_tested_fields) or one is `sid`."""
    if _tested(ruleset) is None:
        return None
    by_type: dict[str, set[str]] = {}
    for rule in ruleset.rules:
        for bindings in rule.when.values():
            for binding in bindings:
                for expr in binding.values():
                    ftype = _required_type(expr)
                    if ftype is None:
                        return None
                    _walk(expr, by_type.setdefault(ftype, {"id", "type"}))
    if any(_SID_FIELD in fields for fields in by_type.values()):
        return None
    return {t: tuple((k, _json_text(k) + ":") for k in sorted(fields)) for t, fields in by_type.items()}


_typed = by_identity(_typed_fields)


def _necessary(expr, out: list) -> list:
    """Add to `out` the tests every match of a binding's expression must pass, (field, value) for each
    field equal to a text or a flag at its top or in an `$and` there, however deep (as _required_type
    finds `type`); what `$or` and the comparisons test is left out: never needed of every match."""
    if isinstance(expr, dict):
        for k, v in expr.items():
            if k == "$and" and isinstance(v, list):
                for sub in v:
                    _necessary(sub, out)
            elif not k.startswith("$") and type(v) in (str, bool):
                out.append((k, v))
    return out


def _firable_fields(ruleset: RuleSet) -> dict[str, tuple[tuple[tuple[str, str | bool], ...], ...] | None] | None:
    """Per fact type of _typed_fields, the tests (other than the type) of each binding demanding it, each
    binding's every match must pass (_necessary), or None for a type some binding tests no further: a
    fact failing some test of every binding of its type fires no rule (every rule tests one fact), so it
    is not sent (a third of a steel bundle's facts: content found, evidence present). None as _typed."""
    if _typed(ruleset) is None:
        return None
    by_type: dict[str, set] = {}
    for rule in ruleset.rules:
        for bindings in rule.when.values():
            for binding in bindings:
                for expr in binding.values():
                    tests = _necessary(expr, [])
                    ftype = _required_type(expr)
                    by_type.setdefault(ftype, set()).add(tuple(t for t in tests if t != ("type", ftype)))
    return {t: None if () in alts else tuple(sorted(alts, key=repr)) for t, alts in by_type.items()}


_firable = by_identity(_firable_fields)


def may_fire(fact: dict, alternatives) -> bool:
    """Whether the fact may pass every test of one of its type's bindings (`_firable_fields`): a test fails
    only when the fact holds the field as a value of the test's own type (text or flag) and another value;
    a field it lacks or holds as anything else is left to the engine."""
    if alternatives is None:
        return True
    for tests in alternatives:
        for k, v in tests:
            got = fact.get(k)
            if type(got) is type(v) and got != v:
                break
        else:
            return True
    return False
_SID_FIELD = "sid"


def _text(fact: dict, keys: tuple[tuple[str, str], ...]) -> str:
    """json.dumps of `_message` cut down to `keys` (field, its JSON key), without the dict and encoder in
    between: each value as the encoder writes it (text, flags, ordinary whole numbers and numbers _plain
    leaves finite; the rest through _plain and json.dumps)."""
    items = []
    for k, key in keys:
        v = fact.get(k, _ABSENT)
        if v is not _ABSENT:
            t = type(v)
            if t is str:
                items.append(key + _json_text(v))
            elif t is bool:
                items.append(key + ("true" if v else "false"))
            elif t is int and -_FLOAT_LIMIT < v < _FLOAT_LIMIT:
                items.append(key + int.__repr__(v))
            elif t is float and (r := _plain(v)) == r:
                # rounded and clamped, a number is finite and has no exponent: the encoder writes its repr
                items.append(key + float.__repr__(r))
            else:
                items.append(key + json.dumps(_plain(v), ensure_ascii=False, separators=_SEPARATORS))
    items.append(_SID_ITEM)
    return "{" + ",".join(items) + "}"


_ABSENT = object()
_json_text = encode_basestring  # the encoder's own writer of text, as json.dumps(ensure_ascii=False) uses it
_SID_ITEM = f'"{_SID_FIELD}":{encode_basestring(_SID)}'


def _message(fact: dict, fields: frozenset[str] | None = None) -> dict:
    """The fact as durable-rules is sent it: the fields some rule tests, numbers through _plain."""
    out = {}
    for k, v in fact.items():
        if fields is None or k in fields:
            t = type(v)
            # text, flags and ordinary whole numbers pass as they are (most values): only the rest
            # go through _plain
            out[k] = v if t is str or t is bool or (t is int and -_FLOAT_LIMIT < v < _FLOAT_LIMIT) else _plain(v)
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


def _batch(ruleset: RuleSet, facts: list[dict], firable: bool = False) -> str:
    """The facts as one JSON batch; EngineError for a fact without a unique id or holding null. A fact
    of a type some rule demands is sent the fields those rules test (_typed_fields), written out as
    text directly; any other as `_message` gives it. `firable`: a fact of such a type is left out when
    it cannot fire any rule (may_fire), as `run` sends them."""
    fields = _tested(ruleset)
    typed = _typed(ruleset) if fields is not None else None  # every field sent: none cut by type either
    cut = _firable(ruleset) if firable and typed is not None else None
    seen: set[str] = set()
    parts = []
    for fact in facts:
        fid = fact.get("id")
        if not fid or fid in seen:
            raise EngineError(f"fact without a unique id: {fact!r}")
        seen.add(fid)
        if None in fact.values():  # values are text, numbers and flags: == None only for None
            raise EngineError(f"fact {fid} holds null; leave the field out instead")
        ftype = fact.get("type")
        keys = typed.get(ftype) if typed is not None and type(ftype) is str else None
        if keys is None:
            parts.append(json.dumps(_message(fact, fields), ensure_ascii=False, separators=_SEPARATORS))
            continue
        if cut is not None and not may_fire(fact, cut[ftype]):
            continue
        parts.append(_text(fact, keys))
    # no spaces: a tenth fewer bytes for the C engine to read twice (assert, retract)
    return "[" + ",".join(parts) + "]"


_SEPARATORS = (",", ":")


def _fired(message: str, names: dict[str, list[str]]) -> Firing:
    """One action the C engine started: {rule: {binding: fact, ...}} -> the rule and the facts' ids."""
    try:
        (rule, bound), = json.loads(message).items()
        return Firing(rule, tuple(bound[n]["id"] for n in names[rule] if n in bound))
    except Exception as err:  # noqa: BLE001 — any shape but the one expected is the engine's error
        raise EngineError(f"durable-rules started an action this module cannot read: {err!r}") from None


def run(ruleset: RuleSet, facts: list[dict]) -> list[Firing]:
    """Assert every fact, read the actions they trigger, retract them; the firings, sorted."""
    batch = _batch(ruleset, facts, firable=True)
    if batch == "[]":
        return []  # an empty batch names no state (the C engine leaves it unset)
    # once: asserted, then retracted. Every rule tests one fact (rules/loader.py allows no joins and no
    # $not), so which rules fire does not depend on whether the facts arrive one by one or together.
    with _lock:
        handle, names = _handle(ruleset)
        try:
            code, state = _c.assert_facts(handle, batch)  # inside: a batch refused part-way is retracted too
            if code == _OBSERVED:
                raise EngineError("a fact was asserted twice (its id repeats one still asserted)")
            if code not in (_OK, _NOT_HANDLED):
                raise EngineError(f"durable-rules refused the facts (code {code})")
            # every message carries the one sid, so `state` is that sid's state: each action the batch
            # triggered is started, read and completed here (the actions change no state, so none is
            # written back), until the engine starts no more. One that cannot be read is completed all
            # the same (abandon_action leaves the state such that the next bundle's run crashes the
            # process), and the error raised once the engine is done.
            fired: list[Firing] = []
            errors: list[EngineError] = []
            started = _c.start_action_for_state(handle, state)
            message = started[1] if started else None
            while message:
                try:
                    fired.append(_fired(message, names))
                except EngineError as err:
                    errors.append(err)
                message = _c.complete_and_start_action(handle, state)
            if errors:
                raise errors[0]
            return sorted(set(fired))
        finally:
            # Clean the sid by retracting what was asserted: delete_state crashes the process (free(): invalid
            # pointer) once a state holds a few hundred facts, measured with durable-rules 2.0.28.
            _c.retract_facts(handle, batch)


def reset_after_fork() -> None:
    """A forked worker starts with its own lock: one inherited from a parent that was running the engine
    in another thread (a test, a library caller) may be held forever."""
    global _lock
    # the C engine's rule sets are plain memory, copied by the fork; created again all the same, so
    # that a state a parent's thread left mid-run cannot carry over
    _handles.clear()
    _lock = threading.Lock()
