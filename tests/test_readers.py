"""The evidence readers: one per format behind cmscheck.evidence.read_file, each yielding sections and
tables with locators a person can follow. Word, Excel and PDF files are built in code."""

from __future__ import annotations

import codecs
import csv
import datetime as dt

import pytest

from cmscheck.evidence import limits, read_file
from cmscheck.evidence.word import heading_of
from readers_fixtures import docx_file, pdf_file, xlsx_file


def _section(result, heading: str):
    return next(s for s in result.sections if s.heading == heading)


# ---------------------------------------------------------------------------------------------- Word


def test_word_headings_by_style_and_by_chinese_numbering(tmp_path):
    path = docx_file(tmp_path / "policy.docx", [
        ("h1", "碳排放管理制度"),
        ("p", "第一章 总则"),
        ("p", "为规范公司温室气体排放管理，制定本制度。"),
        ("p", "第二条 本制度适用于公司所有生产车间、辅助设施及办公区域的能源消耗与排放活动。"),
        ("p", "第二章 职责"),
        ("p", "一、领导层"),
        ("p", "总经理批准年度减排指标并配置所需资源。"),
        ("p", "（一）能源管理科"),
        ("p", "按月汇总各车间电、气、煤的计量数据。"),
        ("table", [["岗位", "职责"], ["统计员", "核对抄表记录与结算单"]]),
        ("h2", "附则"),
        ("p", "1.1 解释权"),
        ("p", "本制度由能源管理科负责解释。"),
    ])
    r = read_file(path, "docs/policy.docx")
    assert (r.status, r.format) == ("read", "docx")
    paths = [s.heading_path for s in r.sections]
    assert ("碳排放管理制度", "第一章 总则") in paths
    # an article number opens a section; the rest of its paragraph is the section's text
    art = _section(r, "第二条")
    assert art.heading_path == ("碳排放管理制度", "第一章 总则", "第二条") and art.text.startswith("本制度适用于")
    dept = _section(r, "（一）能源管理科")
    assert dept.heading_path == ("碳排放管理制度", "第二章 职责", "一、领导层", "（一）能源管理科")
    assert "按月汇总" in dept.text and "核对抄表记录与结算单" in dept.text  # text in a table belongs to its section
    assert dept.locator.paragraph == 8 and dept.locator.heading.endswith("（一）能源管理科")
    assert dept.locator.text() == "docs/policy.docx § 碳排放管理制度 > 第二章 职责 > 一、领导层 > （一）能源管理科 ¶8"
    # a styled heading closes the numbered ones below it; 1.1 nests under it
    assert _section(r, "1.1 解释权").heading_path == ("碳排放管理制度", "附则", "1.1 解释权")
    (table,) = r.tables
    assert table.rows[1][1].value == "核对抄表记录与结算单"
    assert table.rows[1][1].locator.cell == "table 1 row 2 col 2"


@pytest.mark.parametrize("text, expected", [
    ("第三章 目标与指标", (100, "第三章 目标与指标", "")),
    ("第十二节 记录", (110, "第十二节 记录", "")),
    ("二、范围", (120, "二、范围", "")),
    ("(三)外包过程", (130, "(三)外包过程", "")),
    ("4.2.1 相关方", (155, "4.2.1 相关方", "")),
    ("第七条 各部门每季度报送能耗数据，由能源管理科汇总。", (190, "第七条", "各部门每季度报送能耗数据，由能源管理科汇总。")),
    ("一、公司在生产中使用天然气、电力和少量柴油，全部由外部供应。", None),  # a sentence, not a heading
    ("1. 准备抄表记录", None),  # a list item
    ("2024年度能源消耗统计", None),
])
def test_heading_numbering(text, expected):
    assert heading_of(text, None) == expected


# ----------------------------------------------------------------------------------------------- PDF


def test_pdf_text_per_page(tmp_path):
    path = pdf_file(tmp_path / "cert.pdf", ["碳管理体系认证证书\n证书编号 CMS-2024-0107", "", "有效期至 2027年10月31日"])
    r = read_file(path, "records/cert.pdf")
    assert (r.status, r.pages) == ("read", 3)
    assert [s.locator.page for s in r.sections] == [1, 3]  # the blank page 2 has no section
    assert "CMS-2024-0107" in r.sections[0].text and "2027年10月31日" in r.sections[1].text
    assert r.sections[1].locator.text() == "records/cert.pdf p.3"


def test_pdf_without_text_layer_is_scanned(tmp_path):
    r = read_file(pdf_file(tmp_path / "scan.pdf", ["", ""]), "scan.pdf")
    assert (r.status, r.pages, r.sections) == ("scanned", 2, ())
    assert "no text layer" in r.reason and "没有文字层" in r.reason_zh


def test_pdf_page_count_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 3)
    r = read_file(pdf_file(tmp_path / "long.pdf", [f"page {i}" for i in range(1, 8)]), "long.pdf")
    assert r.pages == 7 and [s.locator.page for s in r.sections] == [1, 2, 3] and r.meta["truncated"]


# --------------------------------------------------------------------------------------------- Excel


def test_excel_cells_keep_sheet_and_cell(tmp_path):
    path = xlsx_file(tmp_path / "book.xlsx", {
        "说明": [["本台账记录 2024 年外购电量"]],
        "月度": [["月份", "外购电量"], [dt.date(2024, 1, 1), 1200.5], ["2024年2月", 1300], [None, None], ["合计", "=SUM(B2:B3)"]],
    })
    r = read_file(path, "data/power.xlsx")
    assert r.status == "read" and r.meta["sheets"] == ["说明", "月度"]
    sheet = r.tables[1]
    assert sheet.locator.sheet == "月度"
    values = [[c.value for c in row] for row in sheet.rows]
    # a date cell reads as its date; the blank row 4 is left out; a formula is never evaluated (openpyxl saved no value)
    assert values == [["月份", "外购电量"], ["2024-01-01", 1200.5], ["2024年2月", 1300], ["合计"]]
    assert sheet.rows[2][1].locator.text() == "data/power.xlsx!月度!B3"
    assert sheet.rows[3][0].locator.cell == "A5"
    assert "本台账记录" in r.sections[0].text and r.sections[0].heading_path == ("说明",)


def test_excel_merged_cells_are_listed(tmp_path):
    path = xlsx_file(tmp_path / "m.xlsx", {"S": [["title"], ["月份", "电量"], [None, "一车间", "二车间"]]}, {"S": ["A1:C1", "B2:C2"]})
    assert read_file(path, "m.xlsx").meta["merged"] == {"S": ["A1:C1", "B2:C2"]}


# ----------------------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("encoding, raw_encoding", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gbk"), ("gb18030", "gb18030"),
])
def test_csv_encodings(tmp_path, encoding, raw_encoding):
    text = "月份,用电量（千瓦时）,备注\n2024-01,1200,一月份正常生产\n2024-02,980,春节停产检修一周\n"
    path = tmp_path / "ledger.csv"
    path.write_bytes(text.encode(raw_encoding))
    r = read_file(path, "ledger.csv")
    assert (r.status, r.encoding) == ("read", encoding)
    rows = [[c.value for c in row] for row in r.tables[0].rows]
    assert rows[2] == ["2024-02", "980", "春节停产检修一周"]
    assert r.tables[0].rows[2][1].locator.line == 3


def test_csv_declared_encoding_wins_and_a_wrong_one_is_unreadable(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes("月份,量\n2024-01,1\n".encode("gbk"))
    assert read_file(path, "l.csv", encoding="gbk").encoding == "gbk"
    bad = read_file(path, "l.csv", encoding="utf-8")
    assert bad.status == "unreadable" and "utf-8" in bad.reason and "line 1" in bad.reason
    assert read_file(path, "l.csv", encoding="klingon").status == "unreadable"


def test_csv_mac_line_endings_and_a_huge_field(tmp_path, monkeypatch):
    monkeypatch.setattr(csv, "field_size_limit", csv.field_size_limit)  # restore the process-wide limit afterwards
    old = csv.field_size_limit()
    big = "x" * 200_000
    path = tmp_path / "mac.csv"
    path.write_bytes(f'month,value,note\r2024-01,5,"{big}"\r2024-02,6,short\r'.encode())
    r = read_file(path, "mac.csv")
    assert r.status == "read"
    rows = r.tables[0].rows
    assert len(rows) == 3 and rows[2][1].locator.line == 3 and len(rows[1][2].value) == 200_000
    csv.field_size_limit(old)


# ------------------------------------------------------------------------------------ text, markdown


def test_markdown_and_text(tmp_path):
    md = tmp_path / "p.md"
    md.write_text("# 方针\n\n前言\n\n## 承诺\n\n持续降低排放。\n\n### 细则\n\n按月统计。\n", encoding="utf-8")
    r = read_file(md, "docs/p.md")
    assert [(s.heading_path, s.locator.line, s.level) for s in r.sections] == [
        (("方针",), 1, 1), (("方针", "承诺"), 5, 2), (("方针", "承诺", "细则"), 9, 3)]
    txt = tmp_path / "n.txt"
    txt.write_bytes("第一段\n第二行\n\n第二段\n".encode("gb18030"))
    r = read_file(txt, "n.txt")
    assert (r.status, r.encoding) == ("read", "gb18030")
    assert [(s.text, s.locator.line) for s in r.sections] == [("第一段\n第二行", 1), ("第二段", 4)]


def test_markdown_module_keeps_its_public_api():
    from cmscheck.bundle import ParsedDocument, Section, parse_markdown

    doc = parse_markdown("# 方针\n\n## 承诺\n\n遵守法规。\n", "docs/p.md")
    assert isinstance(doc, ParsedDocument) and isinstance(doc.sections[0], Section)
    assert doc.title == "方针" and doc.section("承诺").line == 3 and doc.find("法规")[0].heading == "承诺"


# ------------------------------------------------------------------------------ unsupported, too large


@pytest.mark.parametrize("name, payload, hint", [
    ("manual.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .docx"),
    ("ledger.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .xlsx"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, ".docx、.xlsx"),
    ("notes", b"plain", ".docx、.xlsx"),
])
def test_unsupported_formats_say_how_to_convert(tmp_path, name, payload, hint):
    path = tmp_path / name
    path.write_bytes(payload)
    r = read_file(path, name)
    assert r.status == "unsupported" and hint in r.reason_zh
    assert ".md .txt .csv .docx .xlsx .pdf" in r.reason


def test_size_limit_per_format_and_override(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("# 方针\n" + "正文。\n" * 100, encoding="utf-8")
    assert read_file(path, "p.md").status == "read"
    r = read_file(path, "p.md", max_bytes=100)
    assert r.status == "too_large" and r.meta["limit"] == 100 and "present evidence" in r.reason
    limits.set_max_bytes(50)
    try:
        assert read_file(path, "p.md").status == "too_large"
    finally:
        limits.set_max_bytes(None)
    assert read_file(path, "p.md").status == "read"


@pytest.mark.parametrize("size", ["20MB", "500k", "1.5G", "1048576", "2 MiB"])
def test_parse_size(size):
    assert limits.parse_size(size) > 0


def test_read_file_never_raises(tmp_path):
    payloads = [b"", b"\x00" * 10, b"PK\x03\x04garbage", b"%PDF-1.7\n%%EOF", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>",
                codecs.BOM_UTF16_LE + "月份".encode("utf-16-le"), bytes(range(256)) * 4]
    for suffix in [".md", ".txt", ".csv", ".docx", ".xlsx", ".pdf", ".png"]:
        for i, payload in enumerate(payloads):
            path = tmp_path / f"f{i}{suffix}"
            path.write_bytes(payload)
            r = read_file(path, path.name)
            assert r.status in ("read", "scanned", "unsupported", "unreadable"), (path.name, r)
            if r.status == "unreadable":
                assert r.reason and r.reason_zh
