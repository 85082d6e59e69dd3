"""Renderers: pure functions from an Assessment (or a Comparison) to text. They never import the engine.

formats.py is the registry every command uses; `renderers()` is the same table keyed by name, for
callers that hold only an assessment and a language.
"""

from __future__ import annotations

from typing import Callable

from ..assessment import Assessment
from ..context import ReportContext
from . import formats

Renderer = Callable[[Assessment, str], str]


def renderers() -> dict[str, Renderer]:
    def bind(fmt: formats.Format) -> Renderer:
        return lambda assessment, lang="zh": fmt.render(ReportContext(assessment, lang))

    return {name: bind(formats.get(name)) for name in formats.names("assessment")}
