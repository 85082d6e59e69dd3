"""A found passage's line is what it was (issue 16), now that a file the loader read is opened by its
bundle path without resolving the path again.

Compared on every passage found in the example bundles, and on made files: full-width forms, final
sigma, combining marks starting a line, CR LF, other line separators, markup, bytes that are no UTF-8,
a passage past the end, a section line before the first.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content import facts as content_facts
from cmscheck.content.facts import _MARKUP, TEXT_SUFFIXES, _line, content
from cmscheck.content.recognise import Match, normalise
from cmscheck.evidence.model import Locator
from cmscheck.evidence.sniff import Refused
from cmscheck.evidence.textfile import decode

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), ROOT / "tests" / "bundles" / "complete"]


def _general_line(bundle, rel, match, texts):
    """_line as it was: the path resolved again; the file decoded as its reader decodes it (textfile.decode)."""
    loc = match.locator
    if loc is None or loc.line is None:
        return None
    guess = loc.line + match.line_offset
    if not rel.lower().endswith(TEXT_SUFFIXES):
        return guess
    if rel not in texts:
        try:
            text, _ = decode(bundle.path(rel).read_bytes())
            raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        except OSError:
            raw = []
        except Refused:
            return guess  # no text the reader would read: no line to hold the passage
        texts[rel] = [None] * len(raw), raw
    plain, lines = texts[rel]
    probe = normalise(_MARKUP.sub("", match.passage))[:12]
    if not probe:
        return guess
    for n in range(loc.line - 1, len(lines)):
        if plain[n] is None:
            plain[n] = normalise(_MARKUP.sub("", lines[n]))
        if probe in plain[n]:
            return n + 1
    return guess


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_lines_of_the_examples_passages_are_those_of_the_line_by_line_search(catalog, monkeypatch):
    seen = moved = 0
    calls = []
    real = content_facts._line

    def both(bundle, rel, match, texts):
        got = real(bundle, rel, match, texts)
        calls.append((got, _general_line(bundle, rel, match, {}), rel))
        return got

    monkeypatch.setattr(content_facts, "_line", both)
    for path in BUNDLES:
        content(load_bundle(path, catalog), catalog)
    for got, general, rel in calls:
        assert got == general, rel
        seen += rel.endswith(TEXT_SUFFIXES)
    assert seen > 30


FILE = "\n".join([
    "# 碳排放管理制度",
    "",
    "ΑΣ ｜ **ＧＢ／Ｔ　32151**\r",
    "\u0301第二条 公司制定碳排放目标。",
    "第三条\u2028 碳排放目标每年评审。",
    "| 表 | ＿目标_ |",
    "ὈΔΥΣΣΕΎΣ 核算",
    "",
])


@pytest.mark.parametrize("passage", ["ΑΣ｜ GB/T 32151", "公司制定碳排放目标。", "碳排放目标每年评审", "目标", "ὀδυσσεύσ核算",
                                     "不在文件中的句子", "**", "́第二条"])
@pytest.mark.parametrize("line", [0, 1, 2, 4, 6, 7, 8, 9, 20])
def test_made_files_give_the_line_by_line_search_lines(tmp_path, catalog, passage, line):
    folder = ROOT / "tests" / "bundles" / "complete"
    bundle = load_bundle(folder, catalog)
    (tmp_path / "doc.md").write_text(FILE, encoding="utf-8")
    (tmp_path / "doc.txt").write_bytes(b"\xef\xbb\xbf" + FILE.encode("utf-8") + b"\xff\n" + "目标".encode())
    made = dataclasses.replace(bundle, root=tmp_path)
    match = Match(True, passage, Locator(file="doc.md", line=line), 1)
    for rel in ("doc.md", "doc.txt"):
        assert _line(made, rel, match, {}) == _general_line(made, rel, match, {}), (rel, passage, line)
    # a file the loader read is opened by its bundle path; its lines are the same
    read = dataclasses.replace(made, readings={"doc.md": None})
    assert _line(read, "doc.md", match, {}) == _general_line(made, "doc.md", match, {})
