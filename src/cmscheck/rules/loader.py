"""Load rules/*.yaml and check them against the catalog and the fact vocabulary.

A rule that cannot be right is a load error: unknown operator, unknown fact type or field,
unknown statement id / evidence kind / topic / standard, duplicate rule id, unknown fact function.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .. import paths
from ..catalog import Catalog, fastyaml, load_catalog
from ..facts.functions import REQUESTABLE
from ..facts.schema import FACT_FIELDS
from ..problems import InputError, Problem, display
from ..validation import validate
from .models import Rule, RuleSet

# durable-rules operators cmscheck allows. $not is left out on purpose: an absence rule fires before
# the fact it waits for arrives (FIELD-NOTES); facts state absence explicitly instead.
FIELD_OPS = {"$lt", "$lte", "$gt", "$gte", "$neq", "$ex", "$nex", "$mt", "$imt"}
LOGIC_OPS = {"$and", "$or"}
RULE_LEVEL = {"all", "any"}


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[Any]


def _check_expr(expr: Any, where: str, out: list[str]) -> str | None:
    """Check one binding's expression; return the fact type it tests (from a `type` equality)."""
    if not isinstance(expr, dict) or not expr:
        out.append(f"{where}: expected a mapping of field tests")
        return None
    ftype = None
    for key, value in expr.items():
        if key in LOGIC_OPS:
            if not isinstance(value, list) or not value:
                out.append(f"{where}.{key}: expected a non-empty list")
                continue
            for i, sub in enumerate(value):
                t = _check_expr(sub, f"{where}.{key}[{i}]", out)
                ftype = ftype or t
        elif key in FIELD_OPS:
            if not isinstance(value, dict) or len(value) != 1:
                out.append(f"{where}.{key}: expected one field, e.g. {{{key}: {{count: 1}}}}")
        elif key.startswith("$"):
            out.append(f"{where}: unknown operator {key!r} (allowed: {', '.join(sorted(FIELD_OPS | LOGIC_OPS))})")
        elif key == "type":
            if value not in FACT_FIELDS:
                out.append(f"{where}.type: unknown fact type {value!r} (known: {', '.join(sorted(FACT_FIELDS))})")
            else:
                ftype = value
    return ftype


def _fields(expr: Any) -> list[str]:
    found: list[str] = []
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key in LOGIC_OPS:
                for sub in value or []:
                    found += _fields(sub)
            elif key in FIELD_OPS and isinstance(value, dict):
                found += list(value)
            elif not key.startswith("$"):
                found.append(key)
    return found


def fact_types(when: dict[str, Any]) -> list[str]:
    """The fact types a rule's condition tests, one per binding."""
    out: list[str] = []
    for bindings in when.values():
        for binding in bindings:
            for expr in binding.values():
                ftype = _check_expr(expr, "", [])
                if ftype and ftype not in out:
                    out.append(ftype)
    return out


def check_condition(when: dict[str, Any]) -> list[str]:
    out: list[str] = []
    keys = set(when)
    if len(keys) != 1 or not keys <= RULE_LEVEL:
        return [f"when: expected exactly one of {sorted(RULE_LEVEL)}, got {sorted(keys)}"]
    (level,) = keys
    bindings = when[level]
    if not isinstance(bindings, list) or not bindings:
        return [f"when.{level}: expected a non-empty list of bindings like {{m: {{type: evidence}}}}"]
    for i, binding in enumerate(bindings):
        where = f"when.{level}[{i}]"
        if not isinstance(binding, dict) or len(binding) != 1:
            out.append(f"{where}: expected one binding name mapped to its expression")
            continue
        (name, expr), = binding.items()
        if name in ("id", "sid", "type") or not str(name).isidentifier():
            out.append(f"{where}: {name!r} cannot name a binding")
        ftype = _check_expr(expr, f"{where}.{name}", out)
        if ftype is None:
            out.append(f"{where}.{name}: the expression must test the fact type, e.g. type: evidence")
            continue
        allowed = set(FACT_FIELDS[ftype]) | {"type"}
        for f in _fields(expr):
            if f not in allowed:
                out.append(f"{where}.{name}: fact type {ftype!r} has no field {f!r} (fields: {', '.join(sorted(allowed - {'type'}))})")
    return out


def _check_rule(rule: Rule, catalog: Catalog) -> list[str]:
    out = check_condition(rule.when)
    d = rule.decides
    kinds = {k.id for k in catalog.vocabulary.evidence_kinds}
    topics = {t.id for t in catalog.vocabulary.topics}
    for sid in d.statements:
        if catalog.statement(sid) is None:
            out.append(f"decides.statements: unknown statement id {sid!r}")
    for k in d.evidence:
        if k not in kinds:
            out.append(f"decides.evidence: unknown evidence kind {k!r}")
    for t in d.topics:
        if t not in topics:
            out.append(f"decides.topics: unknown topic {t!r}")
    for s in d.standards:
        if s not in catalog.standards:
            out.append(f"decides.standards: unknown standard {s!r}")
    if not (d.statements or d.evidence or d.evidence_categories or d.topics):
        out.append("decides: name statements, evidence, evidence_categories or topics")
    for sid in d.unvouched:
        if sid not in d.statements:
            out.append(f"decides.unvouched: {sid!r} is not in decides.statements (name it there too: a firing decides it)")
    if d.unvouched and rule.basis != "checked":
        out.append("decides.unvouched: a documented rule's silence vouches for nothing already; leave it out")
    for req in rule.facts:
        if req.function not in REQUESTABLE:
            out.append(f"facts: unknown fact function {req.function!r} (known: {', '.join(sorted(REQUESTABLE))})")
    if rule.finding.situation is not None and rule.finding.grade != "severe":
        out.append("finding: a severe situation needs grade: severe")
    if rule.finding.possible_situation is not None and rule.finding.grade != "general":
        out.append("finding: possible_situation is for a general finding the auditor may confirm as severe")
    return out


def load_rules_from(root: Path, catalog: Catalog) -> RuleSet:
    problems: list[Problem] = []
    rules: list[Rule] = []
    files: dict[str, str] = {}
    lines: dict[str, int] = {}
    for path in sorted(root.glob("*.yaml")):
        shown = display(path)
        try:
            doc = fastyaml.load(path, shown)  # yamlio's values, lines and messages, read faster
            raw = validate(_File, doc)
        except InputError as e:
            problems.extend(e.problems)
            continue
        for i, item in enumerate(raw.rules):
            loc = ("rules", i)
            try:
                rule = validate(Rule, doc, loc, data=item)
            except InputError as e:
                problems.extend(e.problems)
                continue
            line = doc.line(loc)
            if rule.id in files:
                problems.append(Problem(shown, line, f"rules[{i}].id", f"duplicate rule id {rule.id!r} (also in {files[rule.id]})", "give each rule its own id"))
                continue
            for msg in _check_rule(rule, catalog):
                field, _, text = msg.partition(": ")
                problems.append(Problem(shown, doc.line(loc + tuple(field.split(".")[:1])), f"rules[{i}] ({rule.id}).{field}", text, "see rules/README.md for the fact types, operators and selectors"))
            files[rule.id] = shown
            lines[rule.id] = line or 0
            rules.append(rule)
    if problems:
        raise InputError(problems)
    return RuleSet(rules=rules, files=files, lines=lines)


@lru_cache(maxsize=4)
def _cached(root: str, catalog_root: str) -> RuleSet:
    # kept parsed between runs (datacache.py), keyed on the rules, the catalog they are checked against and
    # cmscheck's code (the fact functions and their fields the rules are checked against included)
    from .. import datacache as cache
    from ..catalog import loader as catalog_loader

    files = sorted(Path(root).glob("*.yaml"))
    return cache.cached("rules", RuleSet, [*files, *catalog_loader.catalog_files(Path(catalog_root))],
                        lambda: load_rules_from(Path(root), load_catalog(Path(catalog_root))),
                        extra=[display(p) for p in files])


def load_rules(root: Path | None = None, catalog_root: Path | None = None) -> RuleSet:
    return _cached(str((root or paths.rules_dir()).resolve()), str((catalog_root or paths.standards_dir()).resolve()))
