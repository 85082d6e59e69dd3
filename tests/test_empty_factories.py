"""Pydantic fields' empty containers come from cmscheck.empty, not from the built-in types: pydantic
inspects a factory's signature when each model class is built, and for `list`/`dict` that means
parsing a text signature, about half a millisecond per field at every start-up (empty.py)."""

from __future__ import annotations

import importlib
import pkgutil

from pydantic import BaseModel

import cmscheck
from cmscheck.empty import new_dict, new_list


def _models() -> list[type[BaseModel]]:
    for info in pkgutil.walk_packages(cmscheck.__path__, "cmscheck."):
        if info.name.endswith("__main__"):
            continue  # running it would start the command line
        importlib.import_module(info.name)
    seen, stack, out = set(), [BaseModel], []
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
                if sub.__module__.startswith("cmscheck."):
                    out.append(sub)
    return out


def test_no_model_field_uses_a_builtin_container_factory():
    models = _models()
    assert len(models) > 50  # the walk found cmscheck's models, so the check below means something
    offending = [f"{m.__module__}.{m.__qualname__}.{name}" for m in models for name, field in m.model_fields.items()
                 if field.default_factory in (list, dict, set)]
    assert offending == []


def test_the_factories_give_a_fresh_container_each_time():
    assert new_list() == [] and new_list() is not new_list()
    assert new_dict() == {} and new_dict() is not new_dict()
