"""Round 4 of loading, beside tests/test_fast_load4_yaml.py (which compares every manifest with yamlio):
the memo of plain values stays bounded, a broken manifest keeps yamlio's located message through the
manifest reader, and the two remembered path helpers equal their general forms."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from cmscheck import evidence, yaml_events, yamlio
from cmscheck.bundle import manifest_yaml, paths as bundle_paths
from cmscheck.problems import InputError

from test_fast_start2_yaml import _outcome

ROOT = Path(__file__).resolve().parent.parent

def test_the_memo_of_plain_values_is_bounded(monkeypatch):
    monkeypatch.setattr(yaml_events, "_PLAIN", {})
    monkeypatch.setattr(yaml_events, "_MEMO_SIZE", 10)
    text = "".join(f"k{i}: v{i}\n" for i in range(50)) + "long: " + "x" * 100 + "\n"
    assert _outcome(yaml_events.loads, text, "t.yaml") == _outcome(yamlio.loads, text, "t.yaml")
    assert len(yaml_events._PLAIN) == 10
    assert all(len(k) <= yaml_events._MEMO_CHARS for k in yaml_events._PLAIN)


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
