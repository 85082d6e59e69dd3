"""durable-rules' own Python path, for the tests' general form of engine.run: a Host (one per process:
Hosts start threads that never stop) whose actions record which rule fired on which facts. engine.run
drives durable-rules' C engine directly and keeps no Host (engine.py says why)."""

from __future__ import annotations

import copy

from durable import engine as dr

from cmscheck import engine
from cmscheck.engine import Firing
from cmscheck.rules.compiler import binding_names


class Host(dr.Host):
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


_host: Host | None = None
_registered: set[str] = set()


def registered(ruleset) -> tuple[Host, str]:
    """The process's Host with the rule set registered on it, and the rule set's name (engine's digest
    name, so it never clashes with another definition)."""
    global _host
    name, definition = engine._compile(ruleset)
    if _host is None:
        _host = Host()
    if name not in _registered:
        _host.bindings.update(binding_names(ruleset))
        _host.set_rulesets({name: copy.deepcopy(definition)})
        _registered.add(name)
    return _host, name
