"""Turn pydantic validation errors into Problems that name file, line and field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import InputError, Problem
from .yamlio import Located, dotted

M = TypeVar("M", bound=BaseModel)

_FIX = {
    "missing": "add this field",
    "extra_forbidden": "remove this field, or check its spelling",
    "literal_error": "use one of the allowed values",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_type": "write text here",
    "list_type": "write a list here (lines starting with '- ')",
    "dict_type": "write a mapping here (key: value lines)",
    "model_type": "write a mapping here (key: value lines)",
    "float_parsing": "write a number here",
    "int_parsing": "write a whole number here",
    "bool_parsing": "write true or false",
    "string_pattern_mismatch": "match the pattern shown",
}


def problems_from(err: ValidationError, doc: Located, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):
        loc = prefix + tuple(e["loc"])
        msg = e["msg"]
        if e["type"] == "literal_error" and "expected" in (e.get("ctx") or {}):
            msg = f"{msg} (got {e.get('input')!r})"
        out.append(Problem(doc.file, doc.line(loc), dotted(loc) or "(top)", msg, _FIX.get(e["type"], "")))
    return out


def validate(model: type[M], doc: Located, prefix: tuple[Any, ...] = (), data: Any = None) -> M:
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as err:
        raise InputError(problems_from(err, doc, prefix)) from None
