"""_dates visits only the fields whose annotation can hold a date (planned once per model class): the same
dates, at the same places, in the same order as the walk over every field, on every manifest of the
examples and tests that validates, and on models of every shape; a field that may hold a date (a date,
a model, a container of them, Any, a union with one of them) is always visited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, Field, ValidationError

from cmscheck.bundle.manifest_yaml import _read_manifest
from cmscheck.bundle.models import Manifest
from cmscheck.bundle.pydantic_problems import _date_fields, _dates, _may_hold_date, date_range_problems
from cmscheck.problems import InputError

from test_fast_load_dates import _recursive

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml"),
                    *ROOT.glob("tests/broken/*/bundle/**/cmscheck.yaml")})


def _every_field(value: Any, loc: tuple):
    """The stack walk over every field of every model, as it was before the plan."""
    stack = [(value, loc)]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, dt.date):
            yield loc, value
        elif isinstance(value, BaseModel):
            stack.extend((getattr(value, name), loc + (name,)) for name in reversed(type(value).model_fields))
        elif isinstance(value, (list, tuple)):
            stack.extend((value[i], loc + (i,)) for i in range(len(value) - 1, -1, -1))
        elif isinstance(value, dict):
            stack.extend((value[key], loc + (key,)) for key in reversed(sorted(value, key=str)))


def _valid(path: Path) -> Manifest | None:
    try:
        return Manifest.model_validate(_read_manifest(path, str(path)).data)
    except (InputError, ValidationError):
        return None


VALID = [p for p in MANIFESTS if _valid(p) is not None]  # the broken ones have no dates to walk


def test_some_manifests_are_valid():
    assert len(VALID) > 10


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_same_dates_on_every_valid_manifest(path):
    manifest = _valid(path)
    found = list(_dates(manifest, ()))
    assert found and found == list(_every_field(manifest, ())) == list(_recursive(manifest, ()))


class Leafy(BaseModel):
    name: str
    count: int = 0
    ratio: float = 0.5
    flag: bool = False
    kind: Literal["a", "b"] = "a"
    tags: list[str] = Field(default_factory=list)
    words: tuple[str, ...] = ()
    table: dict[str, int] = Field(default_factory=dict)
    maybe: Optional[str] = None
    note: Annotated[str, Field(max_length=9)] = ""


class Dated(BaseModel):
    when: dt.date
    at: dt.datetime | None = None
    maybe: Optional[dt.date] = None
    days: list[dt.date] = Field(default_factory=list)
    by_name: dict[str, dt.date] = Field(default_factory=dict)
    pair: tuple[str, dt.date] | None = None
    anything: Any = None
    kept: Annotated[dt.date | None, Field(description="x")] = None
    inner: Leafy | None = None
    either: int | Leafy = 0
    free: dict = Field(default_factory=dict)
    loose: list = Field(default_factory=list)


def test_plan_keeps_every_field_that_may_hold_a_date():
    assert _date_fields(Leafy) == ()
    assert set(_date_fields(Dated)) == set(Dated.model_fields)
    assert list(_date_fields(Dated)) == list(reversed(Dated.model_fields))  # last first, as the stack wants


@pytest.mark.parametrize("annotation,may", [(str, False), (int | None, False), (Literal["x", 1], False), (list[str], False),
                                            (dict[str, float], False), (tuple[int, ...], False), (Annotated[str, "x"], False),
                                            (dt.date, True), (dt.datetime, True), (Literal[dt.date(2024, 1, 1)], True),
                                            (list[dt.date], True), (dict[str, Any], True), (list, True), (Any, True),
                                            (object, True), (Leafy, True), (str | Leafy, True), (tuple[str, dt.date], True)])
def test_may_hold_date(annotation, may):
    assert _may_hold_date(annotation) is may


def test_same_dates_on_models_of_every_shape():
    d = dt.date
    value = Dated(when=d(1, 1, 1), at=dt.datetime(2024, 1, 3, 4), maybe=d(9999, 1, 1), days=[d(2020, 1, 1), d(2021, 2, 2)],
                  by_name={"b": d(2022, 1, 1), "a": d(2023, 1, 1)}, pair=("x", d(2019, 1, 1)),
                  anything={"z": [d(1800, 1, 1)], 3: d(2000, 1, 1)}, kept=d(2018, 1, 1), inner=Leafy(name="n", tags=["2024-01-01"]),
                  either=Leafy(name="m"), free={"k": d(1700, 1, 1)}, loose=[d(1600, 1, 1), "x"])
    found = list(_dates(value, ("root",)))
    assert found == list(_every_field(value, ("root",))) == list(_recursive(value, ("root",)))
    assert len(found) == 13


def test_out_of_range_dates_still_located():
    path = ROOT / "tests" / "broken" / "year_out_of_range" / "bundle" / "cmscheck.yaml"
    doc = _read_manifest(path, "m.yaml")
    try:
        manifest = Manifest.model_validate(doc.data)
    except ValidationError:
        pytest.skip("the broken bundle is invalid for pydantic already")
    problems = date_range_problems(manifest, doc)
    assert problems and all("outside 1900..9000" in p.message and p.line for p in problems)
