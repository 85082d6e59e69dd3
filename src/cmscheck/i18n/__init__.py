"""cmscheck's one message catalog: every word a user reads, in zh and en.

terms.yaml holds the words by namespace (report, compare, site, batch, cli, init, help); problems.yaml
holds the English problem templates of the loaders with their Chinese (see i18n/problems.py). The
language is an explicit --lang, else the locale (LC_ALL, LC_MESSAGES, LANG: zh* is Chinese), else English.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

LANGS = ("zh", "en")
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


@functools.cache
def _terms() -> dict[str, dict[Any, dict[str, str]]]:
    source = resources.files(__name__).joinpath("terms.yaml")
    if not isinstance(source, Path):  # inside a zip: no file to key a cache on
        return _parse(source)
    # kept as JSON between runs (datacache.py): libyaml's parser still builds the values in Python,
    # ~15 ms a run; json reads them in ~1 ms
    from ..datacache import cached_json
    return cached_json("terms", [source], lambda: _parse(source), _encode, _decode)


def _parse(source) -> dict[str, dict[Any, dict[str, str]]]:
    text = source.read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: same values, faster


def _encode(terms: dict) -> dict[str, list]:
    # keys as pairs: some are numbers (a situation's number), which JSON's object keys would make text
    return {ns: [[key, entry] for key, entry in entries.items()] for ns, entries in terms.items()}


def _decode(data: Any) -> dict[str, dict[Any, dict[str, str]]]:
    """_encode's JSON back; ValueError for anything else, so a cache file of another shape is not used."""
    if type(data) is not dict:
        raise ValueError("not a mapping of namespaces")
    out: dict[str, dict[Any, dict[str, str]]] = {}
    for ns, pairs in data.items():
        entries = out[ns] = {}
        for pair in pairs if type(pairs) is list else [None]:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int) or type(pair[1]) is not dict \
                    or not all(type(k) is str and (v is None or type(v) is str) for k, v in pair[1].items()):
                raise ValueError(f"not a term of {ns}: {pair!r}")
            entries[pair[0]] = pair[1]
    return out


def table(namespace: str) -> dict[str, dict[Any, str]]:
    """One namespace as {"zh": {key: text}, "en": {key: text}}: the shape the label modules always had."""
    entries = _terms()[namespace]
    return {lang: {key: entry[lang] for key, entry in entries.items()} for lang in LANGS}


def t(key: str, lang: str, **params: Any) -> str:
    """The text of "namespace.key" in lang (en when zh is missing), with {params} filled in."""
    namespace, _, name = key.partition(".")
    entry = _terms().get(namespace, {}).get(name)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    namespace, _, name = key.partition(".")
    return name in _terms().get(namespace, {})


def from_locale(env: Mapping[str, str] | None = None) -> str:
    """zh when the locale says Chinese, else en. The first set variable of LC_ALL, LC_MESSAGES, LANG counts."""
    env = os.environ if env is None else env
    for var in _LOCALE_VARS:
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def detect(args: Iterable[str] | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language of a command line: its --lang (an explicit choice wins), else the locale's."""
    args = list(args or ())
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in LANGS:
            return value
    return from_locale(env)


def of_context(ctx: Any = None) -> str:
    """The language of the running click command: a --lang given on its command line, else the locale.

    A --lang left at its default is not a choice: `cmscheck evaluate`'s report defaults to zh, but its
    problems follow the locale unless --lang is given.
    """
    import click
    from click.core import ParameterSource

    ctx = ctx or click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("lang") in LANGS and ctx.get_parameter_source("lang") in (
                ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            return ctx.params["lang"]
        ctx = ctx.parent
    return from_locale()
