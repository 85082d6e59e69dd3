"""Evidence readers: one file of a bundle -> ReadResult (contract in model.py).

STAND-IN (branch `content`): reads only .md and .txt so content recognition can be built and tested;
every other format is "unsupported". The `readers` branch replaces this module at merge with the
real readers (md/txt/docx/pdf/xlsx/csv); keep its signature `read_file(path, rel) -> ReadResult`.
"""

from __future__ import annotations

from pathlib import Path

from .model import Locator, ReadResult, Section

MAX_BYTES = 5 * 1024 * 1024  # the bundle loader's limit for a text file


def _decode(raw: bytes) -> tuple[str, str] | None:
    for enc in ("utf-8-sig", "gb18030"):  # Chinese text files outside UTF-8 are almost always GB
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None


def _markdown_sections(text: str, rel: str) -> tuple[Section, ...]:
    from ..bundle.markdown import parse_markdown

    doc = parse_markdown(text, rel)
    out: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, heading) of the open headings, outermost first
    for s in doc.sections:
        if s.level:
            stack = [(lv, h) for lv, h in stack if lv < s.level] + [(s.level, s.heading)]
        path = tuple(h for _, h in stack)
        out.append(Section(heading_path=path, text=s.text,
                           locator=Locator(file=rel, line=s.line, heading=" > ".join(path) or None)))
    return tuple(out)


def read_file(path: Path, rel: str) -> ReadResult:
    """Read one file of the bundle. `path` is the resolved file, `rel` how reports name it."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("md", "markdown", "txt"):
        return ReadResult(file=rel, format=suffix or "unknown", status="unsupported",
                          reason=f".{suffix} files are not read yet", reason_zh=f"暂不读取 .{suffix} 文件")
    try:
        raw = path.read_bytes()
    except OSError as e:
        return ReadResult(file=rel, format=suffix, status="unreadable", reason=str(e.strerror or e), reason_zh="文件无法读取")
    if len(raw) > MAX_BYTES:
        return ReadResult(file=rel, format=suffix, status="too_large", reason="over 5 MB", reason_zh="文件超过 5 MB")
    decoded = _decode(raw) if b"\x00" not in raw else None
    if decoded is None:
        return ReadResult(file=rel, format=suffix, status="unreadable", reason="not UTF-8 or GB18030 text", reason_zh="不是可识别编码的文本")
    text, enc = decoded
    if suffix == "txt":
        sections = (Section(heading_path=(), text=text, locator=Locator(file=rel, line=1)),)
        return ReadResult(file=rel, format="text", status="read", sections=sections, encoding=enc)
    return ReadResult(file=rel, format="markdown", status="read", sections=_markdown_sections(text, rel), encoding=enc)
