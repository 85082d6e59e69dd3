"""How much of a file the readers take on, per format, and the messages for files they do not read.

A limit keeps a stranger's file from holding the machine: beyond it the file is reported as
`too_large` (still present evidence) instead of being read. `--max-file-size` replaces the byte
limits for one run. docs/bundle.md ("Reading evidence") lists these numbers; keep them in step.
"""

from __future__ import annotations

import errno
import os
import re

MB = 1024 * 1024
ENV = "CMSCHECK_MAX_FILE_SIZE"  # how --max-file-size reaches worker processes that spawn instead of fork

# Bytes on disk a reader accepts, per format.
MAX_BYTES = {
    "markdown": 10 * MB,
    "text": 10 * MB,
    "csv": 10 * MB,
    "docx": 50 * MB,
    "xlsx": 50 * MB,
    "pdf": 100 * MB,
}
# A Word or Excel file is a zip archive: what it may unpack to, checked before any library opens it.
MAX_UNZIPPED_BYTES = 500 * MB
MAX_ZIP_ENTRIES = 10_000
# An XML part the library parses whole (every part of a Word file; an Excel file's parts except its
# sheets, which openpyxl streams): lxml needs several times its size in memory.
MAX_XML_PART_BYTES = 100 * MB
MAX_XML_PROLOG = 64 * 1024  # bytes before the root element of an XML part (where a DTD would stand)
MAX_PDF_PAGES = 2_000  # pages read from a PDF; later pages are left out and the result says so
MAX_TEXT_CHARS = 50_000_000  # characters of text kept from one file
MAX_SHEET_CELLS = 5_000_000  # cells kept from one workbook
MAX_SHEET_ROWS = 1_048_576  # Excel's last row: rows beyond it are not visited

FORMATS_READ = ".md .txt .csv .docx .xlsx .pdf"

LEGACY = {
    ".doc": (".docx", "Word"),
    ".xls": (".xlsx", "Excel"),
    ".wps": (".docx", "WPS"),
    ".et": (".xlsx", "WPS"),
}


def unsupported_reason(suffix: str) -> tuple[str, str]:
    """Why a file of this suffix is not read, and how to make it readable (en, zh)."""
    if suffix in LEGACY:
        new, app = LEGACY[suffix]
        return (f"{suffix} is an old binary format that is not read (read: {FORMATS_READ}); "
                f"open it in {app} and save it as {new} (File > Save As > {new})",
                f"{suffix} 是旧的二进制格式，不读取其内容（可读取：{FORMATS_READ}）；请用 {app} 打开后另存为 {new}")
    shown = suffix or "(no extension)"
    return (f"{shown} files are kept as present evidence but not read (read: {FORMATS_READ}); "
            "to let rules look inside, save the content as .docx, .xlsx, .pdf with a text layer, or .md",
            f"{shown} 文件只作为存在的证据，不读取其内容（可读取：{FORMATS_READ}）；如需检查内容，请另存为 .docx、.xlsx、带文字层的 .pdf 或 .md")


def parse_size(text: str) -> int | None:
    """Bytes of a size written as 20MB, 500k, 1.5G or 1048576; None when it is not a size."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", str(text).lower())
    if not m:
        return None
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": MB, "g": 1024 * MB}[m.group(2)])


def set_max_bytes(n: int | None) -> None:
    """Replace the byte limit of every format for this process and the workers it starts (--max-file-size)."""
    if n is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = str(n)


# the errors pathlib's exists() and is_file() answer False for ("does not exist"); they raise any other
_MISSING_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_MISSING_WINERRORS = (21, 123, 1921)


def missing(err: OSError) -> bool:
    """Whether pathlib would take this error of a stat for "the path does not exist"."""
    return err.errno in _MISSING_ERRNOS or getattr(err, "winerror", None) in _MISSING_WINERRORS


_BINARY = getattr(os, "O_BINARY", 0)  # 0 on POSIX, where every file is binary


def read_within(path, limit: int | None) -> tuple[int, bytes | None]:
    """(size, bytes) of a file, the bytes None when the size is over `limit` (None: no limit): what
    `path.stat()` and then `path.read_bytes()` give, from one unbuffered open, one fstat of the open file
    and reads to its end (5 system calls where pathlib makes 11, and no buffered file object). Raises
    OSError as they raise it: a file that cannot be opened is stat'ed, so one over the limit is still too
    large, not unreadable; a folder opens, then fails to read (EISDIR)."""
    try:
        # non-inheritable (Python makes it so, as open() does); binary on Windows, as open(path, "rb") is
        fd = os.open(path, os.O_RDONLY | _BINARY)
    except OSError:
        size = os.stat(path).st_size  # its error first, as path.stat() came first
        if limit is not None and size > limit:
            return size, None
        raise
    try:
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            return size, None
        chunk = os.read(fd, size + 1)
        if not chunk:
            return size, b""
        parts = [chunk]
        while chunk := os.read(fd, 65536):  # to the end, as readall reads (a file may grow)
            parts.append(chunk)
        return size, parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def max_bytes_for(fmt: str) -> int:
    override = parse_size(os.environ.get(ENV, "")) if os.environ.get(ENV) else None
    return override if override is not None else MAX_BYTES[fmt]
