"""The one registry of output formats: name → file extension and the function that renders it.

Every command looks formats up here (evaluate's --format, compare's --format, the file names of -o DIR);
no command branches on a format name. Renderers are imported when used, so a text report never loads
the SARIF or JUnit writers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterator, Literal

from ..context import ReportContext

Subject = Literal["assessment", "comparison", "summary", "tracking", "checklist"]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    subject: Subject
    module: str  # under cmscheck.render, or a full name (cmscheck.checklist.writers)
    call: Callable[[object, ReportContext], str | bytes]  # (module, context) -> text (bytes for xlsx)
    # (module, context) -> the same text in pieces, for a format that can write a park a member at a time
    stream: Callable[[object, ReportContext], Iterator[str]] | None = None

    def _module(self):
        full = self.module if self.module.startswith("cmscheck.") else f"cmscheck.render.{self.module}"
        return importlib.import_module(full)

    def render(self, ctx: ReportContext) -> str:
        return self.call(self._module(), ctx)

    def chunks(self, ctx: ReportContext) -> Iterator[str]:
        """render's text in pieces (written as they come: write_atomic); one piece for most formats."""
        if self.stream is None:
            yield self.render(ctx)
        else:
            yield from self.stream(self._module(), ctx)

    def summarize(self, outcomes, standards: list[str], lang: str) -> str:
        """A many-bundle summary (subject "summary") of batch outcomes."""
        mod = self._module()
        return getattr(mod, f"render_{self.name}")(outcomes, standards, lang)


def _plain(mod, ctx: ReportContext) -> str:
    return mod.render(ctx.assessment, ctx.lang)


def _plain_chunks(mod, ctx: ReportContext) -> Iterator[str]:
    return mod.chunks(ctx.assessment, ctx.lang)


def _sarif(mod, ctx: ReportContext) -> str:
    return mod.render(ctx.assessment, ctx.lang, ctx.rules, ctx.where)


def _sarif_chunks(mod, ctx: ReportContext) -> Iterator[str]:
    return mod.chunks(ctx.assessment, ctx.lang, ctx.rules, ctx.where)


def _with_register_chunks(kind: str):
    """text and Markdown reports in pieces: the report's (a park's members in turn), then, for a run given
    --previous, its tracking and register (render/register.py)."""

    def chunks(mod, ctx: ReportContext) -> Iterator[str]:
        yield from mod.chunks(ctx.assessment, ctx.lang)
        tracking = ctx.assessment.tracking
        if tracking is not None:
            yield getattr(importlib.import_module("cmscheck.render.register"), kind)(tracking, ctx.lang)

    return chunks


def _with_register(kind: str):
    """The same, whole."""
    chunks = _with_register_chunks(kind)
    return lambda mod, ctx: "".join(chunks(mod, ctx))


@dataclass(frozen=True)
class TrackingView:
    """What a "tracking" format renders (`cmscheck diff`): the tracking section alone."""

    tracking: object
    lang: str = "zh"


def _tracking(kind: str):
    return lambda mod, view: getattr(mod, kind)(view.tracking, view.lang)


def _of_context(kind: str):
    """A renderer that takes the whole context (OSCAL needs the catalog and rules; the checklist the catalog)."""
    return lambda mod, ctx: getattr(mod, kind)(ctx)


def _summary(mod, ctx) -> str:
    raise TypeError("a summary renders batch outcomes: use Format.summarize")


def _comparison(mod, ctx: ReportContext) -> str:
    if ctx.comparison is None:
        raise ValueError("this format renders a comparison; the assessment path was asked for none")
    return mod.render(ctx.comparison, ctx.lang)


_ALL = (
    Format("text", "txt", "assessment", "text_report", _with_register("text"), _with_register_chunks("text")),
    Format("json", "json", "assessment", "json_report", _plain, _plain_chunks),
    Format("markdown", "md", "assessment", "markdown_report", _with_register("markdown"), _with_register_chunks("markdown")),
    Format("sarif", "sarif", "assessment", "sarif_report", _sarif, _sarif_chunks),
    Format("junit", "xml", "assessment", "junit_report", _plain, _plain_chunks),
    # OSCAL 1.1 JSON (docs/loop.md): assessment results, and the open nonconformities as a POA&M
    Format("oscal-ar", "oscal-ar.json", "assessment", "oscal_results", _of_context("assessment_results"),
           _of_context("assessment_results_chunks")),
    Format("oscal-poam", "oscal-poam.json", "assessment", "oscal_results", _of_context("poam"), _of_context("poam_chunks")),
    Format("text", "txt", "comparison", "compare_text", _comparison),
    Format("json", "json", "comparison", "compare_json", _comparison),
    Format("markdown", "md", "comparison", "compare_markdown", _comparison),
    # `cmscheck diff`: findings tracked between two reports and the corrective-action register
    Format("text", "txt", "tracking", "register", _tracking("text")),
    Format("json", "json", "tracking", "register", _tracking("json_text")),
    Format("markdown", "md", "tracking", "register", _tracking("markdown")),
    # `cmscheck checklist`: the statements that need a person, to fill in (xlsx is bytes)
    Format("xlsx", "xlsx", "checklist", "cmscheck.checklist.writers", _of_context("xlsx")),
    Format("markdown", "md", "checklist", "cmscheck.checklist.writers", _of_context("markdown")),
    Format("csv", "csv", "checklist", "cmscheck.checklist.writers", _of_context("csv_text")),
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
