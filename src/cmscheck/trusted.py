"""Models rebuilt from a cache file cmscheck wrote itself, without pydantic's validation (datacache.py).

A cache file holds the JSON dump of models that were validated when it was written (from the files
under the name's digest), so validating it again only repeats checks that passed; for the catalog that
repetition, and the building of the validators it needs, cost more than the rest of reading it. Here the
JSON is parsed by the json module and each model is made directly (as model_construct does, with every
field that was dumped marked as set, as model_validate_json marks it).

Not a validator, yet it refuses anything that is not what cmscheck writes for the model: every value
must have the shape its field's type says (a mapping with exactly the model's fields, a list, a string
for a str, one of a Literal's values, ...); anything else raises Refused and the caller falls back to
validating (which then rebuilds the cache). A model type this builder does not rebuild exactly (model
validators, private attributes, extra or computed fields, names read and written apart, Any, sets,
unions of several types) raises Declined before any data is read. JSON runs nothing, so neither can
a cache file.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from typing import Any, Callable

from pydantic import BaseModel

Convert = Callable[[Any], Any]


class Declined(Exception):
    """The model has a field type this builder does not rebuild exactly: validate instead."""


class Refused(ValueError):
    """The data is not what cmscheck writes for this model."""


def load(model: type[BaseModel], data: bytes | str) -> BaseModel:
    """The model from its cached JSON dump (by alias). Declined or Refused as explained above."""
    convert = _converter(model, set())
    return convert(json.loads(data))


_PLANS: dict[type, tuple[tuple[str, str, bool, Any, type | None, Convert], ...]] = {}  # model -> its fields' plans


def _model_plan(model: type[BaseModel], seen: set[type]) -> None:
    if model in _PLANS or model in seen:
        return
    seen.add(model)
    decorators = model.__pydantic_decorators__
    if decorators.model_validators or model.__private_attributes__ or model.model_config.get("extra") != "forbid" \
            or model.model_computed_fields:
        raise Declined(f"{model.__name__}: model validators, private attributes, extra or computed fields")
    plan = []
    for name, field in model.model_fields.items():
        if field.validation_alias is not None and field.validation_alias != field.alias \
                or field.serialization_alias is not None and field.serialization_alias != field.alias:
            raise Declined(f"{model.__name__}.{name}: read and written under different names")
        default = None if field.is_required() else field
        exact = field.annotation if field.annotation in (str, int, bool) else None  # checked inline by _build
        plan.append((name, field.alias or name, field.is_required(), default, exact, _converter(field.annotation, seen)))
    _PLANS[model] = tuple(plan)


_MISSING = object()


def _build(model: type[BaseModel], value: Any) -> BaseModel:
    if type(value) is not dict:
        raise Refused(f"{model.__name__}: not a mapping")
    values = {}
    fields_set = set()
    for name, key, required, default, exact, convert in _PLANS[model]:
        v = value.get(key, _MISSING)
        if v is not _MISSING:
            if exact is not None:  # text, a number, true or false: json.loads gives these exact types
                if type(v) is not exact:
                    raise Refused(f"{model.__name__}.{key}: not {exact.__name__}: {type(v).__name__}")
                values[name] = v
            else:
                values[name] = convert(v)
            fields_set.add(name)
        elif required:
            raise Refused(f"{model.__name__}: {key} missing")
        else:  # a field the dump left out (exclude=True): its default, as validation gives it
            values[name] = default.get_default(call_default_factory=True)
    if len(value) != len(fields_set):
        raise Refused(f"{model.__name__}: unknown fields")
    return bare(model, values, fields_set)


# The four slots of every pydantic model, set through their descriptors: object.__setattr__ looks each
# name up on the class first (some 40% of what bare cost).
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def bare(cls, data: dict, fields_set: set):
    """The model holding `data` (every field, in field order), `fields_set` those given: nothing checked.
    What model_construct makes; also how assessment.construct builds results from validated values."""
    m = cls.__new__(cls)
    _SET_DICT(m, data)
    _SET_FIELDS_SET(m, fields_set)
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


def _is(kind: type | tuple[type, ...], what: str) -> Convert:
    def check(v):
        if not isinstance(v, kind) or (kind is int and type(v) is bool):
            raise Refused(f"not {what}: {type(v).__name__}")
        return v
    return check


def _converter(tp: Any, seen: set[type]) -> Convert:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _converter(args[0], seen)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        _model_plan(tp, seen)
        return lambda v: _build(tp, v)
    if tp is str:
        return _is(str, "text")
    if tp is bool:
        return _is(bool, "true or false")
    if tp is int:
        return _is(int, "a whole number")
    if tp is float:
        def number(v):
            if type(v) not in (int, float):
                raise Refused(f"not a number: {type(v).__name__}")
            return float(v)
        return number
    if tp is dt.date:
        return lambda v: dt.date.fromisoformat(_is(str, "a date")(v))
    if origin is typing.Literal:
        allowed = frozenset(args)
        if not all(type(a) is str for a in args):
            raise Declined(f"{tp}: a Literal of other than strings")

        def literal(v):
            if type(v) is not str or v not in allowed:
                raise Refused(f"{v!r} is not one of {sorted(allowed)}")
            return v
        return literal
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise Declined(f"{tp}: a union of several types")
        inner = _converter(rest[0], seen)
        return lambda v: None if v is None else inner(v)
    if origin is list and len(args) == 1:
        if args[0] is str:  # lists of ids and keywords, the most common list: checked, the parsed list kept
            def texts(v):
                if type(v) is not list or not all(type(x) is str for x in v):
                    raise Refused("not a list of text")
                return v
            return texts
        item = _converter(args[0], seen)
        return lambda v: [item(x) for x in _is(list, "a list")(v)]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0], seen)
        return lambda v: tuple(item(x) for x in _is(list, "a list")(v))
    if origin is dict and len(args) == 2 and args[0] is str:
        item = _converter(args[1], seen)
        return lambda v: {_is(str, "a key")(k): item(x) for k, x in _is(dict, "a mapping")(v).items()}
    raise Declined(f"{tp!r}: not rebuilt here")
