"""plain_raw's memo of date cell -> month lasts the process: a file read after others that wrote the
same days (as written, padded or not, and impossible ones) still sums as the general reader sums it,
and a date the memo has never seen is still checked."""

from __future__ import annotations

from cmscheck.bundle import ledgers
from cmscheck.bundle.ledgers import plain_raw

from test_plain_raw import _general, _same

FILES = [
    "date,v\n2024-01-01,1\n2024-01-31,2\n2024-02-01,3\n",
    "date,v\n 2024-01-31 ,5\n2024-02-01,6\n2024-12-31,7\n",  # the same days, one padded
    "date,v\n2024-02-01,1\n2023-02-01,2\n2024-01-01,4\n",  # the same month-day in another year
    "date,v\n2024-02-30,1\n",  # an impossible day: declined every time, never remembered
    "date,v\n2024-02-30,1\n",
]


def test_files_sharing_days_sum_as_the_general_reader(tmp_path):
    for rounds in range(2):  # the second round reads every day from the memo
        for i, text in enumerate(FILES):
            path = tmp_path / f"raw{i}.csv"
            path.write_text(text, encoding="utf-8")
            quick = plain_raw(path, path.name, None, None)
            if "02-30" in text:
                assert quick is None
                assert "2024-02-30" not in ledgers._MONTHS
                continue
            assert quick is not None
            _same(quick, _general(path))


def test_memo_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(ledgers, "_MONTHS", {})
    monkeypatch.setattr(ledgers, "_MAX_MONTHS", 2)
    path = tmp_path / "raw.csv"
    path.write_text("date,v\n2024-01-01,1\n2024-01-02,1\n2024-01-03,1\n2024-02-01,1\n", encoding="utf-8")
    quick = plain_raw(path, path.name, None, None)
    assert len(ledgers._MONTHS) == 2
    _same(quick, _general(path))
