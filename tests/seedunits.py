"""Cut the seed texts (standards/sources/) into clause units, as ../shared/tools/seed_coverage.py does,
so the coverage test runs from the project's own copy of the seeds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "standards" / "sources"

BODY = {
    "enterprise": ("000_694e2757dac6b594.txt", "企业所处的环境", None),
    "industrial": ("001_9d67464fb7846f0e.txt", "\n4 组织环境\n", None),
    "cms": ("002_63dfec449d733796.txt", "## 4 组织所处的环境", "## 附录A"),
    "park": ("003_23d2be7223c6fe5c.txt", "4 园区所处的环境", None),
    "key-industry": ("004_6232df045e0f0b30.txt", "\n总则\n", None),
}

MARKER = re.compile(
    r"^\s*(?:[-–—•·]+|\d+(?:\.\d+)*\s|\d+[.)）、]|[a-zA-Z][)）]|[（(]\s*[a-zA-Z0-9]+\s*[)）]|注\s*\d*\s*[:：]|示例\s*\d*\s*[:：])\s*"
)


def norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def units(standard: str) -> list[str]:
    name, start, end = BODY[standard]
    text = (SOURCES / name).read_text(encoding="utf-8")
    text = text[text.find(start):]
    if end:
        text = text[: text.find(end)]
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</?small>", "", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    out = []
    for line in text.splitlines():
        line = line.strip()
        while True:
            stripped = MARKER.sub("", line, count=1)
            if stripped == line:
                break
            line = stripped
        cjk = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
        if cjk < 6 or line.startswith("图") or line.startswith("T/CECA"):
            continue
        out.append(line)
    return out
