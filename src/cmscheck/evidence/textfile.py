"""Text files of a bundle: the bytes decoded, and plain .txt files read as one section per line block.

Decoding: a byte-order mark decides (UTF-8, UTF-16); else UTF-8; else charset-normalizer chooses among
GB18030 (a superset of GBK and GB2312, what Chinese Windows saves), UTF-16 and Windows-1252; an
encoding declared in the manifest (`encoding:`) wins over all of these. The encoding used is reported.
"""

from __future__ import annotations

import codecs

from .model import Locator, ReadResult, Section
from .sniff import Refused

_CANDIDATES = ["gb18030", "utf_16", "cp1252"]  # Big5 is left out: short GBK text is often mistaken for it
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of raw bytes; raises Refused when no encoding fits."""
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise Refused(f"unknown encoding {declared!r} declared in the manifest (e.g. utf-8, gb18030)",
                          f"清单中声明的编码 {declared!r} 无法识别（例如 utf-8、gb18030）") from None
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            raise Refused(f"the file is not valid {declared} text as the manifest declares (first bad byte on line {line})",
                          f"文件不是清单所声明的 {declared} 编码文本（第 {line} 行起有无法解码的字节）") from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" not in raw:
        from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files need it
        best = from_bytes(raw, cp_isolation=_CANDIDATES).best()
        if best is not None:
            try:
                return raw.decode(best.encoding), best.encoding
            except (UnicodeDecodeError, LookupError):
                pass
    raise Refused("the file's text encoding cannot be recognised; save it as UTF-8 (in Excel: 'CSV UTF-8'), "
                  "or declare its encoding in the manifest (encoding: gb18030)",
                  "无法识别文件的文字编码；请另存为 UTF-8（Excel 中选择“CSV UTF-8”），或在清单中声明编码（encoding: gb18030）")


def read_text(text: str, rel: str, encoding: str) -> ReadResult:
    """A .txt file: one section per block of lines separated by blank lines, located by its first line."""
    sections: list[Section] = []
    block: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not block:
                start = n
            block.append(line.rstrip())
        elif block:
            sections.append(Section((), "\n".join(block), Locator(rel, line=start)))
            block = []
    if block:
        sections.append(Section((), "\n".join(block), Locator(rel, line=start)))
    return ReadResult(rel, "text", "read", sections=tuple(sections), encoding=encoding, text=text)
