"""The comparison as JSON: the machine contract for the site's comparison page. Deterministic bytes."""

from __future__ import annotations

from ..compare import Comparison
from . import json_text


def render(comparison: Comparison, lang: str = "zh") -> str:
    # lang is unused: every text is already bilingual in the model
    return json_text.dumps(comparison.model_dump(mode="json")) + "\n"
