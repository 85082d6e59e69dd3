"""The loop's round trip: checklist of examples/hubei-steel → three answers filled with openpyxl → import
→ evaluate shows them answered, with who and evidence. Bad cells are located by sheet, row and column;
nothing is written without --write; --write keeps the rest of the manifest's text and a .bak."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from cmscheck.checklist.rows import KEYS
from cmscheck.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
STEEL = ROOT / "examples" / "hubei-steel"
COL = {k: i + 1 for i, k in enumerate(KEYS)}


def _run(*args):
    return CliRunner().invoke(cli_main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def bundle(tmp_path):
    b = tmp_path / "steel"
    shutil.copytree(STEEL, b)
    return b


@pytest.fixture()
def checklist(bundle, tmp_path):
    out = tmp_path / "checklist.xlsx"
    res = _run("checklist", bundle, "-s", "cms", "-o", out)
    assert res.exit_code == 0, res.output
    return out


def _rows(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=COL["statement"]).value: r for r in range(2, ws.max_row + 1)}


def _fill(path: Path, answers: dict[str, dict[str, object]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = _rows(ws)
    for sid, cells in answers.items():
        for key, value in cells.items():
            ws.cell(row=rows[sid], column=COL[key]).value = value
    wb.save(path)


def _statements(report: dict) -> dict[str, dict]:
    return {r["id"]: r for s in report["standards"] for r in s["statements"]}


def test_round_trip_three_answers(bundle, checklist, tmp_path):
    import datetime as dt
    wb = openpyxl.load_workbook(checklist)
    rows = list(_rows(wb.worksheets[0]))
    documented = [r for r in range(2, wb.worksheets[0].max_row + 1)
                  if wb.worksheets[0].cell(row=r, column=COL["status"]).value == "有文件、待核实"]
    a = wb.worksheets[0].cell(row=documented[0], column=COL["statement"]).value
    b, c = rows[0], rows[1]  # not assessed
    _fill(checklist, {
        a: {"answer": "符合", "evidence": "D-POL, D-MAN", "answered_by": "内审组 李审核", "date": dt.datetime(2025, 3, 10),
            "justification": "方针已发布并传达"},
        b: {"answer": "不符合", "nc_type": "体系性", "grade": "一般", "evidence": "D-SCOPE", "answered_by": "内审组 张审核",
            "date": "2025-03-11"},
        c: {"answer": "conforming", "evidence": "D-PROC", "answered_by": "Auditor Wang"},
    })
    manifest = bundle / "cmscheck.yaml"
    before = manifest.read_text(encoding="utf-8")
    dry = _run("answers", "import", checklist, bundle)
    assert dry.exit_code == 0 and manifest.read_text(encoding="utf-8") == before  # nothing written without --write
    assert f"statement: {a}" in dry.stdout and "3 answer(s)" in dry.output
    zh = CliRunner().invoke(cli_main, ["answers", "import", str(checklist), str(bundle)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert zh.exit_code == 0 and "# 将添加到 " in zh.stdout and "3 个答复（2 个符合、1 个不符合）" in zh.stderr
    res = _run("answers", "import", checklist, bundle, "--write")
    assert res.exit_code == 0, res.output
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and "# PLANTED" in after  # the rest of the text, comments kept
    assert (bundle / "cmscheck.yaml.bak").read_text(encoding="utf-8") == before
    added = {e["statement"]: e for e in yaml.safe_load(after)["answers"]}
    assert added[b]["type"] == "systemic" and added[b]["grade"] == "general"

    out = tmp_path / "report.json"
    _run("evaluate", bundle, "-s", "cms", "--format", "json", "-o", out)
    got = _statements(json.loads(out.read_text(encoding="utf-8")))
    for sid, who in ((a, "内审组 李审核"), (b, "内审组 张审核"), (c, "Auditor Wang")):
        assert got[sid]["basis"] == "answered" and got[sid]["answered_by"] == who
    assert got[a]["status"] == "conforming" and got[b]["status"] == "nonconforming"
    assert {e["file"] for e in got[a]["evidence"]} >= {"docs/policy.md", "docs/manual.md"} or len(got[a]["evidence"]) >= 3
    assert got[a]["note"] == "方针已发布并传达"
    # importing again replaces, never duplicates
    assert _run("answers", "import", checklist, bundle, "--write").exit_code == 0
    assert len([e for e in yaml.safe_load(manifest.read_text(encoding="utf-8"))["answers"] if e["statement"] == a]) == 1


def test_not_applicable_becomes_an_exclusion(bundle, checklist, tmp_path):
    wb = openpyxl.load_workbook(checklist)
    sid = list(_rows(wb.worksheets[0]))[2]
    _fill(checklist, {sid: {"answer": "不适用", "justification": "评价期内无新建项目"}})
    assert _run("answers", "import", checklist, bundle, "--write").exit_code == 0
    exclusions = yaml.safe_load((bundle / "cmscheck.yaml").read_text(encoding="utf-8"))["exclusions"]
    assert exclusions == [{"statement": sid, "justification": "评价期内无新建项目"}]
    out = tmp_path / "r.json"
    _run("evaluate", bundle, "-s", "cms", "--format", "json", "-o", out)
    assert _statements(json.loads(out.read_text(encoding="utf-8")))[sid]["basis"] == "excluded"


@pytest.mark.parametrize("cells, column, message", [
    ({"answer": "yes", "answered_by": "x"}, "I", "unknown answer 'yes'"),
    ({"answer": "符合"}, "N", "answered_by is empty"),
    ({"answer": "符合", "answered_by": "x", "date": "2025/3/1"}, "O", "'2025/3/1' is not a date"),
    ({"answer": "不符合", "answered_by": "x", "grade": "重大"}, "K", "unknown grade '重大'"),
    ({"answer": "不适用"}, "M", "needs a justification"),
])
def test_bad_cell_is_located(bundle, checklist, cells, column, message):
    wb = openpyxl.load_workbook(checklist)
    rows = _rows(wb.worksheets[0])
    sid = list(rows)[3]
    _fill(checklist, {sid: cells})
    before = (bundle / "cmscheck.yaml").read_bytes()
    res = _run("answers", "import", checklist, bundle, "--write")
    assert res.exit_code == 2
    assert f"sheet '核查清单' row {rows[sid]} column {column}" in res.output and message in res.output
    assert "fix:" in res.output
    assert (bundle / "cmscheck.yaml").read_bytes() == before and not (bundle / "cmscheck.yaml.bak").exists()


def test_unknown_statement_and_observation_on_shall(bundle, checklist):
    wb = openpyxl.load_workbook(checklist)
    ws = wb.worksheets[0]
    ws.cell(row=2, column=COL["statement"]).value = "cms:99.9.z"
    ws.cell(row=2, column=COL["answer"]).value = "符合"
    ws.cell(row=2, column=COL["answered_by"]).value = "x"
    shall = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=COL["modality"]).value == "应")
    ws.cell(row=shall, column=COL["answer"]).value = "观察项"
    ws.cell(row=shall, column=COL["answered_by"]).value = "x"
    wb.save(checklist)
    res = _run("answers", "import", checklist, bundle)
    assert res.exit_code == 2
    assert "row 2 column A" in res.output and "unknown statement id 'cms:99.9.z'" in res.output
    assert f"row {shall} column I" in res.output and "on a 'shall' statement" in res.output


def test_manifest_edit_keeps_comments_and_replaces_by_statement():
    from cmscheck.checklist.manifest import update

    text = (
        "organization:\n  name: x   # keep me\n"
        "answers:                # your answers\n"
        "  - statement: cms:5.1.k   # first\n    status: conforming\n    answered_by: 李\n"
        "  # about the second\n"
        "  - statement: cms:5.1.c\n    status: nonconforming\n    answered_by: 李\n"
        "\nexclusions: []\n# trailing comment\nwaivers: []\n"
    )
    new = update(text, [{"statement": "cms:5.1.c", "status": "conforming", "answered_by": "王"}],
                 [{"statement": "cms:5.1.k", "justification": "不涉及"}])
    data = yaml.safe_load(new)
    assert data["answers"] == [{"statement": "cms:5.1.c", "status": "conforming", "answered_by": "王"}]
    assert data["exclusions"] == [{"statement": "cms:5.1.k", "justification": "不涉及"}]
    assert data["waivers"] == [] and data["organization"] == {"name": "x"}
    for kept in ("name: x   # keep me", "answers:                # your answers", "# trailing comment"):
        assert kept in new
    assert "# about the second" not in new  # a replaced entry goes with the comment just above it
