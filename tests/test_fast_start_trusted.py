"""trusted.py rebuilds cached models without validation (the catalog, datacache.py): it must give what
model_validate_json gives on what cmscheck writes, refuse data of any other shape, and decline model
types it cannot rebuild exactly (the cache then validates, as before)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cmscheck import datacache, trusted
from cmscheck.catalog import load_catalog
from cmscheck.catalog.loader import load_catalog_from
from cmscheck.catalog.models import Catalog
from cmscheck import paths


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Leaf(_Strict):
    name: str
    kind: Literal["a", "b"] = "a"
    count: int = 0
    share: float | None = None
    on: dt.date | None = None
    flag: bool = False


class Tree(_Strict):
    leaves: list[Leaf] = Field(default_factory=list)
    by_name: dict[str, Leaf] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()
    children: list["Tree"] = Field(default_factory=list)
    hidden: str = Field("x", exclude=True)


def _same(a: BaseModel, b: BaseModel) -> None:
    assert a == b
    assert repr(a) == repr(b)  # same types all the way down (a tuple stays a tuple, a date a date)
    assert a.model_dump() == b.model_dump()
    assert a.model_fields_set == b.model_fields_set


def test_the_real_catalog_rebuilds_as_validation_gives_it():
    built = load_catalog_from(paths.standards_dir())
    text = built.model_dump_json(by_alias=True)
    fast, checked = trusted.load(Catalog, text), Catalog.model_validate_json(text)
    _same(fast, checked)
    _same(fast, built)
    st_fast = next(fast.all_statements())
    st_checked = next(checked.all_statements())
    assert st_fast.model_fields_set == st_checked.model_fields_set
    assert fast.statement(st_checked.id) == st_checked  # cached_property on a rebuilt model


def test_every_converter_on_a_model_made_for_it():
    tree = Tree(leaves=[Leaf(name="n", kind="b", count=3, share=0.5, on=dt.date(2024, 2, 29), flag=True)],
                by_name={"k": Leaf(name="m", share=2)}, tags=("t", "u"),
                children=[Tree(tags=("v",)), Tree()])
    text = tree.model_dump_json(by_alias=True)
    _same(trusted.load(Tree, text), Tree.model_validate_json(text))
    assert trusted.load(Tree, text).hidden == "x"  # left out of the dump: its default, as validation gives


@pytest.mark.parametrize("bad", [
    {"leaves": [{"name": "n", "extra": 1}]},  # a field the model does not have
    {"leaves": [{"kind": "a"}]},  # a required field missing
    {"leaves": [{"name": ["n"]}]},  # a list for a str
    {"leaves": [{"name": "n", "kind": "c"}]},  # not one of the Literal's values
    {"leaves": [{"name": "n", "count": True}]},  # true for an int
    {"leaves": [{"name": "n", "count": "3"}]},  # text for an int
    {"leaves": [{"name": "n", "share": "0.5"}]},  # text for a float
    {"leaves": [{"name": "n", "on": 20240229}]},  # a number for a date
    {"leaves": [{"name": "n", "on": "29.2.2024"}]},  # not an ISO date
    {"leaves": {"name": "n"}},  # a mapping for a list
    {"by_name": [["k", {"name": "n"}]]},  # a list for a mapping
    {"tags": "t"},  # text for a tuple
    {"children": ["x"]},  # text for a model
])
def test_other_shapes_are_refused(bad):
    with pytest.raises(ValueError):  # Refused, or ValueError of a date that does not parse
        trusted.load(Tree, json.dumps(bad))


class WithValidator(_Strict):
    a: int

    @model_validator(mode="after")
    def _check(self):
        return self


class WithAny(_Strict):
    a: Any


class WithUnion(_Strict):
    a: int | str


class WithSet(_Strict):
    a: set[str]


class WithNames(_Strict):
    a: int = Field(validation_alias="b", serialization_alias="b")


@pytest.mark.parametrize("model, data", [(WithValidator, '{"a": 1}'), (WithAny, '{"a": [1, 2]}'),
                                         (WithUnion, '{"a": 1}'), (WithSet, '{"a": ["x"]}'), (WithNames, '{"b": 1}')])
def test_models_it_cannot_rebuild_exactly_are_declined_and_validated(model, data):
    with pytest.raises(trusted.Declined):
        trusted.load(model, data)
    assert datacache._load(model, data, trusted=True) == model.model_validate_json(data)


def test_a_cached_catalog_of_another_shape_is_rebuilt_from_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CMSCHECK_NO_CACHE", raising=False)
    root = paths.standards_dir()
    from cmscheck.catalog import loader
    first = loader._cached.__wrapped__(str(root))  # builds and writes the cache
    [file] = tmp_path.glob("catalog-*.json")
    again = loader._cached.__wrapped__(str(root))  # read back by trusted.py
    _same(again, first)
    data = json.loads(file.read_text(encoding="utf-8"))
    data["standards"][next(iter(data["standards"]))]["clauses"][0]["statements"] = "not a list"
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Exception):  # refused, and validation fails as well
        datacache._load(Catalog, file.read_bytes(), trusted=True)
    _same(loader._cached.__wrapped__(str(root)), first)  # so the files are parsed again
    _same(load_catalog(), first)
