"""The comparison as JSON: the machine contract for the site's comparison page. Deterministic bytes."""

from __future__ import annotations

import json

from ..compare import Comparison


def render(comparison: Comparison, lang: str = "zh") -> str:
    # lang is unused: every text is already bilingual in the model
    return json.dumps(comparison.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
