"""The fast paths of round 4 (issue 16) in facts and content recognition give what the general forms give.

Each is compared with the general form it replaces, written out here, on the examples' documents and on
inputs made to be hard (combining marks and Hangul jamo at line starts, full-width forms, final sigma,
line separators; terms in different sentences; values of other types than a field takes), including
those on which a fast path must decline.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from cmscheck import applicability, paths
from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content import facts as content_facts
from cmscheck.content.loader import load_content
from cmscheck.content.model import Element
from cmscheck.content.recognise import (_CLAUSE_END, Match, Recogniser, normalise, normalise_all, normalise_lines, prepare,
                                         sentences)
from cmscheck.content.refs import evidence_ref
from cmscheck.evidence.model import Locator, Section
from cmscheck.facts import functions
from cmscheck.findings import EvidenceRef

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), ROOT / "tests" / "bundles" / "complete",
           ROOT / "tests" / "bundles" / "minimal"]

HARD = ["ΑΣ ｜ **ＧＢ／Ｔ　32151**", "\u0301第二条 公司制定碳排放目标。", "第三条\u2028 碳排放目标每年评审", "\u1100\u1161",
        "\u1161각", "ὈΔΥΣΣΕΎΣ 核算", "ﬁ ß İ ǅ", "\u00a8\u0301", "Å", "A\u030a", "\u3000\u3000", "", " ", "\r", "ｶﾞ", "ﾞ",
        "\u0345\u0301", "㍿ ㈱", "\ufb01\u0301", "\U0001d400", "\u2028", "\x85", "\u00a0目标"]


def _texts() -> list[str]:
    out = list(HARD)
    for folder in BUNDLES:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt")):
            out += path.read_text(encoding="utf-8-sig", errors="replace").split("\n")
    return out


def test_lines_normalised_in_one_pass_are_each_line_normalised():
    texts = _texts()
    assert len(texts) > 500
    joined = "\n".join(texts)
    assert normalise_lines(joined) == [normalise(t) for t in texts]
    # every pair of the hard texts across a line break: nothing reaches across it
    for a in HARD:
        for b in HARD:
            assert normalise_lines(a + "\n" + b) == [normalise(a), normalise(b)], (a, b)


def test_normalise_all_declines_texts_holding_a_line_break():
    texts = ["第一行\n第二行", "ＧＢ", "a\n", "\n"]
    assert normalise_all(texts) == [normalise(t) for t in texts]
    assert normalise_all([]) == [] and normalise_all([""]) == [""] and normalise_all(HARD) == [normalise(t) for t in HARD]


def _sentence_by_sentence(rec: Recogniser, sections) -> Match:
    """find_prepared as it was: each section split into sentences, every candidate's clauses judged where
    every group has a term (in the sentence, or for a heading element in its heading)."""
    for sec in sections:
        heading_norm = normalise(" ".join(sec.heading_path))
        candidates = [(0, sec.heading_path[-1], True)] if sec.heading_path else []
        candidates += [(start, s, False) for start, s in sentences(sec.text)]
        for start, text, is_heading in candidates:
            norm = normalise(text)
            heading = "" if is_heading else heading_norm
            h = heading if rec.element.heading else ""
            if all(g.search(norm) or (h and g.search(h)) for g in rec.group_any) and \
                    rec._states(tuple(_CLAUSE_END.split(norm)), heading):
                offset = 0 if is_heading else sec.text[:start].count("\n") + (1 if sec.heading_path else 0)
                return Match(True, text, sec.locator, offset)
    return Match(False)


def _element(groups: list[list[str]], heading: bool = False) -> Element:
    return Element.model_validate({"id": "e", "name": {"zh": "要素", "en": "element"}, "statements": ["cms:5.2.b"],
                                   "groups": [{"name": f"g{i}", "terms": t} for i, t in enumerate(groups)],
                                   "heading": heading})


MADE = [
    ("目标在此。制定在彼。", "只有这一句。"),  # the groups in different sentences
    ("制定。目标。制定了目标。", "其后。"),  # found in the third sentence, after two that hold one group each
    ("尚未制定目标。已制定目标。", ""),  # the first sentence holding both is negated: the next one states it
    ("\u200b。制定目标", "。。"),  # a sentence that normalises to almost nothing
    ("目标制定", "目标制定"),  # found in the first section
    ("", "制定碳排放的目标"),  # a gap term, in the second section only
    ("  目标\u3000制定  \n \u00a0。 \t", "制定目标 \r\n"),  # whitespace around the sentences and between them
]


@pytest.mark.parametrize("first,second", MADE)
@pytest.mark.parametrize("heading", [False, True])
def test_the_leapfrog_finds_the_sentence_the_sentence_by_sentence_search_finds(first, second, heading):
    cues = load_content().negation.cues
    rec = Recogniser(_element([["目标", "碳*目标"], ["制定"]], heading), cues)
    secs = [Section(("目标",), first, Locator(file="a.md", line=1)), Section(("计划", "制定"), second, Locator(file="a.md", line=5))]
    prepared = prepare(secs)
    got = rec.find_prepared(prepared)
    assert got == _sentence_by_sentence(rec, secs) and (not got.found or got.norm == normalise(got.passage))
    assert rec.find_prepared(prepared) == got  # compiled now: holds() is skipped


def test_the_examples_documents_give_what_the_sentence_by_sentence_search_gives():
    data = load_content()
    recs = [Recogniser(el, data.negation.cues) for _, el in data.elements()]
    catalog = load_catalog()
    found = 0
    for folder in BUNDLES:
        bundle = load_bundle(folder, catalog)
        for result in bundle.readings.values():
            if result.status != "read":
                continue
            prepared = prepare(result.sections)
            for rec in recs:
                got = rec.find_prepared(prepared)
                assert got == _sentence_by_sentence(rec, result.sections), (result.file, rec.element.id)
                assert got.norm == (normalise(got.passage) if got.found else "")
                found += got.found
    assert found > 50


GIVEN = [{"file": "a.md"}, {"file": "a.md", "note": "x"}, {"file": "a.md", "section": None}, {"file": "a.md", "line": 3, "section": "h", "note": None},
         {"file": "a.md", "line": None, "field": "documents[0]"}, {"file": "x.xlsx", "sheet": "S", "cell": "B7", "page": 2, "paragraph": 1}]


class Text(str):
    pass


@pytest.mark.parametrize("given", GIVEN + [{"file": "a.md", "line": True}, {"file": Text("a.md")}, {"file": "a", "line": "3"}])
def test_a_reference_built_unvalidated_is_the_validated_one(given):
    fast, general = evidence_ref(**given), EvidenceRef(**given)
    assert fast == general and fast.model_dump() == general.model_dump() and list(fast.__dict__) == list(general.__dict__)
    assert fast.model_fields_set == general.model_fields_set


@pytest.mark.parametrize("given", [{}, {"file": None}, {"file": "a", "line": "three"}, {"file": "a", "colour": "red"}, {"file": 3}])
def test_a_reference_of_wrong_values_fails_as_validation_fails(given):
    with pytest.raises(ValidationError):
        EvidenceRef(**given)
    with pytest.raises(ValidationError):
        evidence_ref(**given)


def test_a_records_file_and_approval_are_what_getattr_and_hasattr_give():
    catalog = load_catalog()

    @dataclasses.dataclass
    class Stray:  # no model: looked up on the instance, as before
        minutes: str | None = None
        approved_by: str | None = None

    checked = 0
    for folder in BUNDLES:
        m = load_bundle(folder, catalog).manifest
        objects = [*m.documents, *m.records.other] + [r for name in type(m.records).model_fields for r in getattr(m.records, name)]
        objects += [Stray("m.md"), Stray(), m.data, m.data.inventory, m.organization]
        for r in objects:
            general = getattr(r, "report", None) or getattr(r, "minutes", None) or getattr(r, "file", None)
            assert (content_facts._file_of(r) or None) == (general or None), r
            assert functions._has_approval(r) is hasattr(r, "approved_by"), r
            checked += 1
    assert checked > 100


def test_a_data_folder_is_the_one_paths_finds(monkeypatch, tmp_path):
    for name in ("standards", "rules"):
        monkeypatch.delenv(paths._ENV[name], raising=False)
        assert applicability.data_folder(name) == paths.data_dir(name)
        assert applicability.data_folder(name) == paths.data_dir(name)  # remembered: the same
        monkeypatch.setenv(paths._ENV[name], str(tmp_path))  # an override is read on every call
        assert applicability.data_folder(name) == paths.data_dir(name) == tmp_path
        monkeypatch.setenv(paths._ENV[name], "relative/folder")
        assert applicability.data_folder(name) == paths.data_dir(name)
        monkeypatch.delenv(paths._ENV[name])
        assert applicability.data_folder(name) == paths.data_dir(name)
    # another repository root (tests of a broken install): found afresh, failing as paths fails
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path)
    if not (paths.package_root() / paths.DATA_PACKAGE).is_dir():
        with pytest.raises(paths.DataMissing):
            applicability.data_folder("rules")


def test_unicode_data_has_no_character_that_normalises_to_a_line_break():
    """What normalise_lines rests on, checked over every code point of this Python's Unicode data."""
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or cp == 0x0A:
            continue
        c = chr(cp)
        assert "\n" not in unicodedata.normalize("NFKC", c).casefold(), hex(cp)


def _general_prepared(sections) -> tuple[list[str], list[tuple[int, int]], str]:
    """The candidates as prepare() used to make them: (norms, (section, sentence or -1), lines)."""
    norms, where, heads = [], [], []
    for si, sec in enumerate(sections):
        if sec.heading_path:
            norms.append(normalise(sec.heading_path[-1]))
            where.append((si, -1))
        for i, (_, text) in enumerate(sentences(sec.text)):
            norms.append(normalise(text))
            where.append((si, i))
        heads.append(normalise(" ".join(sec.heading_path)))
    return norms, where, "\n".join(norms + heads)


def test_a_prepared_document_holds_the_sentences_normalised_one_by_one():
    catalog = load_catalog()
    docs = [result.sections for folder in BUNDLES for result in load_bundle(folder, catalog).readings.values()
            if result.status == "read"]
    loc = Locator(file="m.md", line=1)
    docs += [(Section(("一\n二", "三"), " 甲。\n\n乙；\u3000", loc), Section((), "", loc), Section(("ＧＢ",), "\u0301丙！？", loc)),
             (Section(("单",), "  ", loc),), (), tuple(Section((h,), "ΑΣ。" + h, loc) for h in HARD[:8])]
    assert len(docs) > 20
    for sections in docs:
        prepared = prepare(sections)
        norms, where, lines = _general_prepared(sections)
        assert list(prepared.norms) == norms and list(zip(prepared.owner, prepared.which)) == where
        assert prepared.lines == lines and prepared.lines[:prepared.end].split("\n") == (norms or [""])
        assert [lines[s:].split("\n")[0] for s in prepared.starts] == norms
