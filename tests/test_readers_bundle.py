"""Evidence in Word, Excel and PDF inside a bundle: documents are read (never refused for size or
format), answers cite a heading, page or cell, validate notes what it could not read, and
--max-file-size moves the readers' limits."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.findings import EvidenceRef
from readers_fixtures import docx_file, pdf_file, xlsx_file

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "small-manufacturer"
HEAD = textwrap.dedent("""\
    cmscheck: 1
    organization:
      name: 示例机械有限公司
      kind: enterprise
      sector: manufacturing
      period: {start: 2024-01-01, end: 2024-12-31}
      as_of: 2025-03-31
    """)


def _bundle(tmp_path: Path) -> Path:
    root = tmp_path / "b"
    (root / "docs").mkdir(parents=True)
    docx_file(root / "docs" / "policy.docx", [("h1", "碳管理方针"), ("p", "一、承诺"), ("p", "遵守节能与碳排放相关法律法规，履行合规义务。")])
    pdf_file(root / "docs" / "cert.pdf", ["certificate of training", "course outline"])
    xlsx_file(root / "docs" / "bills.xlsx", {"2024年": [["月份", "电量"], ["2024-01", 100]]})
    (root / "docs" / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")  # damaged: unreadable, yet present
    (root / "docs" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (root / "cmscheck.yaml").write_text(HEAD + textwrap.dedent("""\
        documents:
          - {id: pol, kind: policy, title: 碳管理方针, file: docs/policy.docx}
          - {id: man, kind: manual, title: 手册, file: docs/old.doc}
          - {id: scan, kind: procedures, title: 程序文件扫描件, file: docs/scan.pdf}
        records:
          other:
            - {id: cert, kind: competence_records, date: 2024-11-20, title: 培训证书, file: docs/cert.pdf}
            - {id: bills, kind: purchase_records, date: 2024-12-31, title: 电费单, file: docs/bills.xlsx}
        """), encoding="utf-8")
    return root


def test_documents_in_every_format_are_read_or_kept_as_present(tmp_path):
    b = load_bundle(_bundle(tmp_path), load_catalog())
    status = {rel: r.status for rel, r in b.readings.items()}
    assert status == {"docs/policy.docx": "read", "docs/old.doc": "unsupported", "docs/scan.pdf": "unreadable",
                      "docs/cert.pdf": "read", "docs/bills.xlsx": "read"}
    assert b.documents["pol"].format == "docx" and b.documents["pol"].find("合规义务")[0].heading == "一、承诺"
    assert b.ref("pol", "承诺") == EvidenceRef(file="docs/policy.docx", section="一、承诺", paragraph=2)
    assert "man" not in b.documents and "scan" not in b.documents


def test_cite_a_heading_a_page_and_a_cell(tmp_path):
    b = load_bundle(_bundle(tmp_path), load_catalog())
    assert b.cite("docs/policy.docx#承诺") == EvidenceRef(file="docs/policy.docx", section="一、承诺", paragraph=2)
    assert b.cite("docs/cert.pdf#p.2") == EvidenceRef(file="docs/cert.pdf", page=2)
    assert b.cite("docs/bills.xlsx#2024年!b2") == EvidenceRef(file="docs/bills.xlsx", sheet="2024年", cell="B2")
    assert b.cite("docs/policy.docx#目标").note == "文件中未找到“目标” / '目标' not found in the file"
    # a file not read: the place may be there, nothing says it is not
    assert b.cite("docs/old.doc#第二章").note == "文件内容未读取，未能定位“第二章” / the file's content was not read: '第二章' not located"
    assert b.cite("docs/cert.pdf") == EvidenceRef(file="docs/cert.pdf")


@pytest.mark.parametrize("lang, note, unsupported, unreadable, fix", [
    ("C.UTF-8", "cmscheck: note:", "old.doc: unsupported", "scan.pdf: unreadable", "save it as .docx"),
    # in a Chinese locale the note is Chinese, the reader's reason too (it was English in both)
    ("zh_CN.UTF-8", "cmscheck：注意：", "old.doc：不支持的格式：", "scan.pdf：无法读取：", "另存为 .docx"),
])
def test_validate_notes_what_it_could_not_read(tmp_path, monkeypatch, lang, note, unsupported, unreadable, fix):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    root = _bundle(tmp_path)
    result = CliRunner().invoke(cli_main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith(note)]
    assert len(notes) == 2
    assert any(unsupported in n and fix in n for n in notes)
    assert any(unreadable in n for n in notes)


def test_max_file_size(tmp_path):
    root = _bundle(tmp_path)
    result = CliRunner().invoke(cli_main, ["validate", str(root), "--max-file-size", "1KB"])
    assert result.exit_code == 0, result.output  # documents over the limit are present evidence, not problems
    assert "policy.docx: too_large" in result.stderr and "1,024-byte limit" in result.stderr
    # the next run without the option has every format's own limit again
    again = CliRunner().invoke(cli_main, ["validate", str(root)])
    assert "too_large" not in again.stderr
    bad = CliRunner().invoke(cli_main, ["validate", str(root), "--max-file-size", "lots"])
    assert bad.exit_code == 2 and "is not a size" in bad.output


def test_max_file_size_makes_a_ledger_a_problem(tmp_path):
    root = _bundle(tmp_path)
    (root / "data").mkdir()
    (root / "data" / "gas.csv").write_text("month,value\n" + "".join(f"2024-{m:02d},{m * 10}\n" for m in range(1, 13)), encoding="utf-8")
    text = (root / "cmscheck.yaml").read_text(encoding="utf-8") + textwrap.dedent("""\
        data:
          inventory:
            - year: 2024
              total: {value: 1, unit: tCO2e}
              monitoring:
                - {parameter: 天然气消耗量, ledger: data/gas.csv}
        """)
    (root / "cmscheck.yaml").write_text(text, encoding="utf-8")
    assert CliRunner().invoke(cli_main, ["validate", str(root)]).exit_code == 0
    result = CliRunner().invoke(cli_main, ["evaluate", str(root), "--max-file-size", "100"])
    assert result.exit_code == 2
    assert "data.inventory[0].monitoring[0].ledger: 'data/gas.csv' cannot be read as a ledger" in result.stderr
    assert "--max-file-size" in result.stderr  # the fix says how to raise the limit


def test_example_keeps_word_excel_and_pdf_evidence(tmp_path):
    root = tmp_path / "sm"
    shutil.copytree(EXAMPLE, root)
    b = load_bundle(root, load_catalog())
    formats = {r.format for r in b.readings.values() if r.status == "read"}
    assert {"docx", "xlsx", "pdf"} <= formats
    result = CliRunner().invoke(cli_main, ["evaluate", str(root), "--format", "text", "--lang", "en"])
    assert "docs/roles.docx §一、职责分工 ¶3 — 答复所引 / cited by the answer" in result.stdout


def test_a_cited_place_must_be_in_the_file(tmp_path):
    root = _bundle(tmp_path)
    text = (root / "cmscheck.yaml").read_text(encoding="utf-8") + textwrap.dedent("""\
        answers:
          - statement: cms:5.2.2
            status: conforming
            evidence: ["docs/policy.docx#承诺", "docs/policy.docx#目标", "docs/cert.pdf#p.3", "docs/bills.xlsx#2023年!B2", "docs/old.doc#第二章"]
            answered_by: 管理者代表
        """)
    (root / "cmscheck.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli_main, ["validate", str(root)])
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if "answers[0].evidence" in line]
    assert len(problems) == 3, result.stderr  # the heading that exists and the unreadable .doc pass
    assert "evidence[1]: no heading containing '目标' in 'docs/policy.docx' (headings: 碳管理方针, 一、承诺)" in result.stderr
    assert "evidence[2]: page 3 is not in 'docs/cert.pdf', which has 2 page(s)" in result.stderr
    assert "evidence[3]: no sheet '2023年' in 'docs/bills.xlsx' (sheets: 2024年)" in result.stderr



def test_notes_citing_files_not_read_hold_chinese_then_english(tmp_path):
    """Every evidence note is one text for either language's report, Chinese first (test_i18n): so are
    those citing a document whose content was not read, and a place in it an answer cites."""
    import json
    root = _bundle(tmp_path)
    shutil.copy(root / "docs" / "old.doc", root / "docs" / "policy-2023.doc")
    text = (root / "cmscheck.yaml").read_text(encoding="utf-8").replace("documents:\n", "documents:\n"
            "  - {id: pol-old, kind: policy, title: 旧版方针, file: docs/policy-2023.doc}\n") + textwrap.dedent("""\
        answers:
          - statement: cms:5.2.2
            status: conforming
            evidence: ["docs/old.doc#第二章"]
            answered_by: 管理者代表
        """)
    (root / "cmscheck.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli_main, ["evaluate", str(root), "-s", "cms", "--format", "json", "-o", str(out),
                                           "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    notes = {(e["file"], e.get("note")) for s in report["standards"] for r in s["statements"] + s["findings"]
             for e in r["evidence"]}
    assert ("docs/old.doc", "答复所引 / cited by the answer; 文件内容未读取，未能定位“第二章” / "
                            "the file's content was not read: '第二章' not located") in notes
    # the policy elements policy.docx does not state: the unread policy is cited beside it
    unread = {n for f, n in notes if f == "docs/policy-2023.doc" and n and " / " in n}
    assert len(unread) == 1, unread
    zh, _, en = unread.pop().partition(" / ")
    assert zh.startswith("不支持的格式：") and "另存为 .docx" in zh and en.startswith("unsupported: ") and "save it as .docx" in en


def test_an_unread_note_without_a_reason_is_the_status_in_both_languages():
    from cmscheck.evidence.model import ReadResult
    assert ReadResult("a.pdf", "pdf", "unreadable").unread_note() == "无法读取 / unreadable"
    assert ReadResult("a.pdf", "pdf", "scanned", reason="no text layer").unread_note() == (
        "扫描件（无文字层）：no text layer / scanned: no text layer")
