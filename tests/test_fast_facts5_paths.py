"""The fast paths of round 5 (issue 16) in facts and content recognition give what the general forms give.

Each is compared with the general form it replaces, written out here: a bundle's manifest references made
once per place (Bundle.where without a note) against a reference made afresh, on every place the manifests
hold and places they do not; a match's sentence split once per section against sentences() of the section for
each match; num() against its min/max form; the evidence facts' path for absent kinds against the
general loop. tests/test_fast_facts4_same.py compares derive as a whole with the code before round 4.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
from pathlib import Path

import pytest

from cmscheck.bundle.loader import _manifest_ref, load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content.recognise import Match, _match, prepare, sentences
from cmscheck.facts import functions
from cmscheck.facts.functions import FLOAT_LIMIT, _has_approval, evidence_items, num
from cmscheck.yamlio import dotted

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()),
           *sorted(p for p in (ROOT / "tests" / "bundles").iterdir() if (p / "cmscheck.yaml").is_file())]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _bundles(catalog):
    out = []
    for folder in BUNDLES:
        try:
            bundle = load_bundle(folder, catalog)
        except Exception:  # a test bundle made to be refused: nothing to derive from it
            continue
        out += [bundle, *bundle.members]
    assert len(out) >= 9
    return out


def _dump(ref):
    return ref.model_dump(), sorted(ref.model_fields_set)


def test_where_without_a_note_is_made_once_per_place_and_equals_a_fresh_ref(catalog):
    seen = 0
    for bundle in _bundles(catalog):
        places = sorted(bundle.lines.lines, key=repr) + [("documents",), ("records", "nowhere", 99), ("data", "inventory", 7, "x"), ()]
        for loc in places:
            first = bundle.where(loc)
            fresh = _manifest_ref(bundle.manifest_path, bundle.lines.line(loc), dotted(loc) or None, None)
            assert _dump(first) == _dump(fresh), loc
            assert bundle.where(list(loc)) is first  # any iterable, as where takes; made once
            noted = bundle.where(loc, note="n")  # with a note: made for the call, never kept
            assert noted is not bundle.where(loc, note="n") and _dump(noted)[0] == {**_dump(first)[0], "note": "n"}
            seen += 1
    assert seen > 500


def test_a_copy_of_a_bundle_keeps_its_own_references(catalog):
    bundle = _bundles(catalog)[0]
    first = bundle.where(("documents",))
    copy = dataclasses.replace(bundle, members=[])
    assert copy.where(("documents",)) is not first and _dump(copy.where(("documents",))) == _dump(first)


def _general_match(prepared, k) -> Match:
    """recognise._match before round 5: the section split into sentences again for each match."""
    sec = prepared.sections[prepared.owner[k]]
    idx = prepared.which[k]
    if idx < 0:
        return Match(True, sec.heading_path[-1], sec.locator, 0, prepared.norms[k])
    start, text = sentences(sec.text)[idx]
    offset = sec.text[:start].count("\n") + (1 if sec.heading_path else 0)
    return Match(True, text, sec.locator, offset, prepared.norms[k])


def test_a_matchs_sentence_and_offset_are_those_of_the_sections_sentences(catalog):
    seen = 0
    for bundle in _bundles(catalog):
        for reading in bundle.readings.values():
            if reading.status != "read":
                continue
            prepared = prepare(reading.sections)
            # every candidate, in document order and backwards (the split is kept from the first match
            # in a section), twice
            order = list(range(len(prepared.norms)))
            for k in order + order[::-1] + order:
                got, want = _match(prepared, k), _general_match(prepared, k)
                assert (got, got.norm) == (want, want.norm), (reading.file, k)
                seen += 1
    assert seen > 1000


def _general_num(x, digits=4):
    if x is None or x != x:
        return None
    r = round(max(-FLOAT_LIMIT, min(FLOAT_LIMIT, float(x))), min(digits, 4))
    return 0.0 if r == 0 else r


def test_num_is_its_min_max_form():
    rng = random.Random(5)
    values = [None, math.nan, math.inf, -math.inf, 0, -0.0, 0.0, 1e15, -1e15, 1e15 + 1, 1e16, -1e16, 1.23456789, -5e-5,
              4e-6, 5e-5, 0.00005, -0.00005, 2.5e-5, 3, -7, True, False, 12345.67891, 10 ** 20, -(10 ** 20)]
    values += [rng.uniform(-1e17, 1e17) for _ in range(2000)] + [rng.uniform(-1, 1) for _ in range(2000)]
    for digits in (-2, -1, 0, 1, 2, 3, 4, 5, 8):
        for v in values:
            got, want = num(v, digits), _general_num(v, digits)
            assert repr(got) == repr(want) and type(got) is type(want), (v, digits)


def _general_evidence(bundle, catalog):
    """functions.evidence before round 5: every kind through the same loop."""
    items = evidence_items(bundle)
    produced = []
    nowhere = None
    for kind in catalog.vocabulary.evidence_kinds:
        found = items.get(kind.id, [])
        docs = [obj for _, _, obj in found if _has_approval(obj)]
        unapproved = sum(1 for d in docs if not d.approved_by)
        fact = {
            "type": "evidence", "kind": kind.id, "category": kind.category, "present": bool(found),
            "unapproved": unapproved,
            "kind_zh": kind.name.zh, "kind_en": kind.name.en or kind.id,
        }
        if not found and nowhere is None:
            nowhere = bundle.where(("documents",))
        refs = [ref for _, ref, _ in found] or [nowhere]
        produced.append((fact, refs))
    return produced


def test_evidence_facts_are_the_general_loops(catalog):
    present = absent = 0
    for bundle in _bundles(catalog):
        got, want = functions.evidence(bundle, catalog), _general_evidence(bundle, catalog)
        assert len(got) == len(want)
        for (gf, gr), (wf, wr) in zip(got, want):
            assert list(gf.items()) == list(wf.items())
            assert [_dump(r) for r in gr] == [_dump(r) for r in wr]
            present += gf["present"]
            absent += not gf["present"]
    assert present > 50 and absent > 50


def _general_line(bundle, rel, match, texts):
    """content.facts._line before round 5: the file read into lines, joined again to be normalised."""
    from cmscheck.content.facts import _MARKUP, TEXT_SUFFIXES
    from cmscheck.content.recognise import normalise, normalise_lines
    from cmscheck.evidence.sniff import Refused
    from cmscheck.evidence.textfile import decode

    loc = match.locator
    if loc is None or loc.line is None:
        return None
    guess = loc.line + match.line_offset
    if not rel.lower().endswith(TEXT_SUFFIXES):
        return guess
    probe = normalise(_MARKUP.sub("", match.passage))[:12]
    if not probe:
        return guess
    if rel not in texts:
        try:
            path = os.path.join(bundle.root, rel) if rel in bundle.readings else bundle.path(rel)
            with open(path, "rb") as f:
                # decoded as the reader decodes it (round 11; before, as utf-8-sig with replacement characters)
                raw = decode(f.read())[0].replace("\r\n", "\n").replace("\r", "\n").split("\n")
        except OSError:
            raw = []
        except Refused:
            return guess  # no text the reader would read: no line to hold the passage
        texts[rel] = normalise_lines(_MARKUP.sub("", "\n".join(raw))), raw
    plain, lines = texts[rel]
    for n in range(loc.line - 1, len(lines)):
        if probe in plain[n]:
            return n + 1
    return guess


@pytest.mark.parametrize("body", [None, b"", b"\n", "# \xe6\xa0\x87\r\n\r\n\xe7\x9b\xae\xe6\xa0\x87 **\xe7\x9b\xae**\r\xe6\xa0\x87\n".encode("latin-1"),
                                  "\ufeff目标\n\n ＧＢ／Ｔ 目标 |\n".encode("utf-8") + b"\xff\xfe"])
@pytest.mark.parametrize("line", [0, 1, 2, 3, 5])
def test_a_cited_files_line_is_that_of_the_file_read_into_lines(tmp_path, catalog, body, line):
    import dataclasses

    from cmscheck.content.facts import _line
    from cmscheck.evidence.model import Locator

    bundle = load_bundle(ROOT / "tests" / "bundles" / "complete", catalog)
    if body is not None:  # None: a file the loader read that is gone since (read as no lines)
        (tmp_path / "doc.md").write_bytes(body)
    made = dataclasses.replace(bundle, root=tmp_path, readings={"doc.md": None})
    for passage in ("目标", "GB/T目标", "**目**", "不在文件中"):
        match = Match(True, passage, Locator(file="doc.md", line=line), 1)
        assert _line(made, "doc.md", match, {}) == _general_line(made, "doc.md", match, {}), (passage, line)
