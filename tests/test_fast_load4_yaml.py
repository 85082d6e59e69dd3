"""Bundle manifests are read from libyaml's events (yaml_events): every manifest of the examples and tests
gives what yamlio gives (values with their types and key order, the line of every key and item, the same
located problems), the examples take the event path, plain values remembered by their text give what the
resolver and constructors give whichever way a text is met first, and a character YAML refuses, wherever
it stands, makes the reader decline so that yamlio names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck import yaml_events, yamlio
from cmscheck.bundle.manifest_yaml import _read_manifest
from cmscheck.problems import InputError

from test_fast_start2_yaml import _shape  # values with their types and key order

ROOT = Path(__file__).resolve().parent.parent
FOUND = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml"),
                *ROOT.glob("tests/broken/*/bundle/**/cmscheck.yaml")})


def _outcome(read, *args):
    try:
        doc = read(*args)
    except InputError as e:
        return "problems", [vars(p) for p in e.problems]
    except (ValueError, TypeError, OverflowError) as e:  # manifest_yaml locates these itself
        return "error", type(e).__name__
    return "doc", _shape(doc.data), list(doc.lines.items()), doc.file


def _text(path: Path) -> str | None:
    try:
        return yamlio.read_text(path, "m.yaml")
    except InputError:
        return None


# the manifests a loader gets to see: not those refused before (an encoding, or anchors the manifest
# reader judges first)
MANIFESTS = [p for p in FOUND if (t := _text(p)) is not None and not ("*" in t and "&" in t)]


def test_there_are_manifests_to_compare():
    assert len(MANIFESTS) > 20


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_every_manifest_reads_as_yamlio_reads_it(path):
    text = _text(path)
    assert _outcome(yaml_events.loads, text, "m.yaml") == _outcome(yamlio.loads, text, "m.yaml")


@pytest.mark.parametrize("path", sorted(ROOT.glob("examples/**/cmscheck.yaml")), ids=lambda p: str(p.relative_to(ROOT).parent))
def test_example_manifests_take_the_event_path(path):
    yaml_events.read(path.read_text(encoding="utf-8"))  # raises when declined: nothing would be gained
    assert _outcome(_read_manifest, path, "m.yaml")[0] == "doc"


# the same texts met as plain and as quoted scalars, as keys and as values, in both orders: what is
# remembered of a plain text must not leak into a quoted one, nor the other way round
MEMO = {
    "numbers": "a: '12'\nb: 12\nc: 12\nd: '12'\ne: 0x1F\nf: '0x1F'\ng: 1_000\nh: 1.5\ni: '1.5'\nj: .inf\nk: -.inf\n",
    "numbers first plain": "a: 12\nb: '12'\nc: 1.5\nd: \"1.5\"\n",
    "flags and nulls": "a: true\nb: 'true'\nc: yes\nd: ~\ne: '~'\nf: null\ng: 'null'\nh: No\ni: off\n",
    "keys": "a: {'1': quoted, true: t, null: n, 2024-01-01: d}\nb: {1: plain, 'true': q, 'null': q, '2024-01-01': q}\n",
    "keys, plain first": "a: {1: plain, true: t, ~: n}\nb: {'1': quoted, 'true': q, '~': q}\n",
    "dates stay text": "a: 2024-02-30\nb: '2024-02-30'\nc: 2024-01-01 10:00:00\nd: [2024-01-01, '2024-01-01']\n",
    "block text": "a: |\n  12\nb: >\n  true\nc: 12\nd: true\n",
    "explicit tags": "a: !!str 12\nb: 12\nc: !!int '7'\nd: '7'\ne: ! 5\nf: !!float '2'\n",
    "the same text as key and value": "id: id\nkind: kind\nlist: [id, kind, '1', 1]\n",
    "nan keys": "? .nan\n: 1\nx: .nan\n",
}


@pytest.mark.parametrize("text", MEMO.values(), ids=MEMO.keys())
def test_remembered_values_are_what_the_constructors_make(text, monkeypatch):
    expected = _outcome(yamlio.loads, text, "t.yaml")
    monkeypatch.setattr(yaml_events, "_PLAIN", {})  # first reading: nothing remembered
    assert _outcome(yaml_events.loads, text, "t.yaml") == expected
    assert _outcome(yaml_events.loads, text, "t.yaml") == expected  # second: from the memo
    yaml_events.read(text)  # taken


def test_only_short_plain_untagged_texts_are_remembered(monkeypatch):
    memo: dict = {}
    monkeypatch.setattr(yaml_events, "_PLAIN", memo)
    long = "x" * (yaml_events._MEMO_CHARS + 1)
    yaml_events.read(f"a: 1\nb: '2'\nc: !!str 3\nd: {long}\n'e': f\n")
    assert memo == {"a": yaml_events._TEXT, "1": (1,), "b": yaml_events._TEXT, "c": yaml_events._TEXT,
                    "d": yaml_events._TEXT, "f": yaml_events._TEXT}  # not the quoted key e, the tagged 3, the long text


FORBIDDEN = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0x85), *range(0x86, 0xA0)]]
FORBIDDEN += ["\ud800", "\udfff", "\ufffe", "\uffff"]
PLACES = ["{c}a: 1\n", "a: 1{c}\n", "a: '{c}'\n", 'a: "x{c}"\n', "# {c}\na: 1\n", "a: 1\n# {c}", "a: 1\n...\n{c}",
          "a: |\n  x{c}\n", "{c}", "a: [1, {c}]\n"]


@pytest.mark.parametrize("place", PLACES)
def test_a_character_yaml_refuses_is_named_by_yamlio_wherever_it_stands(place):
    for c in FORBIDDEN:
        text = place.replace("{c}", c)
        with pytest.raises(Exception):
            yaml_events.read(text)
        fast = _outcome(yaml_events.loads, text, "t.yaml")
        assert fast[0] == "problems" and fast == _outcome(yamlio.loads, text, "t.yaml"), repr(c)


def test_characters_yaml_allows_are_taken():
    text = "a: \"\t\u0085\u00a0\ud7ff\ue000\ufffd\U0001f600\"\nb: 钢铁　碳\n"
    yaml_events.read(text)
    assert _outcome(yaml_events.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")
