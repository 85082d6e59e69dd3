"""The command line in zh or en: help texts, and click's own words (Usage:, Options, Error: ...).

click has no translations of its own. The English help stays where it is written (the commands'
docstrings and help= texts); the Chinese comes from terms.yaml (namespace help, keyed by command path and
parameter name) and is put on the command objects before click parses the command line, in the language
the command line asks for (--lang, else the locale). click's own English (it calls gettext's `_` for
every word it prints) is looked up in the namespace click. A help text without a Chinese entry stays
English; tests/test_i18n.py lists any.
"""

from __future__ import annotations

import gettext
from typing import Iterator

import click

from . import has, t

_ORIGINAL = "_cmscheck_en"  # the English help a command or parameter was written with, kept for en
_CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser")


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from walk(sub, path + (name,))


def help_key(path: tuple[str, ...], param: str | None = None) -> str:
    return "help." + ("/".join(path) or "cmscheck") + (f"/{param}" if param else "")


def _english(obj, attr: str) -> str | None:
    if not hasattr(obj, _ORIGINAL):
        setattr(obj, _ORIGINAL, getattr(obj, attr))
    return getattr(obj, _ORIGINAL)


def _pick(key: str, english: str | None, lang: str) -> str | None:
    if lang != "zh" or not english:
        return english
    if has(key):
        return t(key, "zh")
    if has("click." + english):
        return t("click." + english, "zh")
    return english


def standard_ids() -> list[str]:
    """The standards' ids, from the catalog's file names (no need to load the catalog for a help text)."""
    from .. import paths
    from ..catalog.loader import standard_files

    try:
        return sorted(p.stem for p in standard_files(paths.standards_dir()))
    except Exception:  # help must show even when the catalog is broken; `cmscheck standards list` says why
        return []


def localize(group: click.Command, lang: str) -> None:
    """Set every help text of the command tree to lang, and make click speak it."""
    ids = None
    for path, cmd in walk(group):
        cmd.help = _pick(help_key(path), _english(cmd, "help"), lang)
        if hasattr(cmd, "_help_option"):
            cmd._help_option = None  # click caches its --help option with the text of the first language
        for param in cmd.params:
            if not isinstance(param, click.Option):
                continue
            text = _pick(help_key(path, param.name), _english(param, "help"), lang)
            if param.name == "standards" and text:  # -s: say which ids there are
                ids = ids if ids is not None else standard_ids()
                param.metavar = "ID"
                text += " " + t("cli.standard_ids", lang, ids=", ".join(ids)) if ids else ""
            param.help = text
    speak(lang)


def speak(lang: str) -> None:
    """click's own words in lang: its modules call `_` (gettext) and `ngettext` when they print."""
    import importlib

    if lang == "zh":
        def _(message: str) -> str:
            return t("click." + message, "zh") if has("click." + message) else message

        def ngettext(singular: str, plural: str, n: int) -> str:
            return _(singular if n == 1 else plural)
    else:
        _, ngettext = gettext.gettext, gettext.ngettext
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
