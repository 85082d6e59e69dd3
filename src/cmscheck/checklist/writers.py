"""The checklist as an Excel workbook (drop-down answers, frozen header, wrapped text), Markdown or CSV.

Same input, same bytes: openpyxl stamps the save time into docProps/core.xml and every zip entry, so the
workbook is re-packed with times taken from the bundle's as_of. Cell text from the bundle is written as
plain strings (a leading `=` is escaped) so nothing in a bundle becomes a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from ..context import ReportContext
from ..render.escape import md
from .rows import ANSWERS, COLUMNS, GRADES, NC_TYPES, header, lang_of, rows, words

SHEET = {"zh": "核查清单", "en": "checklist"}
_FORMULA_START = ("=", "+", "-", "@")


def _cell(text: str) -> str:
    """CSV: a spreadsheet runs text that starts like a formula; a leading apostrophe keeps it text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _stamp(ctx: ReportContext) -> dt.datetime:
    return dt.datetime.combine(ctx.assessment.organization.as_of, dt.time(0, 0))


def xlsx(ctx: ReportContext) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = lang_of(ctx.lang)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET[lang]
    ws.append(header(lang))
    for r in rows(ctx):
        ws.append(r.cells())
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if c.data_type == "f":  # openpyxl reads a leading = as a formula: bundle text stays text
                c.data_type = "s"
    last = ws.max_row
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for i, (key, _, _, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width
        head = ws.cell(row=1, column=i)
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        if key in ("text", "expected", "found", "justification"):
            for row in range(2, last + 1):
                ws.cell(row=row, column=i).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    if last >= 2:
        for key, table in (("answer", ANSWERS), ("nc_type", NC_TYPES), ("grade", GRADES)):
            col = get_column_letter([c[0] for c in COLUMNS].index(key) + 1)
            dv = DataValidation(type="list", formula1='"' + ",".join(words(table, lang)) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="cmscheck",
                                error=("请从下拉列表中选择" if lang == "zh" else "choose from the drop-down list"))
            dv.add(f"{col}2:{col}{last}")
            ws.add_data_validation(dv)
    stamp = _stamp(ctx)
    wb.properties.creator = "cmscheck"
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.modified = stamp  # save() set it to now; core.xml is rewritten from this below
    return _repack(buf.getvalue(), stamp, wb)


def _repack(data: bytes, stamp: dt.datetime, wb) -> bytes:
    from openpyxl.xml.functions import tostring

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = tostring(wb.properties.to_tree())
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def markdown(ctx: ReportContext) -> str:
    lang = lang_of(ctx.lang)
    head = header(lang)
    hint = ("答复填写：" if lang == "zh" else "answer with: ") + " / ".join(words(ANSWERS, lang))
    out = [f"# {md(ctx.assessment.organization.name)} — {SHEET[lang]}", "", hint, "",
           "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows(ctx):
        out.append("| " + " | ".join(md(c) for c in r.cells()) + " |")
    return "\n".join(out) + "\n"


def csv_text(ctx: ReportContext) -> str:
    """UTF-8 with a byte-order mark, so Excel in China opens it as UTF-8 rather than GBK."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header(lang_of(ctx.lang)))
    for r in rows(ctx):
        w.writerow([_cell(c) for c in r.cells()])
    return "\ufeff" + buf.getvalue()
