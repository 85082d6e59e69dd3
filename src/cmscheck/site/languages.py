"""Both languages in one site: the chosen language at the root, the other one under <lang>/.

One assessment renders in both languages: the assessment holds every message in zh and en (Bilingual)
and nothing the pipeline computes depends on the language, so each language is the same context with
another `lang`, written by pages.write_pages as a complete MkDocs project of its own:

    project/            the first language (cmscheck site --lang, default zh): mkdocs.yml, docs/, overrides/
    project/en/         the other language, the same pages

Each project is built by its own `mkdocs build` (build.py runs them side by side) into html/ and
html/en/. Building them apart, rather than with an i18n plugin in one build, gives each language its
own theme language (<html lang>, Material's own words), its own search index, and no new dependency;
the switch (overrides/partials/alternate.html) links each page to the same path in the other language,
relative to the page, so it works from file://.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..context import ReportContext
from ..i18n import LANGS
from .labels import t
from .pages import MARKER, write_pages


def order(first: str, single: bool = False) -> list[str]:
    """The languages to build, the one at the root first."""
    if first not in LANGS:
        raise ValueError(f"unknown language {first!r}")
    return [first] if single else [first] + [lang for lang in LANGS if lang != first]


def folder(langs: list[str], lang: str) -> str:
    """Where a language lives, relative to the site's root: "" for the first, "en/" for another."""
    return "" if lang == langs[0] else f"{lang}/"


def alternates(langs: list[str], lang: str) -> list[dict]:
    """The switch's entries on `lang`'s pages: each language's root relative to this language's root."""
    if len(langs) < 2:
        return []
    here = folder(langs, lang)
    up = "../" * here.count("/")
    out = []
    for other in LANGS:
        if other not in langs:
            continue
        root = "" if other == lang else up + folder(langs, other)
        out.append({"lang": other, "name": t(lang, f"lang_{other}"), "root": root, "current": other == lang})
    return out


def write_project(ctx: ReportContext, project: Path, langs: list[str]) -> dict[str, list[Path]]:
    """Write one MkDocs project per language into `project` (first language at its top); returns the
    written pages by language."""
    written = {}
    for lang in langs:
        where = Path(project) / folder(langs, lang)
        where.mkdir(parents=True, exist_ok=True)
        written[lang] = write_pages(dataclasses.replace(ctx, lang=lang), where, alternates(langs, lang))
        if folder(langs, lang):
            (where / MARKER).unlink()  # one marker, at the top: the folder is one site
    return written
