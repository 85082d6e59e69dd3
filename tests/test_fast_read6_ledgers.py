"""Round 6, reading: plain_raw sums a run of one month's records in locals and puts the run back when
the month changes. The sums are the general reader's (the same additions in the same order), also when
months come back after another month, with values whose sum depends on their order, and when the file
ends with blank lines or declines half-way."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle.ledgers import plain_raw
from cmscheck.evidence import read_file
from cmscheck.evidence.ledger import LedgerProblem, read_raw

ROOT = Path(__file__).resolve().parent.parent


def _general(path: Path, column=None):
    try:
        return read_raw(read_file(path, path.name), column, None)
    except LedgerProblem as p:
        return p


def _same(a, b) -> None:
    assert (a.file, a.column, a.sheet) == (b.file, b.column, b.sheet)
    assert a.values == b.values and list(a.values) == list(b.values)
    assert a.counts == b.counts and a.lines == b.lines and a.cells == b.cells


ORDER = ["1e16", "1", "-1e16", "1", "0.1", "0.2", "0.3"]  # a sum that depends on the order of its additions
FILES = {
    "one month": "date,v\n" + "".join(f"2024-01-{d:02d},{v}\n" for d, v in enumerate(ORDER, 1)),
    "interleaved": "date,v\n" + "".join(f"2024-0{1 + i % 3}-0{1 + i % 7},{v}\n" for i, v in enumerate(ORDER * 3)),
    "back and forth": "date,v\n2024-01-01,0.1\n2024-02-01,1\n2024-01-02,0.2\n2024-02-02,2\n2024-01-03,0.3\n",
    "blank lines at the end": "date,v\n2024-03-01,1.5\n2024-03-02,2.5\n\n,\n",
    "years": "date,v\n2023-12-31,1\n2024-01-01,2\n2023-12-30,3\n",
    "one row": "date,v\n2024-05-05,7\n",
    "no rows": "date,v\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_runs_of_months_sum_as_the_general_reader_sums(tmp_path, name):
    path = tmp_path / "raw.csv"
    path.write_text(FILES[name], encoding="utf-8")
    quick = plain_raw(path, "raw.csv", None, None)
    assert quick is not None
    _same(quick, _general(path))


@pytest.mark.parametrize("text", ["date,v\n2024-01-01,1\n2024-01-02,x\n", "date,v\n2024-01-01,1\n2024-02-01,inf\n",
                                  "date,v\n2024-01-01,1\nnot a date,2\n", "date,v\n2024-01-01,1\n2024-01-02\n"])
def test_a_file_that_turns_out_not_plain_is_declined_whole(tmp_path, text):
    path = tmp_path / "raw.csv"
    path.write_text(text, encoding="utf-8")
    assert plain_raw(path, "raw.csv", None, None) is None


def test_the_steel_raw_records_sum_as_the_general_reader_sums():
    path = ROOT / "examples/hubei-steel/data/raw-gas-2024.csv"
    quick = plain_raw(path, path.name, None, "natural_gas_Nm3")
    assert quick is not None
    _same(quick, read_raw(read_file(path, path.name), None, "natural_gas_Nm3"))
