"""One escape for bundle text on its way into Markdown (and so into HTML through MkDocs).

HTML-escape first, so no tag, entity or attribute survives; then backslash-escape the characters
Markdown gives meaning to (links, emphasis, attribute lists, tables); newlines become spaces so a value
cannot start a block of its own or break out of a table cell.
"""

from __future__ import annotations

import html
import re

# `.`, `-`, `+`, `:` and `!` only matter at the start of a line or before `[`, which md() never yields
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|<>~])")


def md(text: object) -> str:
    s = html.escape(str(text), quote=True)
    s = re.sub(r"[\r\n\t]+", " ", s)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s
