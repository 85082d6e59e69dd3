"""A JSON document written a piece at a time: its frame dumped with an empty list, then the list's items.

The JSON, SARIF and OSCAL reports of a park would otherwise be built whole before any of it is written
(1.8 GB for 300 members). Each dumps its document with `json_text.dumps` (the bytes of
`json.dumps(..., indent=2)`) and the list left empty, then each item alone with the same settings;
`split` finds where the list stands and `item` indents an item as it stands there, so the pieces joined
are the bytes of one dump of the whole document.
"""

from __future__ import annotations

import json


def split(text: str, key: str, depth: int) -> tuple[str, str]:
    """`text` before and after the empty list `key` holds at `depth` (its line 2 × depth spaces in): the
    first part ends with the list's `[`, the second starts after its `]`. A line break and that indent
    before the key stand only between the fields of one object (JSON writes a line break inside a text
    as \\n), so the key must name one list in the whole text."""
    mark = "\n" + "  " * depth + json.dumps(key) + ": []"
    at = text.find(mark)
    if at < 0 or text.find(mark, at + 1) >= 0:
        raise RuntimeError(f"the document has no single empty {key!r} list at depth {depth} to fill")  # pragma: no cover
    return text[: at + len(mark) - 1], text[at + len(mark):]


def item(dumped: str, depth: int, first: bool) -> str:
    """An item, dumped alone (indent 2, no final line break), as it stands in the list `split` found at
    `depth`: on its own line one level in, each of its lines indented alike, after a comma but the first."""
    pad = "\n" + "  " * (depth + 1)
    return ("" if first else ",") + pad + dumped.replace("\n", pad)


def close(depth: int, empty: bool) -> str:
    """The end of that list: `]` right after `[` when it holds nothing, else on its own line."""
    return "]" if empty else "\n" + "  " * depth + "]"
