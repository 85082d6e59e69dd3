"""Ledgers as organizations keep them (Excel with titles, merged headers and total rows; CSV in GBK or
saved on a Mac) read into the same months as a clean CSV; every ledger problem is found by
`validate` (exit 2, located), so a bundle that passes validate always evaluates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.cli.validate import validate
from cmscheck.evidence import read_file
from cmscheck.evidence.ledger import LedgerProblem, read_ledger, read_raw
from readers_fixtures import xlsx_file
from test_rules import build, findings, inputs

from cmscheck.bundle import load_bundle
from cmscheck.evaluate import evaluate

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
TICKETS = "date,coal_t\n" + "".join(
    f"2024-{m:02d}-10,450\n2024-{m:02d}-20,450\n" if m == 3 else f"2024-{m:02d}-15,833.33\n" for m in range(1, 13))
LEDGER_LOC = ("data", "inventory", 0, "monitoring", 0, "ledger")


def _excel_ledger(path: Path) -> Path:
    """The complete bundle's coal ledger as an energy office keeps it in Excel."""
    rows: list[list] = [["2024年燃煤消耗统计台账"], ["月份", "燃煤"], [None, "coal_t", "备注"]]
    for m in range(1, 13):
        month = dt.date(2024, m, 1) if m <= 4 else (f"2024年{m}月" if m <= 8 else (dt.date(2024, m, 15) - dt.date(1899, 12, 30)).days)  # dates, text, serials
        rows.append([month, 833.33, "正常" if m != 7 else "检修"])
        if m == 6:
            rows += [["上半年小计", 4999.98], [None, None]]
    rows.append(["合计", 9999.96])
    return xlsx_file(path, {"封面": [["燃煤台账"]], "月度台账": rows}, {"月度台账": ["A1:C1", "A2:A3", "B2:C2"]})


def _series_finding(tmp_path: Path, excel: bool):
    case = {"set": {"data.inventory.0.monitoring.0.raw_records": ["data/coal-tickets.csv"]},
            "files": {"data/coal-tickets.csv": TICKETS}}
    if excel:
        case["set"]["data.inventory.0.monitoring.0.ledger"] = "data/ledger-coal.xlsx"
        case["set"]["data.inventory.0.monitoring.0.column"] = "coal_t"
    root = build(tmp_path, case)
    if excel:
        _excel_ledger(root / "data" / "ledger-coal.xlsx")
    catalog, ruleset = inputs()
    got = [f for f in findings(evaluate(load_bundle(root, catalog), catalog, ruleset)) if f.rule == "ledger-raw-mismatch"]
    assert got, "ledger-raw-mismatch did not fire"
    return got[0]


def test_excel_ledger_whose_months_do_not_add_up_gives_the_csv_finding(tmp_path):
    csv_f = _series_finding(tmp_path / "csv", excel=False)
    xlsx_f = _series_finding(tmp_path / "xlsx", excel=True)
    assert (xlsx_f.message, xlsx_f.grade, xlsx_f.situation, xlsx_f.statements) == (csv_f.message, csv_f.grade, csv_f.situation, csv_f.statements)
    assert "2024-03" in xlsx_f.message.en
    csv_cell = next(e for e in csv_f.evidence if e.file == "data/ledger-coal.csv" and e.line)
    xlsx_cell = next(e for e in xlsx_f.evidence if e.file == "data/ledger-coal.xlsx" and e.cell)
    assert csv_cell.line == 4  # March on line 4 of the CSV
    assert (xlsx_cell.sheet, xlsx_cell.cell, xlsx_cell.line) == ("月度台账", "B6", None)  # March in B6 of the workbook
    assert '"sheet"' not in csv_cell.model_dump_json() and '"cell":"B6"' in xlsx_cell.model_dump_json()


def test_stacked_header_names_and_month_forms(tmp_path):
    r = read_file(_excel_ledger(tmp_path / "l.xlsx"), "l.xlsx")
    t = read_ledger(r, "coal_t", 2024)
    assert t.column == "燃煤/coal_t" and t.sheet == "月度台账"
    assert sorted(t.values) == [(2024, m) for m in range(1, 13)] and set(t.values.values()) == {833.33}
    assert t.cells[(2024, 9)].cell == "B14" and t.where((2024, 9)) == {"sheet": "月度台账", "cell": "B14"}  # after 小计 and a blank row
    assert read_ledger(r, None, 2024).column == "燃煤/coal_t"  # beside the note column, the one that holds numbers
    two = tmp_path / "two.csv"
    two.write_text("月份,燃煤,焦炭\n2024-01,1,2\n", encoding="utf-8")
    with pytest.raises(LedgerProblem) as err:
        read_ledger(read_file(two, "two.csv"), None, 2024)  # two numeric columns: which one?
    assert "cannot tell the value column among 燃煤, 焦炭" in err.value.message
    with pytest.raises(LedgerProblem) as err:
        read_ledger(r, "coal_t", 2024, sheet="Sheet1")
    assert "no sheet 'Sheet1'" in err.value.message and "月度台账" in err.value.message


def test_raw_records_in_excel_with_serial_and_text_dates(tmp_path):
    path = xlsx_file(tmp_path / "t.xlsx", {"磅单": [["日期", "净重_t"], [dt.date(2024, 1, 5), 400], ["2024/01/25", 433.33],
                                                  [45337, 100], ["合计", 933.33]]})
    t = read_raw(read_file(path, "t.xlsx"), None)
    assert t.values == {(2024, 1): pytest.approx(833.33), (2024, 2): 100.0} and t.counts == {(2024, 1): 2, (2024, 2): 1}


def test_gbk_csv_ledger_reads_in_a_bundle(tmp_path):
    text = "月份,coal_t\r" + "".join(f"{m},833.33\r" for m in MONTHS) + "合计,9999.96\r"
    root = build(tmp_path, {})
    (root / "data" / "ledger-coal.csv").write_bytes(text.encode("gbk"))
    catalog, _ = inputs()
    b = load_bundle(root, catalog)
    assert len(b.ledgers[LEDGER_LOC].values) == 12


# --------------------------------------------------------------------------- validate == evaluate


def _validate(root: Path):
    return CliRunner().invoke(validate, [str(root)], catch_exceptions=True)


CELL_PROBLEMS = [
    ("a unit inside a cell", "2024-01,833.33 t", "'833.33 t' is not a number", "coal_t", 2),
    ("a word for a number", "2024-01,八百", "'八百' is not a number", "coal_t", 2),
    ("month 13", "2024-13,833.33", "'2024-13' is not a month", "month", 2),
    ("infinity", "2024-01,inf", "'inf' is not a number", "coal_t", 2),
]


@pytest.mark.parametrize("name, line, message, field, lineno", CELL_PROBLEMS, ids=[c[0] for c in CELL_PROBLEMS])
def test_validate_finds_what_evaluate_would_stop_on_csv(tmp_path, name, line, message, field, lineno):
    root = build(tmp_path, {"files": {"data/ledger-coal.csv": f"month,coal_t\n{line}\n"}})
    result = _validate(root)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert f"ledger-coal.csv:{lineno}: {field}: {message}" in result.stderr


@pytest.mark.parametrize("value, message", [("833.33吨", "'833.33吨' is not a number"), ("n/a", "'n/a' is not a number")])
def test_validate_finds_a_bad_excel_cell(tmp_path, value, message):
    root = build(tmp_path, {"set": {"data.inventory.0.monitoring.0.ledger": "data/l.xlsx"}})
    xlsx_file(root / "data" / "l.xlsx", {"台账": [["月份", "coal_t"], ["2024-01", 1], ["2024-02", value]]})
    result = _validate(root)
    assert result.exit_code == 2, result.output
    assert f"l.xlsx: 台账!B3 (coal_t): {message}" in result.stderr


@pytest.mark.parametrize("files, set_, message, where", [
    ({"data/ledger-coal.csv": ""}, {}, "the file is empty", "ledger-coal.csv"),
    ({}, {"data.inventory.0.monitoring.0.raw_records": ["data/none.csv"]}, "not found", "monitoring[0].raw_records[0]"),
    ({"data/scan.pdf": "%PDF-1.4\n%%EOF"}, {"data.inventory.0.monitoring.0.ledger": "data/scan.pdf"}, "cannot be read as a ledger", "monitoring[0].ledger"),
    ({"data/old.xls": "x"}, {"data.inventory.0.monitoring.0.ledger": "data/old.xls"}, "save it as .xlsx", "monitoring[0].ledger"),
])
def test_validate_finds_unreadable_ledgers(tmp_path, files, set_, message, where):
    root = build(tmp_path, {"files": files, "set": set_})
    result = _validate(root)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert message in result.stderr and where in result.stderr


def test_a_bundle_that_validates_evaluates(tmp_path):
    root = build(tmp_path, {"set": {"data.inventory.0.monitoring.0.ledger": "data/ledger-coal.xlsx",
                                     "data.inventory.0.monitoring.0.column": "coal_t"}})
    _excel_ledger(root / "data" / "ledger-coal.xlsx")
    assert _validate(root).exit_code == 0
    catalog, ruleset = inputs()
    assert not [f for f in findings(evaluate(load_bundle(root, catalog), catalog, ruleset)) if f.rule.startswith(("ledger", "monitoring"))]


def test_a_header_with_a_terminal_escape_is_shown_harmless(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("when\x1b[2J,coal_t\n2024-01,1\n", encoding="utf-8")
    with pytest.raises(LedgerProblem) as err:
        read_ledger(read_file(path, "l.csv"), None, 2024)
    assert "\x1b" not in err.value.message and "when?[2J, coal_t" in err.value.message


def test_total_rows_are_recognised_by_the_month_cell(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("计量点,日期,电量\n总计量表,2024-01-05,10\n总计量表,2024-01-20,5\n,小计,15\n2024年合计,,15\n", encoding="utf-8")
    t = read_raw(read_file(path, "r.csv"), "电量")
    assert t.values == {(2024, 1): 15.0} and t.counts == {(2024, 1): 2}  # the master meter's rows count; the totals do not
