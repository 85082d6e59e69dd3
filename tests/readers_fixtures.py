"""Word, Excel and PDF files built in code for the reader tests (python-docx, openpyxl, fpdf2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def docx_file(path: Path, blocks: list) -> Path:
    """blocks: ("h1", text) heading by style, ("p", text) body paragraph, ("table", [[...], ...])."""
    import docx

    d = docx.Document()
    for kind, content in blocks:
        if kind.startswith("h"):
            d.add_heading(content, int(kind[1:]))
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "table":
            t = d.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
    d.save(str(path))
    return path


def xlsx_file(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(title, []):
            ws.merge_cells(ref)
    wb.save(str(path))
    return path


def pdf_file(path: Path, pages: list[str], user_password: str | None = None, owner_password: str | None = None) -> Path:
    """A PDF with one text page per item (Chinese text needs the CJK font; an empty item is a blank page)."""
    from fpdf import FPDF

    pdf = FPDF()
    cjk = any(ord(ch) > 255 for text in pages for ch in text)
    if cjk:
        if not CJK_FONT.is_file():
            pytest.skip("no CJK font for fpdf2 (apt-get install fonts-wqy-zenhei)")
        pdf.add_font("cjk", fname=str(CJK_FONT))
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("helvetica", size=12)
    if user_password is not None or owner_password is not None:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password or "")
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def date(y: int, m: int, d: int = 1) -> dt.date:
    return dt.date(y, m, d)
