"""The checklist: exactly the statements that need a person, with drop-down answers, a frozen header and
wrapped text; the same bytes on every run; Markdown escaped; CSV with a byte-order mark."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cmscheck.checklist.rows import KEYS
from cmscheck.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
STEEL = ROOT / "examples" / "hubei-steel"
COL = {k: i + 1 for i, k in enumerate(KEYS)}


def _run(*args):
    return CliRunner().invoke(cli_main, [str(a) for a in args], catch_exceptions=False)


def test_rows_are_the_statements_that_need_a_person(tmp_path):
    out, report = tmp_path / "c.xlsx", tmp_path / "r.json"
    assert _run("checklist", STEEL, "-s", "key-industry", "-o", out, "--lang", "en").exit_code == 0
    _run("evaluate", STEEL, "-s", "key-industry", "--format", "json", "-o", report)
    std = json.loads(report.read_text(encoding="utf-8"))["standards"][0]
    want = [r["id"] for r in std["statements"] if r["status"] in ("documented", "not_assessed")]
    ws = openpyxl.load_workbook(out).worksheets[0]
    got = [ws.cell(row=r, column=COL["statement"]).value for r in range(2, ws.max_row + 1)]
    assert got == want and len(got) > 50
    # what it wrote, said on stderr in the run's language
    en = _run("checklist", STEEL, "-s", "key-industry", "-o", out, "--lang", "en")
    assert f"cmscheck: {out}: {len(want)} statements to answer" in en.stderr
    zh = _run("checklist", STEEL, "-s", "key-industry", "-o", out, "--lang", "zh")
    assert f"cmscheck：{out}：{len(want)} 条条款陈述待答复" in zh.stderr
    # documented rows show what cmscheck found; the answer column offers the four answers
    documented = [r for r in std["statements"] if r["status"] == "documented" and r["evidence"]][0]
    row = got.index(documented["id"]) + 2
    assert ws.cell(row=row, column=COL["status"]).value == "documented — to verify"
    assert documented["evidence"][0]["file"] in ws.cell(row=row, column=COL["found"]).value
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"conforming,nonconforming,not applicable,observation"' in lists
    assert ws.freeze_panes == "B2"
    assert ws.cell(row=2, column=COL["text"]).alignment.wrap_text
    assert ws.column_dimensions["D"].width >= 40


def test_same_input_same_bytes(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _run("checklist", STEEL, "-o", a)
    time.sleep(2.1)  # zip entries carry 2-second times: a later save must still give the same bytes
    _run("checklist", STEEL, "-o", b)
    assert a.read_bytes() == b.read_bytes()
    core = zipfile.ZipFile(io.BytesIO(a.read_bytes())).read("docProps/core.xml").decode()
    assert "2025-03-31T00:00:00Z" in core  # the bundle's as_of, not the wall clock


def test_markdown_escapes_bundle_text_and_csv_has_bom(tmp_path):
    b = tmp_path / "steel"
    shutil.copytree(STEEL, b)
    # a document path with characters Markdown and spreadsheets give meaning to
    src = b / "docs" / "policy.md"
    shutil.copyfile(src, b / "=cmd|x.md")  # at the root: it sorts first, so a cell starts with it
    m = b / "cmscheck.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("docs/policy.md", "=cmd|x.md"), encoding="utf-8")
    md = _run("checklist", b, "-s", "cms", "--format", "markdown").stdout
    assert "\\|x.md" in md and "=cmd|x.md" not in md
    csv = _run("checklist", b, "-s", "cms", "--format", "csv", "-o", tmp_path / "c.csv")
    assert csv.exit_code == 0
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "条目编号".encode() in raw[:40]
    assert b",'=cmd|x.md" in raw and b",=cmd" not in raw  # a cell that starts like a formula stays text
    out = tmp_path / "c.xlsx"
    _run("checklist", b, "-s", "cms", "-o", out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row]
    assert any(str(c.value).startswith("=cmd|x.md") and c.data_type == "s" for c in cells)
    assert all(c.data_type != "f" for c in cells)


def test_the_workbook_is_written_as_every_report_is(tmp_path):
    """The workbook goes through write_atomic like the text reports: ordinary permissions (its own copy
    of the writer left mkstemp's 0600), and a path below a file is a located problem (exit 2), not a crash."""
    import os

    old = os.umask(0o027)
    try:
        assert _run("checklist", STEEL, "-s", "key-industry", "-o", tmp_path / "c.xlsx").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "c.xlsx").stat().st_mode & 0o777 == 0o640
    openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xlsx"]  # no temporary file left
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    res = _run("checklist", STEEL, "-s", "key-industry", "-o", tmp_path / "afile" / "c.xlsx")
    assert res.exit_code == 2 and "afile is a file, not a folder" in res.output and "Traceback" not in res.output
