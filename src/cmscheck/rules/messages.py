"""A finding's message: the rule's bilingual template filled from the fact it fired on."""

from __future__ import annotations

import string

import _string

from ..findings import Bilingual


class _Fields(string.Formatter):
    """Fill a rule's message from a fact: plain field names only, no attribute or index access."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return kwargs.get(field_name, "?"), field_name


def message(template: Bilingual, fact: dict) -> Bilingual:
    return Bilingual(zh=_fill(template.zh, fact), en=_fill(template.en, fact))


# template -> its pieces (text, field, conversion, format spec), or None when only the general formatter
# may fill it (a field not a plain name, or a format spec holding fields). Templates are the rules' own.
_PIECES: dict[str, tuple[tuple[str, str | None, str | None, str], ...] | None] = {}
_CONVERT = {None: lambda v: v, "s": str, "r": repr, "a": ascii}


def _pieces(template: str):
    if template not in _PIECES:
        try:
            pieces = tuple(_string.formatter_parser(template))
        except ValueError:
            pieces = None  # malformed: the general formatter raises its own error
        if pieces is not None and not all(f is None or (f.isidentifier() and c in _CONVERT and "{" not in spec)
                                          for _, f, spec, c in pieces):
            pieces = None
        _PIECES[template] = pieces
    return _PIECES[template]


def _fill(template: str, fact: dict) -> str:
    """string.Formatter's result, as _Fields gives it, without its per-call parsing (a bundle's findings
    fill some 70 messages)."""
    pieces = _pieces(template)
    if pieces is None:
        return _Fields().format(template, **fact)
    out = []
    for text, field, spec, conversion in pieces:
        out.append(text)
        if field is not None:
            out.append(format(_CONVERT[conversion](fact.get(field, "?")), spec))
    return "".join(out)
