"""Name the YAML mistakes people make, at the very line and column, with the half-width replacement.

PyYAML reports a full-width colon or an ideographic space as a generic syntax error, often one line
late. These checks find the usual causes in the text itself: characters YAML refuses (control
characters such as the 0x1A end-of-file mark DOS tools leave, 0x7F), and when parsing failed:
full-width punctuation typed with a Chinese input method (：｛｝［］，－), ideographic spaces (U+3000)
and tabs where YAML wants ASCII spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# What YAML 1.1 (PyYAML's reader) accepts; every other character is refused before parsing.
NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_HINTS = 20  # enough to show the pattern without flooding the terminal

FULL_WIDTH = {"：": ":", "｛": "{", "｝": "}", "［": "[", "］": "]", "，": ",", "－": "-", "＃": "#"}
# A key written with a full-width colon: `name：value` or `- name：` (no half-width colon before it).
_KEY_COLON = re.compile(r"^[ \u3000\t]*(?:[-－][ \u3000]+)?[A-Za-z_][A-Za-z0-9_.-]*[ \u3000]*(：)")
# Flow brackets and commas after a key's colon, or opening a list item: `period: ｛start: …｝`.
_FLOW = re.compile(r"[｛｝［］]")
_LIST_DASH = re.compile(r"^[ \t]*(－)[ \u3000]")
_INDENT = re.compile(r"^([ \t\u3000]*)")


@dataclass(frozen=True)
class Hint:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    fix: str


def _code(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def forbidden_characters(text: str) -> list[Hint]:
    """Characters YAML does not allow anywhere (PyYAML would refuse the whole file without a place)."""
    out = []
    for m in NOT_YAML.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        ch = m.group()
        code = f"U+{ord(ch):04X}"
        fix = ("remove it: DOS tools leave 0x1A as an end-of-file mark" if ch == "\x1a"
               else "remove it (a control character copied from Excel or another program), or write it as an escape such as \"\\t\" inside double quotes")
        out.append(Hint(line, column, f"control character {code} at column {column} is not allowed in YAML", fix))
        if len(out) >= MAX_HINTS:
            break
    return out


def _unquoted(line: str) -> str:
    """The line with quoted text and comments blanked out (same length), so positions still match."""
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            out.append(" ")
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t:{[,-"):
            quote = ch
            out.append(" ")
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            out.append(" " * (len(line) - i))
            break
        else:
            out.append(ch)
    return "".join(out)


def syntax_hints(text: str) -> list[Hint]:
    """Likely causes of a YAML syntax error: full-width punctuation, ideographic spaces and tabs
    where YAML syntax is expected. Only called when parsing failed."""
    out: list[Hint] = []

    def add(n: int, col: int, ch: str) -> None:
        half = FULL_WIDTH.get(ch)
        if ch == "\u3000":
            out.append(Hint(n, col, f"ideographic space (U+3000, full-width space) at column {col} where YAML needs an ASCII space",
                            "replace it with ordinary half-width spaces"))
        elif ch == "\t":
            out.append(Hint(n, col, f"tab character at column {col}: YAML does not allow tabs for indentation",
                            "indent with spaces (set your editor to insert spaces for the Tab key)"))
        else:
            after = " (followed by a space)" if half in (":", ",", "-") else ""
            out.append(Hint(n, col, f"full-width {ch!r} ({_code(ch)}) at column {col} is not YAML syntax",
                            f"replace it with the half-width {half!r}{after}"))

    for n, raw in enumerate(text.splitlines(), start=1):
        line = _unquoted(raw)
        indent = _INDENT.match(line).group(1)
        for i, ch in enumerate(indent):
            if ch in "\t\u3000":
                add(n, i + 1, ch)
                break
        m = _KEY_COLON.match(line)
        if m:
            add(n, m.start(1) + 1, "：")
        m = _LIST_DASH.match(line)
        if m:
            add(n, m.start(1) + 1, "－")
        flows = list(_FLOW.finditer(line))
        for flow in flows:
            add(n, flow.start() + 1, flow.group())
        if flows or re.search(r"[{\[]", line):  # commas only matter inside a flow collection
            comma = line.find("，")
            if comma >= 0:
                add(n, comma + 1, "，")
        after = re.search(r"[:,-]\u3000", line)  # `key:　value`: the separator must be an ASCII space
        if after:
            add(n, after.start() + 2, "\u3000")
        if len(out) >= MAX_HINTS:
            break
    return out[:MAX_HINTS]
