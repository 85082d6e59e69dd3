"""The JSON report: the machine contract. Stable field names, deterministic bytes.

A park's report is written a member at a time (`chunks`): the whole model's dump of a park of 300
members took 1.76 GB before any of it was written. The bytes are those of one `json.dumps` of the
whole dump (`render`), which tests/test_json_stream.py compares on every bundle it has.
"""

from __future__ import annotations

from typing import Iterator

from ..assessment import Assessment
from . import json_lists, json_text


def _dumps(data) -> str:
    return json_text.dumps(data)


def render(assessment: Assessment, lang: str = "zh") -> str:
    return "".join(chunks(assessment, lang))


def chunks(assessment: Assessment, lang: str = "zh") -> Iterator[str]:
    """The report in pieces: the park's own fields, then each member's dump, encoded alone and indented to
    stand in the members list (each rebuilt from its packed form, encoded and let go in turn)."""
    members = assessment.members
    if not members:
        yield _dumps(assessment.model_dump(mode="json")) + "\n"
        return
    head, tail = json_lists.split(_dumps(assessment.model_copy(update={"members": []}).model_dump(mode="json")),
                                  "members", 1)
    yield head
    for i, member in enumerate(members):
        yield json_lists.item(_dumps(member.model_dump(mode="json")), 1, i == 0)
    yield json_lists.close(1, False) + tail + "\n"
