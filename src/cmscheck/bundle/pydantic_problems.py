"""pydantic's validation errors of a manifest as located problems, with the bad value and close
field names added where they help."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from ..validation import problems_from
from ..yamlio import Located
from .models import Manifest

Loc = tuple[Any, ...]


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
