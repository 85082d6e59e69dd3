"""Factories of empty containers for pydantic fields.

`Field(default_factory=list)` costs about half a millisecond per field when a model class is built:
pydantic asks whether the factory takes the validated data, and `inspect.signature` of a built-in type
parses its text signature. A plain Python function answers at once; cmscheck's ~100 such fields made
this some 30-40 ms of every start-up (measured with cProfile of the imports).
"""

from __future__ import annotations

from typing import Any


def new_list() -> list[Any]:
    return []


def new_dict() -> dict[Any, Any]:
    return {}
