"""The one registry of output formats: name → file extension and the function that renders it.

Every command looks formats up here (evaluate's --format, compare's --format, the file names of -o DIR);
no command branches on a format name. Renderers are imported when used, so a text report never loads
the SARIF or JUnit writers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Literal

from ..context import ReportContext

Subject = Literal["assessment", "comparison", "summary"]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    subject: Subject
    module: str  # under cmscheck.render
    call: Callable[[object, ReportContext], str]  # (module, context) -> text

    def render(self, ctx: ReportContext) -> str:
        return self.call(importlib.import_module(f"cmscheck.render.{self.module}"), ctx)

    def summarize(self, outcomes, standards: list[str], lang: str) -> str:
        """A many-bundle summary (subject "summary") of batch outcomes."""
        mod = importlib.import_module(f"cmscheck.render.{self.module}")
        return getattr(mod, f"render_{self.name}")(outcomes, standards, lang)


def _plain(mod, ctx: ReportContext) -> str:
    return mod.render(ctx.assessment, ctx.lang)


def _sarif(mod, ctx: ReportContext) -> str:
    return mod.render(ctx.assessment, ctx.lang, ctx.rules, ctx.where)


def _summary(mod, ctx) -> str:
    raise TypeError("a summary renders batch outcomes: use Format.summarize")


def _comparison(mod, ctx: ReportContext) -> str:
    if ctx.comparison is None:
        raise ValueError("this format renders a comparison; the assessment path was asked for none")
    return mod.render(ctx.comparison, ctx.lang)


_ALL = (
    Format("text", "txt", "assessment", "text_report", _plain),
    Format("json", "json", "assessment", "json_report", _plain),
    Format("markdown", "md", "assessment", "markdown_report", _plain),
    Format("sarif", "sarif", "assessment", "sarif_report", _sarif),
    Format("junit", "xml", "assessment", "junit_report", _plain),
    Format("text", "txt", "comparison", "compare_text", _comparison),
    Format("json", "json", "comparison", "compare_json", _comparison),
    Format("markdown", "md", "comparison", "compare_markdown", _comparison),
    # the table of a many-bundle run on stdout: text for people and logs, json for machines
    Format("text", "txt", "summary", "summary", _summary),
    Format("json", "json", "summary", "summary", _summary),
)


def names(subject: Subject) -> list[str]:
    return [f.name for f in _ALL if f.subject == subject]


def get(name: str, subject: Subject = "assessment") -> Format:
    for f in _ALL:
        if f.name == name and f.subject == subject:
            return f
    raise KeyError(f"no {subject} format {name!r}; known: {', '.join(names(subject))}")
