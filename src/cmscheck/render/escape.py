"""One escape for bundle text on its way into Markdown (and so into HTML through MkDocs).

HTML-escape first, so no tag, entity or attribute survives; then backslash-escape the characters
Markdown gives meaning to (links, emphasis, attribute lists, tables); newlines become spaces so a value
cannot start a block of its own or break out of a table cell; other control characters (ESC above all)
are replaced, as in the terminal reports (textsafe.for_terminal).
"""

from __future__ import annotations

import html
import re

from ..textsafe import for_terminal

# `.`, `-`, `+`, `:` and `!` only matter at the start of a line or before `[`, which md() never yields
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|<>~])")


def md(text: object) -> str:
    s = html.escape(str(text), quote=True)
    s = re.sub(r"[\r\n\t]+", " ", s)
    s = for_terminal(s)  # ESC and the other controls: a Markdown report may be shown in a terminal
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s
