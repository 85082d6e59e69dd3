"""pydantic's validation errors of a manifest as located problems, with the bad value and close
field names added where they help."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from ..validation import problems_from
from ..yamlio import Located
from .models import Manifest

Loc = tuple[Any, ...]

# Dates people write instead of ISO: 2024/12/10, 2024.12.10, 2024年12月10日.
_OTHER_DATE = re.compile(r"^\s*(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?\s*$")
# A number followed by a unit: 12000 tCO2e, 3.5 万吨, 85%.
_NUMBER_WITH_UNIT = re.compile(r"^\s*[-+]?\d[\d,_]*(\.\d+)?\s*([^\d\s.,].*)$")
# The years a manifest's dates may have: deadlines are computed by adding months and years to them,
# and the calendar of the standards is modern; far-off years are typing mistakes.
MIN_YEAR, MAX_YEAR = 1900, 9000


def _date_fix(value: Any) -> str | None:
    m = _OTHER_DATE.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"write the date in ISO form, year-month-day with '-': {y:04d}-{mo:02d}-{d:02d}"


def _unit_fix(value: Any) -> str | None:
    m = _NUMBER_WITH_UNIT.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    number = value.strip()[: len(value.strip()) - len(m.group(2))].strip().replace(",", "").replace("_", "")
    return f"write the number alone ({number}) and the unit ({m.group(2).strip()}) in the unit field"


_LEAVES = (str, int, float, bool, type(None))  # no date inside


def _dates(value: Any, loc: Loc):
    """Every date in a validated model, with its location, in field order (a stack, not a generator per
    value: a manifest holds thousands of values)."""
    stack: list[tuple[Any, Loc]] = [(value, loc)]
    while stack:
        value, loc = stack.pop()
        if type(value) in _LEAVES:
            continue
        if isinstance(value, dt.date):
            yield loc, value
        elif isinstance(value, BaseModel):
            stack.extend((getattr(value, name), loc + (name,)) for name in _date_fields(type(value)))
        elif isinstance(value, (list, tuple)):
            stack.extend((value[i], loc + (i,)) for i in range(len(value) - 1, -1, -1))
        elif isinstance(value, dict):
            stack.extend((value[key], loc + (key,)) for key in reversed(sorted(value, key=str)))


_NO_DATE = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _date_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that may hold a date, last first (as _dates stacks them): a text, number,
    flag or Literal field cannot (pydantic gave it that type), so it is not visited. From the class's
    annotations alone, so kept per class."""
    return tuple(name for name in reversed(model.model_fields) if _may_hold_date(model.model_fields[name].annotation))


def _may_hold_date(annotation: Any) -> bool:
    if annotation in _NO_DATE:
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return any(isinstance(a, dt.date) for a in typing.get_args(annotation))
    if origin is typing.Union or origin is types.UnionType:
        return any(_may_hold_date(a) for a in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _may_hold_date(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset, dict) and typing.get_args(annotation):
        return any(_may_hold_date(a) for a in typing.get_args(annotation) if a is not Ellipsis)
    return True  # a date, a model, a list, a dict, anything else: looked into


def _years_within(value: Any) -> bool:
    """Whether every date _dates would find has its year in MIN_YEAR..MAX_YEAR: the same walk without the
    place of every value (a manifest's dates are all in range, the usual case, and then no place is needed)."""
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is list:  # the most common container first, by its exact type
            values: Any = node
        elif _is_model(kind):
            get = _date_getter(kind)
            if get is None:
                continue
            values = get(node)
        elif isinstance(node, (list, tuple)):
            values = node
        elif isinstance(node, dict):
            values = node.values()
        else:
            if isinstance(node, dt.date) and not MIN_YEAR <= node.year <= MAX_YEAR:
                return False
            continue
        for v in values:
            kind = type(v)
            if kind is dt.date:
                if not MIN_YEAR <= v.year <= MAX_YEAR:
                    return False
            elif kind not in _LEAVES:
                stack.append(v)
    return True


@functools.cache
def _is_model(kind: type) -> bool:
    """isinstance(x, BaseModel) for an x of this type, asked once per type: pydantic's metaclass answers
    isinstance in Python (a hasattr, then the ABC check) on every call, issubclass from ABC's C cache."""
    return issubclass(kind, BaseModel)


@functools.cache
def _date_getter(model: type[BaseModel]) -> Any:
    """A model's values _date_fields names, as a tuple in one call (operator.attrgetter, where a list of
    getattr calls was built per model); None when it names none."""
    names = _date_fields(model)
    if not names:
        return None
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda node: (one(node),)
    return operator.attrgetter(*names)


def date_range_problems(manifest: Manifest, doc: Located) -> list[Problem]:
    """Dates outside MIN_YEAR..MAX_YEAR: refused where they stand (as_of 9999-12-01 would overflow a deadline)."""
    from ..yamlio import dotted
    if _years_within(manifest):
        return []
    return [Problem(doc.file, doc.line(loc), dotted(loc), f"the year of {day.isoformat()} is outside {MIN_YEAR}..{MAX_YEAR}",
                    "check the date: write the year in full, e.g. 2024")
            for loc, day in _dates(manifest, ()) if not MIN_YEAR <= day.year <= MAX_YEAR]


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def _model_at(loc: Loc) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Manifest
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _unwrap_model(model.model_fields[part].annotation)
    return model


def _shown_value(value: Any, quote: bool = True) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dt.date, int, float)):
        text = str(value)
    else:
        return repr(value) if quote else str(value)
    return repr(text) if quote else text


def _validation_problems(err: ValidationError, doc: Located) -> list[Problem]:
    """pydantic's errors as Problems, with the bad value and close field names added where they help."""
    out = []
    for e, p in zip(err.errors(include_url=False), problems_from(err, doc)):
        loc = tuple(e["loc"])
        message, fix = p.message, p.fix
        kind = e["type"]
        if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
            parent = _model_at(loc[:-1])
            if parent is not None:
                close = difflib.get_close_matches(loc[-1], list(parent.model_fields), n=3, cutoff=0.6)
                message = f"unknown field {loc[-1]!r}" + (f"; did you mean {', '.join(map(repr, close))}?" if close else "")
                fix = "remove this field, or write one of: " + ", ".join(parent.model_fields)
        elif kind.startswith(("date_", "float_", "int_", "bool_")) or kind in ("string_type", "greater_than_equal", "less_than_equal"):
            value = e.get("input")
            if not isinstance(value, (dict, list)):
                message = f"{message} (got {_shown_value(value)})"
            if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
                fix = f"put the value in quotes to make it text, e.g. \"{_shown_value(value, quote=False)}\""
            elif kind.startswith("date_"):
                fix = _date_fix(value) or fix
            elif kind.startswith(("float_", "int_")):
                fix = _unit_fix(value) or fix
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
            if "period" in loc:
                fix = "make period.end the same day as period.start or later"
        elif kind in ("model_type", "dict_type"):
            message = ("the manifest must be a mapping of sections (organization:, documents:, records:, ...)" if not loc
                       else "expected a mapping here (key: value lines)") + f", not {type(e.get('input')).__name__}"
        elif kind == "missing":
            message = f"required field {loc[-1]!r} is missing" if loc and isinstance(loc[-1], str) else message
        out.append(Problem(p.file, p.line, p.field, message, fix))
    return out
