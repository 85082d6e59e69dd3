"""A found passage's line is what it was (issue 16, round 6), now that the file is read by os.open and
os.read, decoded without the utf-8-sig codec's wrapper, and only the lines searched are normalised.

The general form is content.facts._line and _raw_text of round 5: the whole file read by
open(..., buffering=0).readall(), decoded as the reader decodes it (textfile.decode, since round 11), every line markup-stripped and normalised in
one normalise_lines. Compared on every passage found in the example bundles (several passages of a
file sharing one cache, as content() calls it), and on made files: a BOM, CR LF, lone CR, markup,
full-width forms, blank lines of odd whitespace, bytes that are no UTF-8, a passage not in the file,
a section line past the end, an empty file, a file that cannot be opened (gone, a folder).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content import facts as content_facts
from cmscheck.content.facts import _MARKUP, TEXT_SUFFIXES, _line, _raw_text, content
from cmscheck.evidence.limits import read_within
from cmscheck.content.recognise import Match, normalise, normalise_lines
from cmscheck.evidence.model import Locator
from cmscheck.evidence.sniff import Refused
from cmscheck.evidence.textfile import decode

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), ROOT / "tests" / "bundles" / "complete"]


def _general_raw_text(bundle, rel):
    try:
        path = os.path.join(bundle.root, rel) if rel in bundle.readings else bundle.path(rel)
        with open(path, "rb", buffering=0) as f:
            # decoded as the reader decodes it (round 11; before, as utf-8-sig with replacement characters)
            text, _ = decode(f.readall())
    except (OSError, Refused):
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _general_line(bundle, rel, match, texts):
    """_line of round 5: every line of the file normalised at its first citation."""
    loc = match.locator
    if loc is None or loc.line is None:
        return None
    guess = loc.line + match.line_offset
    if not rel.lower().endswith(TEXT_SUFFIXES):
        return guess
    plain = match.norm if match.norm and not _MARKUP.search(match.passage) else normalise(_MARKUP.sub("", match.passage))
    probe = plain[:12]
    if not probe:
        return guess
    if rel not in texts:
        text = _general_raw_text(bundle, rel)
        texts[rel] = (normalise_lines(_MARKUP.sub("", text)), text.split("\n")) if text is not None else (normalise_lines(""), [])
    plain, lines = texts[rel]
    for n in range(loc.line - 1, len(lines)):
        if probe in plain[n]:
            return n + 1
    return guess


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_examples_passages_lines_are_the_general_forms(catalog, monkeypatch):
    calls = []
    real = content_facts._line
    general_texts: dict = {}

    def both(bundle, rel, match, texts):
        if not texts:
            general_texts.clear()  # a new content() call
        got = real(bundle, rel, match, texts)
        calls.append((got, _general_line(bundle, rel, match, general_texts), rel))
        return got

    monkeypatch.setattr(content_facts, "_line", both)
    for path in BUNDLES:
        content(load_bundle(path, catalog), catalog)
    assert sum(rel.endswith(TEXT_SUFFIXES) for _, _, rel in calls) > 30
    for got, general, rel in calls:
        assert got == general, rel


LINES = [
    "# 碳排放管理制度",
    "",
    "  \t\u3000 ",
    "\x1c\u2029\x85",
    "ΑΣ ｜ **ＧＢ／Ｔ　32151**",
    "\u0301第二条 公司制定碳排放目标。",
    "第三条\u2028 碳排放目标每年评审。",
    "| 表 | ＿目标_ |",
    "*** ",
    "ὈΔΥΣΣΕΎΣ 核算",
    "目标\ufeff与措施",
    "",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])
def test_made_files_give_the_general_forms_lines(tmp_path, catalog, newline, bom):
    bundle = load_bundle(ROOT / "tests" / "bundles" / "complete", catalog)
    text = newline.join(LINES)
    (tmp_path / "doc.md").write_bytes(bom + text.encode("utf-8"))
    (tmp_path / "doc.txt").write_bytes(bom + text.encode("utf-8") + b"\xff\xfe" + newline.encode() + "目标".encode("gbk"))
    (tmp_path / "empty.md").write_bytes(bom)
    (tmp_path / "folder.md").mkdir()
    made = dataclasses.replace(bundle, root=tmp_path)
    read = dataclasses.replace(made, readings={r: None for r in ("doc.md", "doc.txt", "empty.md", "gone.md", "folder.md")})
    passages = ["ΑΣ｜ GB/T 32151", "公司制定碳排放目标。", "碳排放目标每年评审", "目标", "目标与措施", "ὀδυσσεύσ核算",
                "不在文件中的句子", "**", "́第二条", "*目标*"]
    for b in (made, read):
        for rel in ("doc.md", "doc.txt", "empty.md", "gone.md", "folder.md", "doc.pdf"):
            if b is made and rel in ("gone.md", "folder.md", "empty.md"):
                continue  # resolved by bundle.path: the loader has checked these (not found: an InputError)
            texts: dict = {}
            general: dict = {}
            for line in (1, 2, 4, 6, 7, 9, 12, 13, 30, 3):  # one cache per file and call of content(), in any order
                for passage in passages:
                    for norm in ("", normalise(passage)):
                        match = Match(True, passage, Locator(file=rel, line=line), 2, norm)
                        assert _line(b, rel, match, texts) == _general_line(b, rel, match, general), (rel, passage, line)
        assert _raw_text(b, "doc.txt") == _general_raw_text(b, "doc.txt")
    assert _raw_text(read, "gone.md") is None and _raw_text(read, "folder.md") is None


def test_a_passage_without_a_line_or_locator_has_none(catalog, tmp_path):
    bundle = load_bundle(ROOT / "tests" / "bundles" / "complete", catalog)
    assert _line(bundle, "doc.md", Match(True, "目标"), {}) is None
    assert _line(bundle, "doc.md", Match(True, "目标", Locator(file="doc.md", page=2)), {}) is None


def test_bytes_are_read_whole(tmp_path):
    """_raw_text reads with read_within and no limit."""
    big = os.urandom(200_000) + b"end"
    (tmp_path / "big.bin").write_bytes(big)
    assert read_within(tmp_path / "big.bin", None) == (len(big), big)
    (tmp_path / "empty.bin").write_bytes(b"")
    assert read_within(str(tmp_path / "empty.bin"), None) == (0, b"")
    for missing in (tmp_path / "none.bin", tmp_path):
        with pytest.raises(OSError):
            read_within(missing, None)
