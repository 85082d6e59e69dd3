"""What a file really is, from its first bytes, and whether a zip archive is safe to hand to a library.

A file's suffix is a claim; the magic bytes decide. A Word or Excel file is a zip archive of XML
parts: before python-docx or openpyxl opens one, its central directory is checked (entry count,
total unpacked size: a zip bomb is refused without unpacking it) and every XML part's prolog is
scanned for a DTD (`<!DOCTYPE`/`<!ENTITY`): Office never writes one, and a DTD is how entity
expansion ("billion laughs") and external entities get in. Reading an entry through zipfile stops at
its declared size, so the declared sizes checked here bound what the libraries can unpack.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import limits

HEAD = 2048


class Refused(Exception):
    """The file cannot be read safely or is not what it claims; carries (en, zh) reasons."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh


def head(path: Path, n: int = HEAD) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def kind_of(first: bytes) -> str:
    """A coarse name for what the first bytes are: pdf, zip, ole, image, binary or text."""
    if b"%PDF-" in first[:1024]:
        return "pdf"
    if first.startswith(b"PK\x03\x04") or first.startswith(b"PK\x05\x06"):
        return "zip"
    if first.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # .doc/.xls, or a password-protected .docx/.xlsx
    if first.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if b"\x00" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


_SHOWN = {"pdf": "a PDF", "zip": "a zip archive", "ole": "an old binary Office file (.doc/.xls) or a password-protected Office file",
          "image": "an image", "binary": "a binary file", "text": "text"}
_SHOWN_ZH = {"pdf": "PDF 文件", "zip": "zip 压缩包", "ole": "旧版二进制 Office 文件（.doc/.xls）或加密的 Office 文件",
             "image": "图片", "binary": "二进制文件", "text": "文本"}


def mismatch(suffix: str, found: str) -> Refused:
    return Refused(f"the file is named {suffix} but its content is {_SHOWN[found]}; give it the extension that matches "
                   f"its content (or save it again as {suffix})",
                   f"文件扩展名为 {suffix}，但内容是{_SHOWN_ZH[found]}；请改用与内容相符的扩展名（或重新另存为 {suffix}）")


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")


def check_zip(path: Path, main_part: str, suffix: str, streamed: str | None = None) -> None:
    """Refuse a zip that is not the Office file it claims, or that would unpack beyond the limits."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.MAX_ZIP_ENTRIES:
                raise Refused(f"the archive holds {len(infos):,} entries, over the limit of {limits.MAX_ZIP_ENTRIES:,}; it is not unpacked",
                              f"压缩包内有 {len(infos):,} 个条目，超过上限 {limits.MAX_ZIP_ENTRIES:,}，不予解压")
            total = sum(i.file_size for i in infos)
            if total > limits.MAX_UNZIPPED_BYTES:
                raise Refused(f"the file would unpack to {total:,} bytes, over the limit of {limits.MAX_UNZIPPED_BYTES // limits.MB} MB "
                              "(a zip bomb, or an oversized file); it is not unpacked",
                              f"文件解压后将达 {total:,} 字节，超过上限 {limits.MAX_UNZIPPED_BYTES // limits.MB} MB（疑似压缩炸弹），不予解压")
            names = {i.filename for i in infos}
            if main_part not in names:
                other = "a Word file" if "word/document.xml" in names else "an Excel file" if "xl/workbook.xml" in names else "a zip archive"
                other_zh = "Word 文件" if "word/document.xml" in names else "Excel 文件" if "xl/workbook.xml" in names else "普通 zip 压缩包"
                raise Refused(f"the file is named {suffix} but is {other}; give it the extension that matches its content",
                              f"文件扩展名为 {suffix}，但内容是{other_zh}；请改用与内容相符的扩展名")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
                    whole = not (streamed and info.filename.startswith(streamed))
                    if whole and info.file_size > limits.MAX_XML_PART_BYTES:
                        raise Refused(f"the part {info.filename} would unpack to {info.file_size:,} bytes, over the limit of "
                                      f"{limits.MAX_XML_PART_BYTES // limits.MB} MB for one XML part; it is not read",
                                      f"文件部件 {info.filename} 解压后达 {info.file_size:,} 字节，超过单个 XML 部件的上限 "
                                      f"{limits.MAX_XML_PART_BYTES // limits.MB} MB，不予读取")
                    _check_prolog(z, info)
    except zipfile.BadZipFile as e:
        raise Refused(f"the file is a damaged zip archive ({e})", f"文件是损坏的 zip 压缩包（{e}）") from None
    except (NotImplementedError, RuntimeError) as e:  # unknown compression method, encrypted entry
        raise Refused(f"the archive cannot be unpacked: {e}", f"压缩包无法解压：{e}") from None


def _check_prolog(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Scan an XML part up to its root element: a DTD there is refused, so is an endless prolog."""
    seen = b""
    with z.open(info) as f:
        while len(seen) < limits.MAX_XML_PROLOG:
            chunk = f.read(4096)
            if not chunk:
                return
            seen += chunk
            # the prolog ends at the first element start tag; comments and <?xml ...?> come before it
            root = _ROOT.search(seen)
            stop = root.start() if root else len(seen)
            if _DTD.search(seen[:stop]):
                raise Refused(f"the part {info.filename} declares a DTD or entities, which Office files never do "
                              "(an XML entity attack); the file is not read",
                              f"文件部件 {info.filename} 含有 DTD 或实体声明（Office 文件从不如此，疑似 XML 实体攻击），不予读取")
            if root:
                return
    raise Refused(f"the part {info.filename} has no XML element in its first {limits.MAX_XML_PROLOG:,} bytes; the file is not read",
                  f"文件部件 {info.filename} 前 {limits.MAX_XML_PROLOG:,} 字节内没有 XML 元素，不予读取")
