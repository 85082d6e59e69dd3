"""The JSON report: the machine contract. Stable field names, deterministic bytes."""

from __future__ import annotations

import json

from ..assessment import Assessment


def render(assessment: Assessment, lang: str = "zh") -> str:
    data = assessment.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
