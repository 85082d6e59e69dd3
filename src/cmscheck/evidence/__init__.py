"""Read the evidence an organization keeps: Markdown and text, CSV, Word, Excel and PDF.

`read_file(path, rel)` picks the reader by the file's suffix, checks the claim against the file's
first bytes, and returns a `ReadResult` (model.py): sections and tables with locators, or a status
saying why the content was not read. It never raises for a bad file: a damaged, hostile, encrypted
or mislabelled file is "unreadable" with a reason in English and Chinese; a legacy or unknown
format is "unsupported" (the file still counts as present evidence); a file over its format's size
limit is "too_large".
"""

from __future__ import annotations

import functools
import re
import warnings
from pathlib import Path

from . import limits, sniff
from .model import Cell, Locator, ReadResult, ReadStatus, Section, Table
from .sniff import Refused
from ..textsafe import one_line

__all__ = ["Cell", "Locator", "ReadResult", "ReadStatus", "Section", "Table", "format_of", "place_of", "read_file", "READ_FORMATS"]

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".csv": "csv",
            ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf"}
READ_FORMATS = frozenset(SUFFIXES)
_FORMATS = frozenset(SUFFIXES.values())
_TEXT_FORMATS = frozenset({"markdown", "text", "csv"})  # read whole, then decoded


def place_of(fragment: str) -> tuple:
    """What a place written after '#' in a path names: ("page", n) for `p.2` / `page 2` / `第2页`,
    ("cell", sheet, "B7") for `Sheet!B7`, else ("heading", text)."""
    m = re.fullmatch(r"\s*(?:p\.?|page\s*|第)\s*(\d+)\s*页?\s*", fragment, re.IGNORECASE)
    if m:
        return ("page", int(m.group(1)))
    m = re.fullmatch(r"(.+)!([A-Za-z]{1,3}\d{1,7})", fragment)
    if m:
        return ("cell", m.group(1), m.group(2).upper())
    return ("heading", fragment.strip())


def format_of(rel: str) -> str:
    """The reader format for a path's suffix, or the suffix itself when no reader takes it."""
    suffix = _suffix(rel)
    return SUFFIXES.get(suffix, suffix or "(none)")


@functools.lru_cache(maxsize=4096)
def _suffix(rel: str) -> str:
    """A path's suffix in lower case: a pure function of a short string, asked for several times per file
    (by the loader, the ledger reader and read_file), so remembered instead of parsed each time."""
    return Path(rel).suffix.lower()


def read_file(path: Path, rel: str, *, max_bytes: int | None = None, encoding: str | None = None) -> ReadResult:
    """Read one file of a bundle. `rel` is its path inside the bundle ('/' separators), used in
    locators; `max_bytes` replaces the format's size limit; `encoding` is an encoding declared in
    the manifest for a text file."""
    fmt = format_of(rel)
    if fmt not in _FORMATS:
        en, zh = limits.unsupported_reason(_suffix(rel))
        return ReadResult(rel, fmt, "unsupported", reason=en, reason_zh=zh)
    try:
        limit = max_bytes if max_bytes is not None else limits.max_bytes_for(fmt)
        if fmt in _TEXT_FORMATS:  # read whole: its size from the open file's fstat
            size, raw = limits.read_within(path, limit)
        else:
            size, raw = path.stat().st_size, None
        if size > limit:
            return ReadResult(rel, fmt, "too_large", meta={"bytes": size, "limit": limit},
                              reason=f"the file is {size:,} bytes, over the {limit:,}-byte limit for {fmt} files; it is kept as present evidence but not read",
                              reason_zh=f"文件大小 {size:,} 字节，超过 {fmt} 文件的读取上限 {limit:,} 字节；作为存在的证据保留，但不读取内容")
        if raw is not None:  # the text readers (the standard library, markdown-it) warn about nothing in a file
            return _read_text(raw, rel, fmt, encoding)
        with warnings.catch_warnings():  # openpyxl and pypdf warn about what they skip; the result is what counts
            warnings.simplefilter("ignore")
            return _read(path, rel, fmt)
    except Refused as r:
        return ReadResult(rel, fmt, "unreadable", reason=r.en, reason_zh=r.zh)
    except MemoryError:
        return ReadResult(rel, fmt, "unreadable", reason="the file needs more memory than is available to read",
                          reason_zh="读取该文件所需内存超出可用内存")
    except RecursionError:
        return ReadResult(rel, fmt, "unreadable", reason="the file is nested too deeply to read", reason_zh="文件嵌套过深，无法读取")
    except OSError as e:
        return ReadResult(rel, fmt, "unreadable", reason=f"the file cannot be opened: {e.strerror or e}",
                          reason_zh=f"文件无法打开：{e.strerror or e}")
    except Exception as e:  # noqa: BLE001 - a library's error on a stranger's file is a reason, not a crash
        name = type(e).__name__
        # the library's words may quote the file: control characters made visible, cut short
        text = one_line(str(e).splitlines()[0][:200], "?") if str(e).strip() else ""
        return ReadResult(rel, fmt, "unreadable", reason=f"the {fmt} file is damaged or not a {fmt} file ({name}: {text})",
                          reason_zh=f"{fmt} 文件已损坏或不是 {fmt} 文件（{name}：{text}）")


def _read_text(raw: bytes, rel: str, fmt: str, encoding: str | None) -> ReadResult:
    """A Markdown, text or CSV file from its bytes (within the format's size limit), sniffed from its head."""
    found = sniff.kind_of(raw[:sniff.HEAD])
    if found in ("pdf", "zip", "ole", "image", "binary") and not encoding:
        raise sniff.mismatch(_suffix(rel), found)
    from .textfile import decode, read_text

    text, used = decode(raw, encoding)
    if "\x00" in text:
        raise sniff.mismatch(_suffix(rel), "binary")
    if fmt == "markdown":
        from .markdown import read_markdown
        return read_markdown(text, rel, used)
    if fmt == "csv":
        from .csvfile import read_csv
        return read_csv(text, rel, used)
    return read_text(text, rel, used)


def _read(path: Path, rel: str, fmt: str) -> ReadResult:
    """A PDF, Word or Excel file: its head sniffed, a zip checked, then its library reads it."""
    suffix = _suffix(rel)
    found = sniff.kind_of(sniff.head(path))
    if fmt == "pdf":
        if found != "pdf":
            raise sniff.mismatch(suffix, found)
        from .pdf import read_pdf
        return read_pdf(path, rel)
    if found != "zip":
        raise sniff.mismatch(suffix, found)
    if fmt == "docx":
        sniff.check_zip(path, "word/document.xml", suffix)
        from .word import read_docx
        return read_docx(path, rel)
    sniff.check_zip(path, "xl/workbook.xml", suffix, streamed="xl/worksheets/")
    from .excel import read_xlsx
    return read_xlsx(path, rel)


