"""bundle/ledgers.plain_raw: the quick sum of a plain CSV of raw records gives the very MonthTable the
general reader (evidence.ledger.read_raw) gives, and declines (None) every file that is not plain,
so the general reader reads it and locates its problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle.ledgers import plain_raw
from cmscheck.evidence import read_file
from cmscheck.evidence.ledger import LedgerProblem, read_raw

ROOT = Path(__file__).resolve().parent.parent


def _general(path: Path, column=None, ledger_column=None):
    result = read_file(path, path.name)
    try:
        return read_raw(result, column, ledger_column)
    except LedgerProblem as p:
        return p


def _same(a, b) -> None:
    assert (a.file, a.column, a.sheet) == (b.file, b.column, b.sheet)
    assert a.values == b.values and list(a.values) == list(b.values)
    assert a.counts == b.counts and a.lines == b.lines and a.cells == b.cells


PLAIN = {
    "lf": "date,gas_Nm3\n2024-01-01,10\n2024-01-02,12.5\n2024-02-01,7\n",
    "crlf": "date,gas_Nm3\r\n2024-01-01,10\r\n2024-03-05,1e3\r\n",
    "cr only": "date,gas_Nm3\r2024-01-01,10\r2024-01-09,3\r",
    "bom": "\ufeffdate,gas_Nm3\n2024-01-01,10\n",
    "blank lines": "date,gas_Nm3\n\n2024-01-01,10\n,\n2024-01-02, 4 \n\n",
    "chinese header": "日期,用气量\n2024-05-01,10\n2024-05-31,-2\n",
    "spaced date": "Date ,v\n 2024-12-31 ,8\n",
    "extra columns": "meter,date,gas_Nm3,note\nA,2024-01-01,10,\nB,2024-01-02,11,x\n",
    "no trailing newline": "date,gas_Nm3\n2024-01-01,10",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_files_sum_as_the_general_reader_does(tmp_path, name):
    path = tmp_path / "raw.csv"
    path.write_text(PLAIN[name], encoding="utf-8", newline="")
    column = "gas_Nm3" if name == "extra columns" else None
    quick = plain_raw(path, "raw.csv", column, None)
    assert quick is not None, "a plain file is summed quickly"
    _same(quick, _general(path, column))


def test_the_ledgers_column_is_chosen_as_the_general_reader_chooses(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("date,coal_t,ash_t\n2024-01-01,10,1\n2024-01-02,11,2\n", encoding="utf-8")
    quick = plain_raw(path, "raw.csv", None, "ash_t")
    assert quick is not None and quick.column == "ash_t"
    _same(quick, _general(path, None, "ash_t"))


NOT_PLAIN = {
    "quoted": 'date,gas_Nm3\n2024-01-01,"1,000"\n',
    "thousands comma": "date,gas_Nm3\n2024-01-01,1，000\n",
    "title row": "2024年天然气计量记录\ndate,gas_Nm3\n2024-01-01,10\n",
    "total row": "date,gas_Nm3\n2024-01-01,10\n合计,10\n",
    "impossible date": "date,gas_Nm3\n2024-02-30,10\n",
    "slashed date": "date,gas_Nm3\n2024/01/01,10\n",
    "empty value": "date,gas_Nm3\n2024-01-01,\n2024-01-02,3\n",
    "unit in cell": "date,gas_Nm3\n2024-01-01,10 Nm3\n",
    "infinite": "date,gas_Nm3\n2024-01-01,inf\n",
    "nan": "date,gas_Nm3\n2024-01-01,nan\n",
    "two value columns": "date,a,b\n2024-01-01,1,2\n",
    "no date column": "when,gas_Nm3\n2024-01-01,10\n",
    "short row": "date,gas_Nm3\n2024-01-01\n",
    "date missing": "date,gas_Nm3\n,10\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
def test_other_files_are_left_to_the_general_reader(tmp_path, name):
    path = tmp_path / "raw.csv"
    path.write_text(NOT_PLAIN[name], encoding="utf-8")
    assert plain_raw(path, "raw.csv", None, None) is None
    _general(path)  # and the general reader answers: a table or a located problem, never a crash


def test_a_file_over_its_limit_or_not_text_is_left_to_the_general_reader(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text(PLAIN["lf"], encoding="utf-8")
    assert plain_raw(path, "raw.csv", None, None, max_bytes=10) is None
    path.write_bytes(b"%PDF-1.4\n" + PLAIN["lf"].encode())
    assert plain_raw(path, "raw.csv", None, None) is None
    xlsx = tmp_path / "raw.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    assert plain_raw(xlsx, "raw.xlsx", None, None) is None


def test_the_steel_examples_raw_records_are_plain():
    path = ROOT / "examples" / "hubei-steel" / "data" / "raw-gas-2024.csv"
    quick = plain_raw(path, path.name, None, "natural_gas_Nm3")
    assert quick is not None and sum(quick.counts.values()) == 366
    _same(quick, _general(path, None, "natural_gas_Nm3"))
