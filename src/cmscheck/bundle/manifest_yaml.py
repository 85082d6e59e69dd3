"""Reading a manifest's YAML: loaded safely, YAML aliases may not blow up, and impossible dates or
unreadable scalars are located instead of failing the whole load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .. import yaml_events, yamlio
from ..problems import InputError, Problem
from ..yamlio import Located, dotted

MAX_MANIFEST_BYTES = yamlio.MAX_BYTES  # 5 MB
MAX_YAML_NODES = 1_000_000  # after expanding aliases: guards against "billion laughs" manifests
# Bounds on what one manifest may hold, so that every command (the site included) finishes in bounded
# time and memory; benchmarks/bench_limits.py measures a bundle at these limits (docs/bundle.md, Limits).
MAX_LIST_ITEMS = 2_000  # entries of one list: documents, calibrations, answers, sources, ...
MAX_TEXT_CHARS = 20_000  # characters of one text value (a title, a note, a justification)

Loc = tuple[Any, ...]


def _alias_blowup(text: str) -> str | None:
    """A reason to refuse YAML whose aliases expand without bound (recursive, or 'billion laughs')."""
    if "*" not in text:
        return None
    try:
        root = yaml.compose(text, Loader=yamlio.SafeBase)
    except (yaml.YAMLError, RecursionError):
        return None  # yamlio reports the syntax error
    if root is None:
        return None
    size: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_stack.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_YAML_NODES:
                return f"its YAML aliases (*name) expand to more than {MAX_YAML_NODES:,} values"
            continue
        if key in size:
            continue
        if key in on_stack:
            return "a YAML alias (*name) refers to a value that contains it"
        on_stack.add(key)
        stack.append((node, True))
        for c in children:
            if id(c) in on_stack:
                return "a YAML alias (*name) refers to a value that contains it"
            if id(c) not in size:
                stack.append((c, False))
    return None


def _read_manifest(mpath: Path, shown: str) -> Located:
    try:
        text = yamlio.read_text(mpath, shown, MAX_MANIFEST_BYTES)
    except OSError as e:
        raise InputError([Problem(shown, None, "", f"cannot read the manifest: {e.strerror or e}", "check the file's permissions")]) from None
    reason = _alias_blowup(text)
    if reason:
        raise InputError([Problem(shown, None, "", f"manifest refused: {reason}", "write the values out instead of using YAML anchors and aliases")])
    try:
        doc = yaml_events.loads(text, shown)  # yamlio's values, lines and messages, read from libyaml's events
    except RecursionError:
        raise InputError([Problem(shown, None, "", "manifest is nested too deeply", "write a flatter manifest")]) from None
    except (ValueError, TypeError, OverflowError):
        # PyYAML's SafeLoader raises these for an impossible date such as 2024-02-30 (and for bad
        # !!int or !!float values). Load again with dates kept as text: pydantic then reports each
        # bad date with its field, together with every other problem of the manifest.
        doc = _loads_text_dates(text, shown)
    if len(text) <= MAX_TEXT_CHARS and len(doc.lines) <= MAX_LIST_ITEMS:
        # nothing to walk: the readers note the line of every list item, so no list holds more items than
        # there are noted places, and no value read from a text is longer than the text
        return doc
    problems = limit_problems(doc, len(text))
    if problems:
        raise InputError(problems)
    return doc


def _within_limits(data: Any, texts: bool = True) -> bool:
    """No list over MAX_LIST_ITEMS and no text over MAX_TEXT_CHARS: the walk of limit_problems without
    the places it would name (a manifest within the limits, the usual case, needs none). `texts` False:
    the caller knows no text can be over the limit, and only the lists are looked at."""
    stack: list[Any] = [[data]]  # lists and maps still to look into (the value itself in a list of one)
    while stack:
        container = stack.pop()
        if type(container) is dict:
            values: Any = container.values()
        else:
            if len(container) > MAX_LIST_ITEMS:
                return False
            values = container
        for value in values:
            kind = type(value)
            if kind is str:
                if texts and len(value) > MAX_TEXT_CHARS:
                    return False
            elif kind is dict or kind is list:
                stack.append(value)
            elif isinstance(value, (str, list, dict)):
                return False  # a subclass: limit_problems judges it
    return True


def limit_problems(doc: Located, text_chars: int | None = None) -> list[Problem]:
    """Lists with more than MAX_LIST_ITEMS entries and texts longer than MAX_TEXT_CHARS, where they stand.
    `text_chars`: the length of the YAML text the values were read from, when known (no value read from
    YAML is longer than its text: escapes and folding only shorten, so a short text has no long value)."""
    if _within_limits(doc.data) if text_chars is None or text_chars > MAX_TEXT_CHARS else _within_limits(doc.data, False):
        return []
    out: list[Problem] = []
    stack: list[tuple[Any, Loc]] = [(doc.data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            out.append(Problem(doc.file, doc.line(loc), dotted(loc), f"text of {len(value):,} characters, over the limit of {MAX_TEXT_CHARS:,}",
                               "keep long text in a document of the bundle (e.g. docs/notes.md) and name it here"))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                out.append(Problem(doc.file, doc.line(loc), dotted(loc), f"{len(value):,} entries, over the limit of {MAX_LIST_ITEMS:,} in one list",
                                   "split the organization into member bundles (a park), or assess a shorter period"))
            else:
                stack.extend((item, loc + (i,)) for i, item in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((v, loc + (k,)) for k, v in value.items())
    return out


class _TextDatesLoader(yamlio.SafeBase):
    """SafeLoader that keeps dates as text (pydantic parses them)."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_TextDatesLoader.add_constructor("tag:yaml.org,2002:set", yamlio.construct_set_as_list)


def _loads_text_dates(text: str, shown: str) -> Located:
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except (ValueError, TypeError, OverflowError, yaml.YAMLError, RecursionError) as e:
        raise InputError(_unreadable_scalars(text, shown) or [
            Problem(shown, None, "", f"a value cannot be read: {e}", "check the dates (YYYY-MM-DD) and numbers")]) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    if node is not None:
        yamlio._walk(node, (), lines, problems, shown)  # lines and duplicate keys, as yamlio.loads does
    if problems:
        raise InputError(problems)
    return Located(data, lines, shown)


def _unreadable_scalars(text: str, shown: str) -> list[Problem]:
    """Locate the scalars PyYAML cannot construct (impossible dates, bad !!int/!!float values)."""
    try:
        root = yaml.compose(text, Loader=yamlio.SafeBase)
    except (yaml.YAMLError, RecursionError):
        return []
    constructor = yaml.SafeLoader("")
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError) as e:
                is_date = node.tag.endswith(":timestamp")
                problems.append(Problem(
                    shown, node.start_mark.line + 1, dotted(loc),
                    f"{node.value!r} is not a real date" if is_date else f"{node.value!r} cannot be read: {e}",
                    "write an existing date as YYYY-MM-DD" if is_date else "write a plain value here"))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                stack.append((knode, loc))
                stack.append((vnode, loc + (knode.value if isinstance(knode, yaml.ScalarNode) else "?",)))
    constructor.dispose()
    return problems
