"""cmscheck's own data files (standards/, rules/) read from libyaml's events instead of its nodes.

A run with an empty cache parses about 0.5 MB of project YAML; most of yamlio's time on it goes to
libyaml composing a node (with two marks) per value, which yamlio's fast path then walks once more.
Here values and lines are built in one pass over the parser's events: the same resolver (yamlio's
loader, its remembered tags), the same constructors for every scalar that is not plain text, the
same line numbers (an event starts where its node does), and the same keys in the same order.

It takes what yamlio's fast path takes, and less: maps, lists and the safe scalar tags, one document,
no anchors or aliases, no duplicate keys, no ideographic spaces in keys. Anything else, and any error
of the parser, declines, and yamlio.loads reads the text: its results and its located messages stay
the only ones (tests/test_fast_start2_yaml.py checks both on every data file and on declined inputs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)

from .. import yamlio
from ..yaml_hints import forbidden_characters

_Y = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _Y + "str", _Y + "map", _Y + "seq"
_IMPLICIT = (None, "!")  # no tag written, or the non-specific one: the resolver names it


_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}  # (text, implicit) -> resolved tag, for short plain scalars


class _Decline(Exception):
    """Not a document this reader takes: yamlio reads it."""


def load(path: Path, shown: str) -> yamlio.Located:
    """As yamlio.load(path, shown): the same checks of the file (size, encoding), value and lines."""
    text = yamlio.read_text(path, shown)
    return loads(text, shown)


def loads(text: str, shown: str) -> yamlio.Located:
    if not forbidden_characters(text):
        try:
            data, lines = _read(text)
            return yamlio.Located(data, lines, shown)
        except Exception:  # noqa: BLE001 - declined, or a parser error yamlio reports with its own words
            pass
    return yamlio.loads(text, shown)


def _read(text: str) -> tuple[Any, dict[tuple, int]]:
    loader = yamlio._Loader(text)  # yamlio's loader: its resolver, its constructors, its tag memo
    try:
        get = loader.get_event
        resolve, ctors, scalar_tags = loader.resolve, loader.yaml_constructors, yamlio._SCALAR_TAGS
        lines: dict[tuple, int] = {}

        def scalar(ev: ScalarEvent) -> Any:
            if ev.anchor is not None:
                raise _Decline
            tag = ev.tag
            if tag in _IMPLICIT:
                # the resolver's tag is a pure function of the text and its style (fixed implicit resolvers,
                # no path resolvers): remembered here without a call for the keys and ids that recur
                key = (ev.value, ev.implicit)
                tag = _TAGS.get(key)
                if tag is None:
                    tag = resolve(yaml.ScalarNode, ev.value, ev.implicit)
                    if len(ev.value) <= 40 and len(_TAGS) < 50_000:
                        _TAGS[key] = tag
            if tag == _STR:
                return ev.value  # what construct_yaml_str gives
            if tag not in scalar_tags:
                raise _Decline
            return ctors[tag](loader, yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style))

        def value(ev: Any, path: tuple) -> Any:
            lines.setdefault(path, ev.start_mark.line + 1)
            kind = type(ev)
            if kind is ScalarEvent:
                return scalar(ev)
            if ev.anchor is not None or len(path) > yamlio._FAST_DEPTH:
                raise _Decline
            if kind is MappingStartEvent and ev.tag in (*_IMPLICIT, _MAP):
                out: dict[Any, Any] = {}
                while True:
                    k = get()
                    if type(k) is MappingEndEvent:
                        return out
                    if type(k) is not ScalarEvent:
                        raise _Decline  # a collection as a key
                    raw = k.value
                    sub = path + (raw,)
                    if sub in lines or raw.strip(" \u3000") != raw.strip(" "):
                        raise _Decline  # a duplicate key or an ideographic space: yamlio names the problem
                    lines[sub] = k.start_mark.line + 1
                    key = scalar(k)  # a merge key (<<) or '=' has another tag: declined there
                    out[key] = value(get(), sub)
            if kind is SequenceStartEvent and ev.tag in (*_IMPLICIT, _SEQ):
                items: list[Any] = []
                while True:
                    e = get()
                    if type(e) is SequenceEndEvent:
                        return items
                    items.append(value(e, path + (len(items),)))
            raise _Decline

        if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
            raise _Decline
        data = value(get(), ())
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Decline  # a second document: yamlio reports it
        return data, lines
    finally:
        loader.dispose()
