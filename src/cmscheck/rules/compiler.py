"""Compile rules into one durable-rules ruleset definition (plain JSON-able data)."""

from __future__ import annotations

import copy
import hashlib
import json

from .models import RuleSet


def compile_ruleset(ruleset: RuleSet) -> tuple[str, dict]:
    """Return (ruleset name, definition). The name is a digest of the definition, so a changed
    rule set registers as a new ruleset: durable-rules cannot redefine or delete one."""
    definition = {}
    for rule in ruleset.rules:
        level, bindings = next(iter(rule.when.items()))
        definition[rule.id] = {level: copy.deepcopy(bindings), "run": rule.id}
    digest = hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return f"cmscheck_{digest}", definition


def binding_names(ruleset: RuleSet) -> dict[str, list[str]]:
    out = {}
    for rule in ruleset.rules:
        (_, bindings), = rule.when.items()
        out[rule.id] = [next(iter(b)) for b in bindings]
    return out
