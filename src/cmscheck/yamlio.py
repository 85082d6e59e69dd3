"""Safe YAML loading that remembers where each value stands, so errors can name a line.

Only PyYAML's SafeLoader is used: nothing in a file can construct objects or run code.
Duplicate keys (which PyYAML silently merges) are reported as problems. Characters YAML refuses
(control characters) and the usual causes of a syntax error (full-width punctuation, ideographic
spaces, tabs) are named with their line and column (yaml_hints.py). A YAML set (`!!set`) loads as a
list in the order written, never in hash order, so the output does not depend on PYTHONHASHSEED.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG
from typing import Any, Iterable

import yaml

from .evidence.limits import missing, read_within
from .problems import InputError, Problem
from .yaml_hints import forbidden_characters, syntax_hints

Path_ = tuple[Any, ...]
MAX_BYTES = 5 * 1024 * 1024  # a manifest or catalog file larger than this is not a hand-kept file


class Located:
    """A loaded YAML document with the line of every key and item."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str):
        self.data = data
        self.lines = lines
        self.file = file

    def line(self, loc: Iterable[Any]) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes look like text saved in that encoding (a byte order mark,
    or NUL bytes at every other position, as Windows' "Unicode" text has)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16"
    return None


def read_text(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> str:
    st = _stat(path)
    if st is None or not S_ISREG(st.st_mode):
        raise InputError([Problem(shown, None, "", "file not found", "check the path and that the file exists")])
    size = st.st_size
    if size > max_bytes:
        raise InputError(
            [Problem(shown, None, "", f"file is {size:,} bytes, over the limit of {max_bytes:,}", "split or shrink the file")]
        )
    raw = read_within(path, None)[1]  # one unbuffered open, read to its end (a file may grow)
    wide = wide_encoding(raw)
    if wide is not None:
        raise InputError([Problem(shown, None, "", f"file is {wide} text, not UTF-8",
                                  "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8; in an editor: encoding UTF-8)")])
    if b"\x00" in raw:
        raise InputError([Problem(shown, None, "", "file is binary (contains NUL bytes), not YAML text", "save it as UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError([Problem(shown, line, "", "file is not valid UTF-8 text", "save the file as UTF-8")]) from None


def _stat(path: Path) -> os.stat_result | None:
    """os.stat(path), None where Path.is_file() would answer False for an error (one stat where is_file and
    then stat made two)."""
    try:
        return os.stat(path)
    except OSError as e:
        if missing(e):
            return None
        raise
    except ValueError:  # an embedded NUL: is_file() answers False
        return None


def load(path: Path, shown: str | None = None, max_bytes: int = MAX_BYTES) -> Located:
    shown = shown or str(path)
    text = read_text(path, shown, max_bytes)
    return loads(text, shown)


# libyaml's parser when PyYAML has it (5-7x faster on the steel manifest, benchmarks/bench_startup.py;
# the same safe constructors, and nodes with the same marks, so lines and messages do not change):
# the pure-Python one only where PyYAML was built without libyaml.
SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def construct_set_as_list(loader, node: yaml.MappingNode) -> list:
    """A YAML set as the list of its members in the order written (a Python set would follow the hash seed)."""
    return [loader.construct_object(k, deep=True) for k, _ in node.value]


def _our_rules(cls: type) -> type:
    """Dates stay text (pydantic parses them, so an impossible date such as 2024-02-30 becomes a located
    problem instead of a crash inside PyYAML); sets load as lists in the order written."""
    cls.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    cls.add_constructor("tag:yaml.org,2002:set", construct_set_as_list)
    cls.resolve = _memo_resolve(cls.resolve)
    return cls


def _memo_resolve(resolve):
    """The tag of a plain scalar, remembered for short values: a pure function of the value and its
    style for these loaders (their implicit resolvers are fixed, they have no path resolvers), and the
    same keys, ids and dates recur in every manifest."""
    memo: dict[tuple, str] = {}

    def memo_resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode or len(value) > 40 or self.yaml_path_resolvers:
            return resolve(self, kind, value, implicit)
        key = (type(self), value, implicit)  # a subclass could add resolvers
        tag = memo.get(key)
        if tag is None:
            tag = resolve(self, kind, value, implicit)
            if len(memo) < 50_000:  # bounded: a long-running process meets many values
                memo[key] = tag
        return tag

    return memo_resolve


@_our_rules
class _Loader(SafeBase):
    """The loader yamlio uses: libyaml's safe loader where available."""


@_our_rules
class PureLoader(yaml.SafeLoader):
    """The same rules on PyYAML's pure-Python parser (the fallback; tests and benchmarks compare the two)."""


def _hint_problems(hints, shown: str) -> list[Problem]:
    return [Problem(shown, h.line, "", h.message, h.fix) for h in hints]


def loads(text: str, shown: str, loader_class: type = _Loader) -> Located:
    bad = forbidden_characters(text)
    if bad:
        raise InputError(_hint_problems(bad, shown))
    loader = None
    built = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        built = _build(loader, node) if node is not None else None
        if built is not None:
            data = built[0]
        else:
            data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        hints = syntax_hints(text)
        if hints:
            raise InputError(_hint_problems(hints, shown)) from None
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        msg = " ".join(x for x in (e.context, e.problem) if x)
        raise InputError([Problem(shown, line, "", f"invalid YAML: {msg}", "fix the YAML syntax at that line (indentation, quotes, colons)")]) from None
    except yaml.YAMLError as e:
        raise InputError(_hint_problems(syntax_hints(text), shown) or [Problem(shown, None, "", f"invalid YAML: {e}", "fix the YAML syntax")]) from None
    except RecursionError:
        raise InputError([Problem(shown, None, "", "YAML nested too deeply or with self-referencing aliases", "write plain, shallow YAML without anchors")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if built is not None:
        return Located(data, built[1], shown)
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, problems, shown)
    if problems:
        raise InputError(problems)
    return Located(data, lines, shown)


# -- the fast path: values and lines in one walk over the nodes (the constructor's generic machinery and
# a second walk for the lines cost more than the parse itself). It takes plain documents only: maps,
# lists and the safe scalar tags, no aliases, no merge keys, no problems; anything else (and any error)
# declines, and the general path above does the work, so its results and messages stay the only ones.
_Y = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_Y + t for t in ("null", "bool", "int", "float", "binary", "timestamp", "str"))
_MAP, _SEQ = _Y + "map", _Y + "seq"
_FAST_DEPTH = 64  # deeper documents take the general path (its recursion limits and messages)


def _text_tags(loader: Any) -> frozenset[str]:
    """The scalar tags whose value this loader constructs as the node's text itself (str, and timestamps,
    which our loaders keep as text): the fast path takes node.value for them instead of two calls."""
    plain_scalar = type(loader).construct_scalar is yaml.constructor.SafeConstructor.construct_scalar
    if not plain_scalar:
        return frozenset()
    text = yaml.constructor.SafeConstructor.construct_yaml_str
    return frozenset(t for t in (_Y + "str", _Y + "timestamp") if loader.yaml_constructors.get(t) is text)


class _Decline(Exception):
    """The fast path does not take this document."""


def _build(loader: Any, root: yaml.Node) -> tuple[Any, dict[Path_, int]] | None:
    """(data, lines) as construct_document and _walk would give them, or None to take the general path."""
    ctors = loader.yaml_constructors
    lines: dict[Path_, int] = {}
    seen: set[int] = set()  # collection nodes met: a second meeting is an alias
    text_tags = _text_tags(loader)

    def build(node: yaml.Node, path: Path_) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        tag = node.tag
        if type(node) is yaml.ScalarNode:
            if tag in text_tags:
                return node.value
            if tag not in _SCALAR_TAGS:
                raise _Decline
            return ctors[tag](loader, node)
        if len(path) > _FAST_DEPTH or id(node) in seen:
            raise _Decline
        seen.add(id(node))
        if type(node) is yaml.MappingNode and tag == _MAP:
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if type(knode) is not yaml.ScalarNode or knode.tag not in _SCALAR_TAGS:
                    raise _Decline  # merge keys (<<), '=' keys, collections as keys
                key = knode.value
                sub = path + (key,)
                if sub in lines or (isinstance(key, str) and key.strip(" \u3000") != key.strip(" ")):
                    raise _Decline  # a duplicate key or an ideographic space: _walk names the problem
                lines[sub] = knode.start_mark.line + 1
                k = key if knode.tag in text_tags else ctors[knode.tag](loader, knode)
                out[k] = build(vnode, sub)
            return out
        if type(node) is yaml.SequenceNode and tag == _SEQ:
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        raise _Decline

    try:
        return build(root, ()), lines
    except Exception:  # noqa: BLE001 - declined, or an error the general path reports in its own order and words
        return None


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem], shown: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for knode, vnode in node.value:
            key = knode.value
            line = knode.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(shown, line, _dotted(path + (key,)), f"duplicate key (first at line {seen[key]})", "keep one of the two keys")
                )
                continue
            seen[key] = line
            if isinstance(key, str) and key.strip(" \u3000") != key.strip(" "):
                col = knode.start_mark.column + 1
                problems.append(Problem(shown, line, _dotted(path + (key,)),
                                        f"ideographic space (U+3000, full-width space) at column {col} where YAML needs an ASCII space",
                                        "replace it with ordinary half-width spaces"))
            lines[path + (key,)] = line
            _walk(vnode, path + (key,), lines, problems, shown)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, problems, shown)


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
