"""catalog/fastyaml.py reads cmscheck's own data files from libyaml's events: it must give exactly what
yamlio gives (values with their types and key order, the line of every key and item, the same located
messages), take the project's data files, and decline, leaving the work to yamlio, wherever yamlio's
fast path declines or a problem must be named."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck import paths, yamlio
from cmscheck.catalog import fastyaml
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parent.parent


def _shape(x):
    """Values with their types and the order of keys (== on dicts ignores the order)."""
    if isinstance(x, dict):
        return ("map", [(type(k).__name__, k, _shape(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("seq", [_shape(v) for v in x])
    return (type(x).__name__, x)


def _outcome(read, *args):
    try:
        doc = read(*args)
    except InputError as e:
        return "problems", [str(p) for p in e.problems], [vars(p) for p in e.problems]
    return "doc", _shape(doc.data), list(doc.lines.items()), doc.file


def _data_files() -> list[Path]:
    std = paths.standards_dir()
    return sorted([*std.rglob("*.yaml"), *paths.rules_dir().glob("*.yaml"), *(ROOT / "examples").rglob("cmscheck.yaml")])


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.name)
def test_every_data_file_reads_as_yamlio_reads_it_and_takes_the_fast_path(path):
    assert _outcome(fastyaml.load, path, "shown.yaml") == _outcome(yamlio.load, path, "shown.yaml")
    fastyaml._read(path.read_text(encoding="utf-8"))  # taken, not declined: else nothing would be gained


TAKEN = {
    "scalars": "a: 1\nb: -2.5\nc: true\nd: null\ne: ~\nf: 2024-02-30\ng: '007'\nh: 0x1F\ni: .inf\nj: 1_000\n",
    "keys that are not text": "1: one\ntrue: yes\n2024-01-01: date\nnull: nothing\n'<<': quoted\n",
    "nesting and empties": "a:\n  - {x: 1, y: [1, 2, {z: ''}]}\n  - []\n  - {}\n  -\n  - - deep\nb: |\n  block\n  text\nc: >\n  folded\n",
    "explicit safe tags": "a: !!str 12\nb: !!int '3'\nc: !!float '1'\nd: !!binary aGVsbG8=\ne: ! plain\n",
    "a document marker": "---\nkey: value\n...\n",
    "a lone scalar": "just text\n",
    "an empty document": "---\n",
    "unicode": "名称: 碳排放\n'全角 空格': ok\nkey: 'ａ　b'\n",
    "a byte order mark": "\ufeffa: 1\n",
    "a full-width colon (plain text to YAML)": "名称：值\n",
    "an ideographic space inside a key": "a\u3000b: 1\n",
}

DECLINED = {
    "an anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "an anchor alone": "a: &x 1\n",
    "a merge key": "base: {a: 1}\nother:\n  <<: {b: 2}\n  c: 3\n",
    "a duplicate key": "a: 1\nb: 2\na: 3\n",
    "a duplicate key, nested": "x:\n  - {a: 1, a: 2}\n",
    "an ideographic space ending a key": "x:\n  a\u3000: 1\n",
    "a set": "s: !!set {b, a}\n",
    "an unknown tag": "a: !custom 1\n",
    "a python tag": "a: !!python/object:os.system {}\n",
    "a collection as key": "? [a, b]\n: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    "a bad indent": "a:\n  b: 1\n c: 2\n",
    "a tab": "a:\n\tb: 1\n",
    "a control character": "a: \x07\n",
    "an empty file": "",
    "only a comment": "# nothing\n",
    "the value key": "= : 1\n",
}


@pytest.mark.parametrize("text", TAKEN.values(), ids=TAKEN.keys())
def test_plain_documents_are_taken_and_read_as_yamlio_reads_them(text):
    fastyaml._read(text)
    assert _outcome(fastyaml.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_what_yamlio_must_read_or_report_is_declined_with_the_same_outcome(text):
    with pytest.raises(Exception):
        fastyaml._read(text)
    assert _outcome(fastyaml.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")


def test_deep_nesting_is_left_to_yamlio():
    text = "a: " + "[" * 80 + "]" * 80 + "\n"
    with pytest.raises(Exception):
        fastyaml._read(text)
    assert _outcome(fastyaml.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")


def test_the_file_checks_are_yamlio_s(tmp_path):
    cases = {"missing.yaml": None, "utf16.yaml": "a: 1\n".encode("utf-16"), "nul.yaml": b"a: \x00\n",
             "latin1.yaml": "a: caf\xe9\n".encode("latin-1"), "big.yaml": b"a: 1\n" + b"#" * (yamlio.MAX_BYTES + 1)}
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        fast = _outcome(fastyaml.load, path, name)
        assert fast[0] == "problems"
        assert fast == _outcome(yamlio.load, path, name)


def test_a_broken_standard_is_reported_with_yamlio_s_located_message(tmp_path):
    text = (paths.standards_dir() / "vocabulary.yaml").read_text(encoding="utf-8")
    broken = text.replace("\n", "\ntopics: []\n", 1)  # a second top-level key: a duplicate
    path = tmp_path / "vocabulary.yaml"
    path.write_text(broken, encoding="utf-8")
    fast = _outcome(fastyaml.load, path, "standards/vocabulary.yaml")
    assert fast[0] == "problems"
    first = fast[2][0]
    assert first["field"] == "topics" and first["line"] > 2 and first["message"] == "duplicate key (first at line 2)"
    assert fast == _outcome(yamlio.load, path, "standards/vocabulary.yaml")
