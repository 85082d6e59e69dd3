"""Sentences are cut at their ends by replacing and splitting (issue 16, round 6), not by the expression
_SENTENCE_END: the same non-blank pieces for prepare(), and the same (offset, sentence) pairs from
sentences() as the expression's finditer gave.

Compared on every section of the example and test bundles, and on made texts: runs of ends, ends at
the start and the end, CR LF and lone CR, blank and whitespace pieces, other line separators (not
ends), full-width forms, an empty text, a text of ends alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content.recognise import _SENTENCE_END, _cut, normalise, prepare, sentences

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()),
           *sorted(p.parent for p in (ROOT / "tests" / "bundles").rglob("cmscheck.yaml"))]

MADE = [
    "", "。", "。；;！!？?\r\n", "  \n \t\n", "一。二；三;四！五？六\n七", "。。一句。。", "\r\n第一条，公司。\r\n\r\n第二条\r",
    "  前有空白。  后有空白  ", "甲\u2028乙\u2029丙\x85丁。", "ＧＢ／Ｔ　32151！ＡＢＣ？", "a!b?c;d\re\nf", "\u3000。\u3000", "句。\n \n句",
    "no end at all", "结尾是句号。", "。开头是句号",
]


def _general_sentences(text):
    """sentences() of round 5: the expression's finditer over the text and a final line break."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        piece = text[start:m.start()]
        if piece.strip():
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = m.end()
    return out


def _texts():
    catalog = load_catalog()
    texts = list(MADE)
    for path in BUNDLES:
        bundle = load_bundle(path, catalog)
        for b in (bundle, *bundle.members):
            for reading in b.readings.values():
                texts += [s.text for s in reading.sections]
    return texts


TEXTS = _texts()


def test_the_texts_are_many():
    assert len(TEXTS) > 120


@pytest.mark.parametrize("text", TEXTS)
def test_cut_gives_the_expressions_pieces_and_sentences(text):
    assert list(filter(str.strip, _cut(text))) == list(filter(str.strip, _SENTENCE_END.split(text)))
    assert sentences(text) == _general_sentences(text)
    assert len("\n".join(_cut(text))) == len(text)  # every offset kept


def test_prepare_holds_the_expressions_pieces():
    from cmscheck.evidence.model import Locator, Section

    sections = [Section(("标题",) if i % 2 else (), t, Locator(file="a.md", line=i + 1)) for i, t in enumerate(MADE)]
    doc = prepare(sections)
    pieces = [(si, p) for si, s in enumerate(sections) for p in filter(str.strip, _SENTENCE_END.split(s.text))]
    got = [(doc.owner[k], doc.which[k], doc.norms[k]) for k in range(len(doc.norms)) if doc.which[k] >= 0]
    by_section = [[p for s, p in pieces if s == si] for si in range(len(sections))]
    assert got == [(si, j, normalise(p)) for si, ps in enumerate(by_section) for j, p in enumerate(ps)]
