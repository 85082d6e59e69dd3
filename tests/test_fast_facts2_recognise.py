"""A group's terms are found by substring tests, and only terms with a gap by an expression (issue 16):
what a recogniser finds is what the alternation of every term's expression found, and what a search of
every term finds (tests/test_fast_facts.py compares whole documents against the latter).

Checked on every document of the examples, on held-out sentences, and on texts made to hold a gap
term's parts where its expression does not match (a gap wider than eight characters, the parts on
two lines, in the wrong order).
"""

from __future__ import annotations

import re
import unicodedata

from test_fast_facts import _corpus, _documents, _general_find

from cmscheck.content.loader import load_content
from cmscheck.content.model import Element
from cmscheck.content.recognise import AnyTerm, Recogniser, _alternation_of, normalise, prepare, term_pattern, term_source
from cmscheck.evidence.model import Locator, Section


def test_nothing_is_compiled_until_a_sentence_is_searched():
    data = load_content()
    groups = [g for _, el in data.elements() for g in el.groups]
    literal_only = [g for g in groups if not any("*" in t for t in g.terms)]
    assert len(literal_only) > len(groups) / 2
    for g in groups:
        any_term = AnyTerm(g.terms)
        assert any_term.pattern is None and (any_term.gaps is None) == (g in literal_only)
        assert len(any_term.literals) == sum("*" not in t for t in g.terms)
        any_term.holds("一份文件的全文")
        assert any_term.pattern is None  # a document searched: still nothing compiled
        any_term.search("一句话")
        assert any_term.pattern is not None
    # a document whose text holds no element's terms compiles nothing
    rec = Recogniser(next(el for _, el in data.elements()), data.negation.cues)
    rec.find_prepared(prepare([Section(("x",), "与本要素无关的文字。", Locator(file="a.md", line=1))]))
    assert all(g.pattern is None for g in rec.group_any) and "blockers" not in rec.__dict__


def _texts() -> list[str]:
    data = load_content()
    texts = [normalise(t) for t in _corpus()]
    texts += [prepare(sections).lines for _, sections in _documents()]
    for _, el in data.elements():
        for g in el.groups:
            for t in g.terms:
                parts = [normalise(p) for p in t.split("*")]
                # the parts of a gap term where its expression does not match: too far apart, on two
                # lines, reversed; and where it does
                texts += ["".join(p + "某" * 9 for p in parts), "\n".join(parts), "".join(reversed(parts)), "".join(parts),
                          "".join(p + "某" * 8 for p in parts)]
    return texts


def test_a_group_is_found_where_the_alternation_of_its_terms_matches():
    data = load_content()
    texts = _texts()
    found = gap_found = 0
    for _, el in data.elements():
        for g in el.groups:
            alternation = _alternation_of([term_source(t) for t in g.terms])
            fresh, compiled = AnyTerm(g.terms), AnyTerm(g.terms)
            compiled.search("")
            for text in texts:
                want = alternation.search(text) is not None
                got = fresh.holds(text)
                assert got is want is compiled.holds(text) is compiled.search(text), (el.id, g.name, text)
                found += got
                gap_found += got and not any(lit in text for lit in fresh.literals)
            assert fresh.pattern is None  # every text searched by substrings
    assert found > 1000 and gap_found > 10  # found by substrings and by the gap terms' expression


def test_documents_are_searched_as_term_by_term():
    data = load_content()
    docs = _documents()
    found = 0
    for _, el in data.elements():
        rec = Recogniser(el, data.negation.cues)
        for name, sections in docs:
            got = rec.find_prepared(prepare(sections))
            assert got == _general_find(rec, sections), (el.id, name)
            found += got.found
    assert found > 20


def test_gap_terms_are_still_judged_by_the_expression():
    el = Element.model_validate({"id": "e", "name": {"zh": "目标", "en": "target"}, "statements": ["cms:5.2.b"],
                                 "groups": [{"name": "g", "terms": ["碳*目标"]}, {"name": "h", "terms": ["制定"]}]})
    cues = load_content().negation.cues
    loc = Locator(file="t.md", line=1)
    for text, found in [("碳排放管理体系所涉及的各项目标已制定", False), ("碳排放目标已制定", True),
                        ("目标已制定，碳排放", False), ("碳排放\n目标已制定", False), ("尚未制定碳排放目标", False)]:
        rec = Recogniser(el, cues)
        secs = [Section(("计划",), text, loc)]
        assert rec.find_prepared(prepare(secs)).found is found is _general_find(rec, secs).found, text
        assert bool(re.search(term_pattern("碳*目标"), prepare(secs).lines)) is ("碳排放目标" in text), text


# ------------------------------------------------------------------------------------------ normalise


def _general_normalise(text: str) -> str:
    """normalise as it was: NFKC of the text as written, case folded, `\\s` removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def test_normalise_is_nfkc_casefold_without_whitespace_for_every_character():
    import sys

    wide = "，（）：；！？\u3000"
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        # alone, after each replaced full-width form (a combining mark after it must still combine the
        # same way) and before one
        for text in (c, wide[code % len(wide)] + c + wide[(code + 1) % len(wide)]):
            assert normalise(text) == _general_normalise(text), hex(code)


def test_normalise_on_documents_and_mixed_text():
    import random

    rng = random.Random(16)
    texts = [s.text for _, sections in _documents() for s in sections] + _corpus()
    pool = "，（）：；！？\u3000ＡＢａ１２。、\u0301\u0338\u3099\u309aｶﾞ가\u1161\u11a8ΣΑσς \t\r\n\u2028\x85<=>=ﬁ²碳目标"
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        assert normalise(text) == _general_normalise(text), text
