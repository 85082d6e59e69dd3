"""date_range_problems walks the validated manifest with a stack: the same dates, at the same places, in
the same order as the recursive walk it replaced, on every example and on a model of every shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from cmscheck import yamlio
from cmscheck.bundle.models import Manifest
from cmscheck.bundle.pydantic_problems import _dates

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted(ROOT.glob("examples/**/cmscheck.yaml"))


def _recursive(value: Any, loc: tuple):
    """The walk before the stack, kept verbatim as the reference."""
    if isinstance(value, dt.date):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _recursive(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _recursive(item, loc + (i,))
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _recursive(value[key], loc + (key,))


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_dates_as_the_recursive_walk_on_examples(path):
    manifest = Manifest.model_validate(yamlio.load(path).data)
    found = list(_dates(manifest, ()))
    assert found and found == list(_recursive(manifest, ()))


class Inner(BaseModel):
    when: dt.date
    note: str = ""
    at: dt.datetime | None = None


class Outer(BaseModel):
    first: dt.date
    items: list[Inner]
    pair: tuple[dt.date, int]
    by_key: dict[Any, Any]
    nothing: None = None
    flag: bool = True


def test_same_dates_on_every_shape():
    d = dt.date
    value = Outer(first=d(1, 1, 1), items=[Inner(when=d(2024, 1, 2), at=dt.datetime(2024, 1, 3, 4)), Inner(when=d(9999, 12, 31))],
                  pair=(d(2020, 5, 5), 3), by_key={"b": d(2021, 1, 1), 2: [d(2022, 2, 2), "x"], "a": {"z": d(2023, 3, 3)}, 10: None})
    found = list(_dates(value, ("root",)))
    assert found == list(_recursive(value, ("root",)))
    assert [loc for loc, _ in found][:2] == [("root", "first"), ("root", "items", 0, "when")]
