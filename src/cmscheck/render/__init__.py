"""Renderers: pure functions from an Assessment to text. They never import the engine."""

from __future__ import annotations

from typing import Callable

from ..assessment import Assessment

Renderer = Callable[[Assessment, str], str]


def renderers() -> dict[str, Renderer]:
    from . import json_report, markdown_report, text_report

    table: dict[str, Renderer] = {
        "text": text_report.render,
        "json": json_report.render,
        "markdown": markdown_report.render,
    }
    try:
        from . import sarif_report
        table["sarif"] = sarif_report.render
    except ImportError:
        pass
    try:
        from . import junit_report
        table["junit"] = junit_report.render
    except ImportError:
        pass
    return table
