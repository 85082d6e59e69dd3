"""Files from strangers: zip bombs dressed as Word or Excel files, XML entity expansion, PDFs that lie
about their pages or are encrypted, files whose name claims another format. Each is read as
"unreadable" with a reason (en and zh), never a traceback, in bounded memory."""

from __future__ import annotations

import re
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cmscheck.evidence import limits, read_file
from readers_fixtures import docx_file, pdf_file, xlsx_file

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
                  + b"]>\n")


def _unreadable(result, *fragments: str) -> None:
    assert result.status == "unreadable", result
    assert result.reason and result.reason_zh
    for f in fragments:
        assert f in result.reason, (f, result.reason)


def _replace_part(src: Path, dst: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == name else zin.read(info.filename))
    return dst


def _peak(fn) -> tuple[object, int]:
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_zip_bomb_docx_is_not_unpacked(tmp_path, monkeypatch):
    # A real bomb: 64 MB of zeros deflated to about 64 KB, against a limit lowered to 50 MB so the test
    # stays quick (the next test checks the real 500 MB limit from a patched directory).
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 50 * limits.MB)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/zeros.bin", "w", force_zip64=True) as f:
            chunk = b"\x00" * (8 * 1024 * 1024)
            for _ in range(8):
                f.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    result, peak = _peak(lambda: read_file(path, "bomb.docx"))
    _unreadable(result, "zip bomb", "not unpacked")
    assert "压缩炸弹" in result.reason_zh
    assert peak < 20 * 1024 * 1024


def test_zip_declaring_a_huge_size_is_refused_from_its_directory(tmp_path):
    """The central directory's sizes decide before anything is unpacked (patched here to claim 4 GB)."""
    src = xlsx_file(tmp_path / "ok.xlsx", {"S": [["月份", "电量"], ["2024-01", 1]]})
    data = bytearray(src.read_bytes())
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):  # central directory entries: uncompressed size at +24
        struct.pack_into("<I", data, m.start() + 24, 0xFFFFFFF0)
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    _unreadable(read_file(path, "liar.xlsx"), "would unpack to")


def test_zip_with_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 50)
    path = docx_file(tmp_path / "many.docx", [("p", "正文")])
    with zipfile.ZipFile(path, "a") as z:
        for i in range(60):
            z.writestr(f"customXml/item{i}.bin", b"x")
    _unreadable(read_file(path, "many.docx"), "entries")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_xml_entity_expansion_is_refused(tmp_path, kind):
    if kind == "docx":
        src, part = docx_file(tmp_path / "a.docx", [("p", "正文")]), "word/document.xml"
    else:
        src, part = xlsx_file(tmp_path / "a.xlsx", {"S": [["a"]]}), "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(src) as z:
        body = z.read(part)
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", body)
    evil = _replace_part(src, tmp_path / f"evil.{kind}", part, BILLION_LAUGHS + body.replace(b"</", b"&lol9;</", 1))
    result, peak = _peak(lambda: read_file(evil, f"evil.{kind}"))
    _unreadable(result, "DTD")
    assert peak < 20 * 1024 * 1024


def test_python_docx_parser_does_not_resolve_entities():
    """Defence in depth behind the DTD check: python-docx's own lxml parser leaves entities alone."""
    from docx.oxml.parser import oxml_parser

    from lxml import etree

    evil = b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'
    if Path("/etc/passwd").is_file():  # the same XML through a resolving parser does read the file
        assert "root:" in etree.tostring(etree.fromstring(evil, etree.XMLParser(resolve_entities=True))).decode()
    root = etree.fromstring(evil, oxml_parser)
    assert "root:" not in etree.tostring(root).decode()


def test_openpyxl_uses_defusedxml():
    from openpyxl import DEFUSEDXML
    assert DEFUSEDXML is True


def test_encrypted_pdf(tmp_path):
    locked = pdf_file(tmp_path / "locked.pdf", ["certificate text"], user_password="s3cret")
    _unreadable(read_file(locked, "locked.pdf"), "encrypted")
    # restricted only by an owner password: opens with the empty password and is read
    restricted = pdf_file(tmp_path / "restricted.pdf", ["certificate text"], owner_password="s3cret")
    r = read_file(restricted, "restricted.pdf")
    assert r.status == "read" and "certificate text" in r.sections[0].text


def test_pdf_claiming_a_billion_pages(tmp_path):
    data = pdf_file(tmp_path / "one.pdf", ["only page"]).read_bytes()
    path = tmp_path / "claims.pdf"
    path.write_bytes(re.sub(rb"/Count 1\b", b"/Count 999999999", data))
    start = time.monotonic()
    r = read_file(path, "claims.pdf")
    assert time.monotonic() - start < 10
    assert r.status in ("read", "unreadable") and (r.pages or 0) <= limits.MAX_PDF_PAGES


def test_pdf_page_tree_loop(tmp_path):
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
           b"2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\n"
           b"trailer<</Root 1 0 R/Size 3>>\n%%EOF\n")
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf)
    r = read_file(path, "loop.pdf")
    assert r.status in ("read", "unreadable") and not r.sections


@pytest.mark.parametrize("name, content, says", [
    ("policy.docx", b"%PDF-1.4\n%%EOF", "content is a PDF"),
    ("policy.docx", "碳管理方针：本公司承诺……".encode(), "content is text"),
    ("ledger.xlsx", None, "is a Word file"),  # a .docx renamed
    ("cert.pdf", "证书".encode(), "content is text"),
    ("ledger.csv", b"%PDF-1.4\n%%EOF", "content is a PDF"),
    ("manual.md", b"PK\x03\x04" + b"\x00" * 40, "zip archive"),
    ("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
])
def test_a_file_that_claims_another_format(tmp_path, name, content, says):
    path = tmp_path / name
    if content is None:
        docx_file(tmp_path / "real.docx", [("p", "正文")]).rename(path)
    else:
        path.write_bytes(content)
    _unreadable(read_file(path, name), says)


def test_damaged_zip(tmp_path):
    data = docx_file(tmp_path / "a.docx", [("p", "正文")]).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    _unreadable(read_file(path, "cut.docx"))


def test_binary_named_as_text(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"abc\x00def")
    _unreadable(read_file(path, "notes.txt"), "binary")


def test_unreadable_workbook_does_not_leak_a_traceback(tmp_path):
    src = xlsx_file(tmp_path / "a.xlsx", {"S": [["a"]]})
    path = _replace_part(src, tmp_path / "broken.xlsx", "xl/workbook.xml", b"<not-a-workbook")
    r = read_file(path, "broken.xlsx")
    _unreadable(r)
    assert "Traceback" not in r.reason and "\n" not in r.reason


def test_workbook_claiming_a_huge_sheet(tmp_path, monkeypatch):
    """A dimension of A1:XFD1048576 and a row numbered a billion cost neither width nor a billion empty rows."""
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 10_000)
    src = xlsx_file(tmp_path / "a.xlsx", {"S": [["月份", "电量"], ["2024-01", 1]]})
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    sheet = sheet.replace(b"</sheetData>", b'<row r="999999999"><c r="A999999999" t="n"><v>1</v></c></row></sheetData>')
    path = _replace_part(src, tmp_path / "huge.xlsx", "xl/worksheets/sheet1.xml", sheet)
    start = time.monotonic()
    r = read_file(path, "huge.xlsx")
    assert time.monotonic() - start < 10
    assert r.status == "read" and r.meta.get("truncated")
    assert [len(row) for row in r.tables[0].rows[:2]] == [2, 2]


def test_an_xml_part_parsed_whole_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XML_PART_BYTES", 1024 * 1024)
    src = docx_file(tmp_path / "a.docx", [("p", "正文")])
    with zipfile.ZipFile(src) as z:
        body = z.read("word/document.xml")
    padded = body.replace(b"</w:body>", b"<!--" + b" " * (2 * 1024 * 1024) + b"--></w:body>")
    _unreadable(read_file(_replace_part(src, tmp_path / "big.docx", "word/document.xml", padded), "big.docx"), "one XML part")
    # an Excel sheet is streamed, so only the shared parts are bounded this way
    book = xlsx_file(tmp_path / "b.xlsx", {"S": [["a", 1]]})
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    big_sheet = _replace_part(book, tmp_path / "bigsheet.xlsx", "xl/worksheets/sheet1.xml",
                              sheet.replace(b"</worksheet>", b"<!--" + b" " * (2 * 1024 * 1024) + b"--></worksheet>"))
    assert read_file(big_sheet, "bigsheet.xlsx").status == "read"


def test_a_library_complaining_about_a_file_prints_nothing(tmp_path, capfd, caplog):
    """pypdf logs what it repairs (with text from the file); none of it reaches the terminal."""
    data = pdf_file(tmp_path / "a.pdf", ["hello"]).read_bytes()
    path = tmp_path / "odd.pdf"
    path.write_bytes(data.replace(b"/WinAnsiEncoding", b"/WinXYZiEncoding"))
    r = read_file(path, "odd.pdf")
    assert r.status in ("read", "unreadable")
    assert not [rec for rec in caplog.records if rec.name.startswith("pypdf")]
    out, err = capfd.readouterr()
    assert out == "" and err == ""
