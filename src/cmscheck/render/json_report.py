"""The JSON report: the machine contract. Stable field names, deterministic bytes.

A park's report is written a member at a time (`chunks`): the whole model's dump of a park of 300
members took 1.76 GB before any of it was written. The bytes are those of one `json.dumps` of the
whole dump (`render`), which tests/test_json_stream.py compares on every bundle it has.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..assessment import Assessment

_MEMBERS = '\n  "members": [],\n'  # the park's own key, as its dump without members writes it (indent 2)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def render(assessment: Assessment, lang: str = "zh") -> str:
    return "".join(chunks(assessment, lang))


def chunks(assessment: Assessment, lang: str = "zh") -> Iterator[str]:
    """The report in pieces: the park's own fields, then each member's dump, encoded alone and indented to
    stand in the members list (each rebuilt from its packed form, encoded and let go in turn)."""
    members = assessment.members
    if not members:
        yield _dumps(assessment.model_dump(mode="json")) + "\n"
        return
    head = _dumps(assessment.model_copy(update={"members": []}).model_dump(mode="json"))
    at = head.find(_MEMBERS)
    # a line break followed by two spaces and a key stands only between the top level's fields: JSON
    # writes a line break inside a text as \n
    if at < 0 or head.find(_MEMBERS, at + 1) >= 0:
        raise RuntimeError("the park's JSON has no single top-level members list to fill")  # pragma: no cover
    yield head[: at + len('\n  "members": [')]
    for i, member in enumerate(members):
        # a list's item at depth 2 starts on its own line, 4 spaces in, each of its lines indented alike
        yield ("\n    " if i == 0 else ",\n    ") + _dumps(member.model_dump(mode="json")).replace("\n", "\n    ")
    yield "\n  ]" + head[at + len('\n  "members": []'):] + "\n"
