"""Chinese for the loaders' English problems, at display time.

The loaders (bundle, catalog, rules, thresholds, ledgers) build every Problem in English, in many places;
rather than thread a language through all of them, the message and the fix are matched against the
English templates of problems.yaml (each compiled to a regex once) and rewritten. Text that matches no
template stays English, and tests/test_i18n.py fails on it for every case in tests/broken/.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

_PLACEHOLDER = re.compile(r"\{(\w+)(:t)?\}")
# Values that may hold anything (what the user wrote, a parser's or the system's words); the other
# placeholders stop at ';', so "unknown field 'x'; did you mean 'y'?" splits into its two messages.
_FREE = {"value", "detail", "reason", "error"}
_FIRST = "{message:t} (got {value})"  # pydantic's message with the value: split it off first


def _compile(en: str) -> tuple[re.Pattern[str], set[str]]:
    out, pos, translated = [], 0, set()
    for m in _PLACEHOLDER.finditer(en):
        out.append(re.escape(en[pos:m.start()]))
        name = m.group(1)
        out.append(f"(?P<{name}>{'.+?' if name in _FREE or m.group(2) else '[^;]+?'})")
        if m.group(2):
            translated.add(name)
        pos = m.end()
    out.append(re.escape(en[pos:]))
    return re.compile("".join(out), re.DOTALL), translated


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], set[str], str]]:
    text = resources.files(__package__).joinpath("problems.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    first = [e for e in entries if e["en"] == _FIRST]
    rest = [e for e in entries if e["en"] != _FIRST]
    return [(*_compile(e["en"]), _PLACEHOLDER.sub(r"{\1}", e["zh"])) for e in first + rest]


def to_zh(text: str) -> str:
    """The Chinese of one English message or fix; the text itself when no template matches."""
    if not text:
        return text
    for regex, translated, zh in _templates():
        m = regex.fullmatch(text)
        if m is None:
            continue
        params = {k: (to_zh(v) if k in translated else v) for k, v in m.groupdict().items()}
        if any(params[k] == m.group(k) and _has_english(params[k]) for k in translated):
            continue  # a part did not translate: try the next template rather than show half of it
        return zh.format(**params)
    return text


def translate(text: str, lang: str) -> str:
    return to_zh(text) if lang == "zh" else text


def _has_english(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", text))
