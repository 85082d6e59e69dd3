"""YAML read from libyaml's events instead of its nodes: yamlio's values and lines, built in one pass.

Most of yamlio's time goes to libyaml composing a node (with two marks) per value, which yamlio's fast
path then walks once more. Here values and lines are built as the parser's events come: the same
resolver (yamlio's loader), the same constructors for every scalar that is not plain text, the same
line numbers (an event starts where its node does), and the same keys in the same order. Bundle
manifests and cmscheck's own data files (standards/, rules/) are read this way.

It takes what yamlio's fast path takes, and less: maps, lists and the safe scalar tags, one document,
no anchors or aliases, no duplicate keys, no ideographic spaces in keys. Anything else, and any error
of the parser, declines, and yamlio.loads reads the text: its results and its located messages stay
the only ones (tests/test_fast_start2_yaml.py and tests/test_fast_load4_yaml.py check both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)

from . import yamlio

_Y = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _Y + "str", _Y + "map", _Y + "seq"
_IMPLICIT = (None, "!")  # no tag written, or the non-specific one: the resolver names it

# A plain scalar's value by its text, for short texts: the resolver's tag is a pure function of the text
# (fixed implicit resolvers, no path resolvers) and so is what the safe constructors make of it (text,
# null, a bool, an int or a float: nothing mutable). _TEXT marks a text kept as it is written (str, and
# dates, which yamlio keeps as text); anything else is held as a 1-tuple, so that null can be held.
_TEXT = object()
_PLAIN: dict[str, Any] = {}
_MEMO_CHARS, _MEMO_SIZE = 40, 50_000  # bounded: a long-running process meets many values


def _text_tags() -> frozenset[str]:
    loader = yamlio._Loader("")
    try:
        if loader.yaml_path_resolvers:
            return frozenset()  # a tag could then depend on the place: every scalar goes the long way
        return yamlio._text_tags(loader)
    finally:
        loader.dispose()


_TEXT_TAGS = _text_tags()
# what a quoted or block scalar without a tag resolves to: the default scalar tag whatever its text
# (implicit resolvers apply to plain scalars only, and yamlio's loaders have no path resolvers)
_QUOTED_IS_TEXT = _STR in _TEXT_TAGS


class _Decline(Exception):
    """Not a document this reader takes: yamlio reads it."""


def load(path: Path, shown: str, max_bytes: int = yamlio.MAX_BYTES) -> yamlio.Located:
    """As yamlio.load(path, shown): the same checks of the file (size, encoding), value and lines."""
    return loads(yamlio.read_text(path, shown, max_bytes), shown)


def loads(text: str, shown: str) -> yamlio.Located:
    """As yamlio.loads(text, shown): the same value and lines, or the same problems (yamlio's own).

    yamlio first looks for characters YAML refuses (yaml_hints.forbidden_characters), to name them;
    here that look is left to yamlio for texts the parser refused: libyaml's reader (and PyYAML's) refuses
    every such character wherever it stands, so a text read through to the end of its stream has none."""
    try:
        data, lines = read(text)
        return yamlio.Located(data, lines, shown)
    except Exception:  # noqa: BLE001 - declined, or a parser error yamlio reports with its own words
        return yamlio.loads(text, shown)


def read(text: str) -> tuple[Any, dict[tuple, int]]:
    """(data, lines) of a document this reader takes; raises for any other (the caller declines)."""
    loader = yamlio._Loader(text)  # yamlio's loader: its resolver, its constructors, its tag memo
    try:
        return _Reader(loader).document()
    finally:
        loader.dispose()


class _Reader:
    """One pass over the events of one document."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.get = loader.get_event
        self.lines: dict[tuple, int] = {}

    def document(self) -> tuple[Any, dict[tuple, int]]:
        get = self.get
        if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
            raise _Decline
        first = get()
        self.lines[()] = first.start_mark.line + 1
        data = self.scalar(first) if type(first) is ScalarEvent else self.collection(first, ())
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Decline  # a second document: yamlio reports it
        return data, self.lines

    def scalar(self, ev: ScalarEvent) -> Any:
        """The value of a scalar event (the common cases are inlined in collection())."""
        if ev.anchor is not None:
            raise _Decline
        tag = ev.tag
        raw = ev.value
        if tag in _IMPLICIT:
            tag = self.loader.resolve(yaml.ScalarNode, raw, ev.implicit)
        if tag in _TEXT_TAGS:
            value = raw
        elif tag in yamlio._SCALAR_TAGS:
            node = yaml.ScalarNode(tag, raw, ev.start_mark, ev.end_mark, ev.style)
            value = self.loader.yaml_constructors[tag](self.loader, node)
        else:
            raise _Decline
        if ev.tag is None and ev.implicit[0] and len(raw) <= _MEMO_CHARS and len(_PLAIN) < _MEMO_SIZE:
            _PLAIN[raw] = _TEXT if value is raw else (value,)
        return value

    def value(self, e: Any) -> Any:
        """The value of a scalar event: text and remembered plain values without a call."""
        if e.tag is None and e.anchor is None:
            raw = e.value
            if not e.implicit[0] and _QUOTED_IS_TEXT:
                return raw  # quoted or block text
            held = _PLAIN.get(raw)
            if held is _TEXT:
                return raw
            if held is not None:
                return held[0]
        return self.scalar(e)

    def collection(self, ev: Any, path: tuple) -> Any:
        """A map or a list (its line is already noted), read up to its end event."""
        if ev.anchor is not None or len(path) > yamlio._FAST_DEPTH:
            raise _Decline
        kind = type(ev)
        if kind is MappingStartEvent and ev.tag in (None, "!", _MAP):
            return self.mapping(path)
        if kind is SequenceStartEvent and ev.tag in (None, "!", _SEQ):
            return self.sequence(path)
        raise _Decline

    def mapping(self, path: tuple) -> dict:
        get, lines, value, plain = self.get, self.lines, self.value, _PLAIN
        out: dict[Any, Any] = {}
        while True:
            k = get()
            if type(k) is not ScalarEvent:
                if type(k) is MappingEndEvent:
                    return out
                raise _Decline  # a collection as a key
            raw = k.value
            sub = path + (raw,)
            if sub in lines or ("\u3000" in raw and raw.strip(" \u3000") != raw.strip(" ")):
                raise _Decline  # a duplicate key or an ideographic space: yamlio names the problem
            lines[sub] = k.start_mark.line + 1
            # a key is most often text remembered as such (a merge key (<<) or '=' has another tag: declined)
            key = raw if k.tag is None and k.anchor is None and plain.get(raw) is _TEXT else value(k)
            e = get()
            out[key] = value(e) if type(e) is ScalarEvent else self.collection(e, sub)

    def sequence(self, path: tuple) -> list:
        get, lines, value = self.get, self.lines, self.value
        out: list[Any] = []
        while True:
            e = get()
            if type(e) is SequenceEndEvent:
                return out
            sub = path + (len(out),)
            lines[sub] = e.start_mark.line + 1
            out.append(value(e) if type(e) is ScalarEvent else self.collection(e, sub))
