"""PDF files with pypdf: the text layer, one section per page.

There is no OCR: a PDF whose pages carry no text (a scan) is reported as "scanned", present
evidence whose content no rule can check. An encrypted PDF is read only when it opens with an
empty password (owner-restricted files); otherwise it is unreadable. At most MAX_PDF_PAGES pages
are read, so a file claiming a huge page count costs bounded time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import limits
from .model import Locator, ReadResult, Section


def read_pdf(path: Path, rel: str) -> ReadResult:
    from pypdf import PdfReader  # imported here: only bundles with PDFs pay for it
    from pypdf.errors import PdfReadError

    # pypdf logs (even at ERROR) what it repairs in odd files, with text from the file: silenced, so a
    # stranger's bytes never reach the terminal; the result says what matters.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (PdfReadError, NotImplementedError, ValueError, KeyError, TypeError):
            opened = 0  # an encryption pypdf cannot open with the empty password: reported as encrypted below
        if not opened:
            return ReadResult(rel, "pdf", "unreadable",
                              reason="the PDF is encrypted (password-protected); save an unprotected copy in the bundle",
                              reason_zh="PDF 已加密（需要密码）；请在证据包中放入未加密的副本")
    total = len(reader.pages)
    sections: list[Section] = []
    chars = 0
    with_text = 0
    for n in range(min(total, limits.MAX_PDF_PAGES)):
        text = (reader.pages[n].extract_text() or "").strip()
        if text:
            with_text += 1
            chars += len(text)
            sections.append(Section((), text, Locator(rel, page=n + 1)))
        if chars > limits.MAX_TEXT_CHARS:
            break
    meta = {}
    if total > limits.MAX_PDF_PAGES or chars > limits.MAX_TEXT_CHARS:
        meta["truncated"] = True
    if total and not with_text:
        return ReadResult(rel, "pdf", "scanned", pages=total, meta=meta,
                          reason="scanned, no text layer: the pages are images and are not read (no OCR)",
                          reason_zh="扫描件，没有文字层：页面是图像，不读取（不做文字识别）")
    return ReadResult(rel, "pdf", "read", sections=tuple(sections), pages=total, meta=meta)
