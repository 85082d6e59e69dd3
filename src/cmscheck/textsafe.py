"""The one place that makes bundle text safe for a terminal or an XML file.

Bundles come from strangers: a control character (ESC above all) in an organization name could drive
the terminal that shows a report, and XML 1.0 refuses most of them outright. Markdown and HTML
escaping is render/escape.py's job.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls: what a terminal may act on.
TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every control character, tab and newline included: for one-line texts.
ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What XML 1.0 does not allow in a document (https://www.w3.org/TR/xml/#charsets), lone surrogates included.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def for_terminal(text: object, replacement: str = REPLACEMENT) -> str:
    """Text a terminal shows as text: control characters (not tab or newline) replaced."""
    return TERMINAL_CONTROLS.sub(replacement, str(text))


def one_line(text: object, replacement: str = " ") -> str:
    """Text for one line of output: every control character, newlines included, replaced."""
    return ANY_CONTROL.sub(replacement, str(text))


def for_xml(text: str | None) -> str | None:
    """Text safe for XML 1.0: forbidden characters replaced by U+FFFD."""
    return NOT_XML.sub(REPLACEMENT, text) if text else text
