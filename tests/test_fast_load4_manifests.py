"""Round 4 of loading: bundle manifests are read by cmscheck.yaml_events (libyaml's events, one pass)
instead of yamlio's node walk, plain values are remembered by their text, and two path helpers are
remembered. Each must give exactly what the general form gives: values with their types and key order,
the line of every key and item, the same located messages; on every manifest in the repository, on
hand-made documents it takes, and on documents it must leave to yamlio."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from cmscheck import evidence, yaml_events, yamlio
from cmscheck.bundle import manifest_yaml, paths as bundle_paths
from cmscheck.problems import InputError

from test_fast_start2_yaml import DECLINED, TAKEN, _outcome

ROOT = Path(__file__).resolve().parent.parent

def _manifests() -> list[Path]:
    """Every manifest in the repository a loader gets to see: an alias bomb is refused before (manifest_yaml)."""
    found = sorted([*(ROOT / "examples").rglob("cmscheck.yaml"), *(ROOT / "tests").rglob("cmscheck.yaml")])
    return [p for p in found if not manifest_yaml._alias_blowup(p.read_text(encoding="utf-8", errors="replace"))]


MANIFESTS = _manifests()


def test_there_are_manifests_to_compare():
    assert len(MANIFESTS) > 20


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_manifest_reads_as_yamlio_reads_it(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _outcome(yaml_events.loads, text, "cmscheck.yaml") == _outcome(yamlio.loads, text, "cmscheck.yaml")


def test_the_examples_take_the_fast_path():
    for path in sorted((ROOT / "examples").rglob("cmscheck.yaml")):
        yaml_events.read(path.read_text(encoding="utf-8"))  # raises if it declined: nothing gained


@pytest.mark.parametrize("text", TAKEN.values(), ids=TAKEN.keys())
def test_a_second_reading_from_remembered_values_is_the_same(text):
    first = _outcome(yaml_events.loads, text, "t.yaml")
    assert _outcome(yaml_events.loads, text, "t.yaml") == first == _outcome(yamlio.loads, text, "t.yaml")


def test_remembered_plain_values_keep_their_types_whatever_came_first():
    # the same text as a plain value (resolved: int, bool, null) and quoted (always text), in both orders
    for text in ("a: 12\nb: '12'\nc: yes\nd: 'yes'\ne: ~\nf: '~'\n", "b: '12'\na: 12\nd: 'yes'\nc: yes\nf: '~'\ne: ~\n"):
        for _ in range(2):
            assert _outcome(yaml_events.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")


def test_the_memo_of_plain_values_is_bounded(monkeypatch):
    monkeypatch.setattr(yaml_events, "_PLAIN", {})
    monkeypatch.setattr(yaml_events, "_MEMO_SIZE", 10)
    text = "".join(f"k{i}: v{i}\n" for i in range(50)) + "long: " + "x" * 100 + "\n"
    assert _outcome(yaml_events.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")
    assert len(yaml_events._PLAIN) == 10
    assert all(len(k) <= yaml_events._MEMO_CHARS for k in yaml_events._PLAIN)


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_what_yamlio_must_read_or_report_is_declined_with_the_same_outcome(text):
    with pytest.raises(Exception):
        yaml_events.read(text)
    assert _outcome(yaml_events.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")


def test_a_broken_manifest_keeps_its_located_message(tmp_path):
    src = (ROOT / "examples" / "small-manufacturer" / "cmscheck.yaml").read_text(encoding="utf-8")
    first_key = next(line.split(":", 1)[0] for line in src.splitlines() if line[:1].isalpha())  # a top-level key
    (tmp_path / "cmscheck.yaml").write_text(src + f"{first_key}: again\n", encoding="utf-8")  # a duplicate key
    with pytest.raises(InputError) as caught:
        manifest_yaml._read_manifest(tmp_path / "cmscheck.yaml", "cmscheck.yaml")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "duplicate key (first at line" in text and first_key in text


NAMES = ["a.md", "A.MD", "doc.Markdown", "dir.x/file", "file.", ".hidden", "a/b/../c.csv", "./x.PDF", "a//b.txt",
         "年度报告.DOCX", "x.tar.gz", "noext", "a/.b/c", "trailing/"]


@pytest.mark.parametrize("rel", NAMES)
def test_remembered_path_helpers_equal_their_general_forms(rel):
    for _ in range(2):  # computed, then remembered
        assert evidence._suffix(rel) == Path(rel).suffix.lower()
        assert bundle_paths._posix(rel) == PurePosixPath(os.path.normpath(rel)).as_posix()
