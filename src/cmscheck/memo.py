"""Work derived from loaded objects, kept per process and keyed on their identity.

The catalog, the rule set, the conditions and what is derived from them (a standard's plan, a rule's
condition) are immutable once loaded but not hashable (pydantic models, dicts), so what is worked out
from them is remembered by `id()`. Each entry keeps its arguments alive, so no id is reused by another
object while the entry stands. Strings (a standard's id) are keyed by value.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def by_identity(fn: Callable[..., T]) -> Callable[..., T]:
    """fn(*args), computed once per identity of its arguments; `cache_clear()` forgets every result."""
    cache: dict[tuple, tuple[tuple, Any]] = {}

    @functools.wraps(fn)
    def memoized(*args):
        key = tuple([a if a.__class__ is str else id(a) for a in args])  # a list is built faster than a generator runs
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = (args, fn(*args))
        return hit[1]

    memoized.cache_clear = cache.clear  # type: ignore[attr-defined]
    return memoized
