"""bundle/ledgers.plain_ledger: a plain monthly ledger CSV read directly gives the very MonthTable the
general reader (evidence.ledger.read_ledger) gives, and every file that is not plain is declined (None),
so the general reader reads it and locates its problem; the loader's ledgers and problems are the same
with the quick reader as without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle import ledgers, load_bundle
from cmscheck.bundle.ledgers import plain_ledger
from cmscheck.catalog import load_catalog
from cmscheck.evidence import read_file
from cmscheck.evidence.ledger import LedgerProblem, read_ledger
from cmscheck.problems import InputError

from test_plain_raw import _same

ROOT = Path(__file__).resolve().parent.parent


def _general(path: Path, column=None, year=2024, sheet=None):
    result = read_file(path, path.name)
    try:
        return read_ledger(result, column, year, sheet)
    except LedgerProblem as p:
        return p


PLAIN = {
    "lf": "month,coal_t\n2024-01,12704.9\n2024-02,11885.2\n2024-12,1\n",
    "crlf": "month,coal_t\r\n2024-01,10\r\n2024-03,1e3\r\n",
    "cr only": "month,coal_t\r2024-01,10\r2024-02,3\r",
    "bom": "\ufeffmonth,coal_t\n2024-01,10\n",
    "blank lines": "month,coal_t\n\n2024-01,10\n,\n2024-02, 4 \n\n",
    "chinese header": "月份,用电量\n2024-05,10\n2024-06,-2\n",
    "spaced header": "Month: ,coal_t \n2024-12,8\n",
    "other years and order": "month,v\n2023-12,1\n2024-02,2\n2024-01,3\n",
    "extra columns": "meter,month,coal_t,note\nA,2024-01,10,\nB,2024-02,11,x\n",
    "no trailing newline": "month,coal_t\n2024-01,10",
    "date header": "日期,v\n2024-01,5\n",
    "zeros and negatives": "month,v\n2024-01,0\n2024-02,-0.5\n2024-03,1_000\n",
    "header only": "month,coal_t\n",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_ledgers_read_as_the_general_reader_reads(tmp_path, name):
    path = tmp_path / "ledger.csv"
    path.write_text(PLAIN[name], encoding="utf-8", newline="")
    column = "coal_t" if name == "extra columns" else None
    quick = plain_ledger(path, "ledger.csv", column)
    assert quick is not None, "a plain ledger is read quickly"
    _same(quick, _general(path, column))


def test_the_named_column_is_chosen_as_the_general_reader_chooses(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("month,用量/coal_t,ash_t\n2024-01,10,1\n2024-02,11,2\n", encoding="utf-8")
    for column in ("ash_t", "coal_t", "用量/coal_t"):
        quick = plain_ledger(path, "ledger.csv", column)
        assert quick is not None
        _same(quick, _general(path, column))


NOT_PLAIN = {
    "quoted": 'month,coal_t\n2024-01,"1,000"\n',
    "thousands comma": "month,coal_t\n2024-01,1，000\n",
    "title row": "2024年煤炭消耗台账\nmonth,coal_t\n2024-01,10\n",
    "stacked header": "month,coal\n,t\n2024-01,10\n",
    "total row": "month,coal_t\n2024-01,10\n合计,10\n",
    "month 13": "month,coal_t\n2024-13,10\n",
    "month 0": "month,coal_t\n2024-00,10\n",
    "month twice": "month,coal_t\n2024-01,10\n2024-01,11\n",
    "slashed month": "month,coal_t\n2024/01,10\n",
    "chinese month": "month,coal_t\n2024年1月,10\n",
    "month number only": "month,coal_t\n1,10\n2,11\n",
    "padded month": "month,coal_t\n 2024-01 ,10\n",
    "full-width digits": "month,coal_t\n２０２４-０１,10\n",
    "empty value": "month,coal_t\n2024-01,\n2024-02,3\n",
    "unit in cell": "month,coal_t\n2024-01,10 t\n",
    "infinite": "month,coal_t\n2024-01,inf\n",
    "nan": "month,coal_t\n2024-01,nan\n",
    "two value columns": "month,a,b\n2024-01,1,2\n",
    "a note column": "month,coal_t,备注\n2024-01,10,ok\n",
    "no month column": "when,coal_t\n2024-01,10\n",
    "short row": "month,coal_t\n2024-01\n",
    "month missing": "month,coal_t\n,10\n",
    "empty": "",
    "day dates": "month,coal_t\n2024-01-01,10\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
def test_other_ledgers_are_left_to_the_general_reader(tmp_path, name):
    path = tmp_path / "ledger.csv"
    path.write_text(NOT_PLAIN[name], encoding="utf-8")
    assert plain_ledger(path, "ledger.csv", None) is None
    _general(path)  # and the general reader answers: a table or a located problem, never a crash


def test_named_sheet_limits_and_formats_are_left_to_the_general_reader(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(PLAIN["lf"], encoding="utf-8")
    assert plain_ledger(path, "ledger.csv", None) is not None
    assert plain_ledger(path, "ledger.csv", None, sheet="Sheet1") is None
    assert isinstance(_general(path, sheet="Sheet1"), LedgerProblem)
    assert plain_ledger(path, "ledger.csv", None, max_bytes=10) is None
    assert plain_ledger(path, "ledger.csv", "nope") is None
    path.write_bytes(b"%PDF-1.4\n" + PLAIN["lf"].encode())
    assert plain_ledger(path, "ledger.csv", None) is None
    xlsx = tmp_path / "ledger.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    assert plain_ledger(xlsx, "ledger.xlsx", None) is None


def test_declared_encoding(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes("月份,用电量\n2024-01,10\n".encode("gb18030"))
    quick = plain_ledger(path, "ledger.csv", None, encoding="gb18030")
    assert quick is not None and quick.column == "用电量"
    result = read_file(path, path.name, encoding="gb18030")
    _same(quick, read_ledger(result, None, 2024))


def _generated_big(dest: Path) -> Path:
    """A small bundle from the benchmarks' generator (the large bundle of bench_evaluate, scaled down)."""
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate.big(dest, 8, 2000)


@pytest.mark.parametrize("which", ["steel", "generated"])
def test_bundled_ledgers_are_plain(which, tmp_path):
    folder = ROOT / "examples" / "hubei-steel" if which == "steel" else _generated_big(tmp_path)
    files = sorted((folder / "data").glob("ledger-*.csv"))
    assert files
    for path in files:
        quick = plain_ledger(path, path.name, None)
        assert quick is not None, path
        _same(quick, _general(path))


def _load(path: Path, catalog):
    try:
        bundle = load_bundle(path, catalog)
    except InputError as err:
        return "problems", [repr(p) for p in err.problems]
    return "loaded", {loc: (t.file, t.column, t.sheet, t.values, t.counts, t.lines, t.cells) for loc, t in bundle.ledgers.items()}


def test_loader_gives_the_same_tables_and_problems_without_the_quick_reader(tmp_path, monkeypatch):
    catalog = load_catalog()
    cases = [ROOT / "examples" / "hubei-steel", ROOT / "tests" / "bundles" / "complete"]
    # a steel copy whose ledgers are one plain, one not plain and one broken
    import shutil
    copy = tmp_path / "steel"
    shutil.copytree(ROOT / "examples" / "hubei-steel", copy)
    (copy / "data" / "ledger-coke-2024.csv").write_text("2024年焦炭台账\nmonth,coke_t\n2024-01,1\n", encoding="utf-8")
    cases.append(copy)
    broken = tmp_path / "broken"
    shutil.copytree(copy, broken)
    (broken / "data" / "ledger-coal-2024.csv").write_text("month,coal_t\n2024-01,10 t\n", encoding="utf-8")
    cases.append(broken)
    quick = [_load(c, catalog) for c in cases]
    monkeypatch.setattr(ledgers, "plain_ledger", lambda *a, **k: None)
    assert quick == [_load(c, catalog) for c in cases]
    assert [q[0] for q in quick] == ["loaded", "loaded", "loaded", "problems"]
