"""A recogniser compiles its expressions only once a document holds its terms' literal parts (issue 16):
what it finds is what the fully compiled recogniser finds, and what a search of every term finds.

The substring test may only decline what the expressions would decline: checked on every document of
the examples, on held-out sentences, and on texts made to pass the substring test while the
expression fails (a gap wider than eight characters, the parts on two lines, in the wrong order).
"""

from __future__ import annotations

import re
import unicodedata

from test_fast_facts import _corpus, _documents, _general_find

from cmscheck.content.loader import load_content
from cmscheck.content.model import Element
from cmscheck.content.recognise import Recogniser, normalise, prepare, term_pattern
from cmscheck.evidence.model import Locator, Section


def _pair(el, cues) -> tuple[Recogniser, Recogniser]:
    """A fresh recogniser (nothing compiled) and one compiled up front."""
    compiled = Recogniser(el, cues)
    compiled.group_any, compiled.groups, compiled.blockers  # noqa: B018  compiled now
    return Recogniser(el, cues), compiled


def test_nothing_is_compiled_until_a_document_holds_the_terms():
    data = load_content()
    el = next(el for _, el in data.elements())
    rec = Recogniser(el, data.negation.cues)
    assert not {"group_any", "groups", "blockers", "any_blocker"} & set(rec.__dict__)
    miss = rec.find_prepared(prepare([Section(("x",), "与本要素无关的文字。", Locator(file="a.md", line=1))]))
    assert not miss.found and "group_any" not in rec.__dict__


def test_lazy_and_compiled_recognisers_find_the_same_passages():
    data = load_content()
    docs = _documents()
    found = compiled_lazily = 0
    for _, el in data.elements():
        lazy, compiled = _pair(el, data.negation.cues)
        for name, sections in docs:
            prepared = prepare(sections)
            got = lazy.find_prepared(prepared)
            assert got == compiled.find_prepared(prepared) == _general_find(compiled, sections), (el.id, name)
            found += got.found
        compiled_lazily += "group_any" in lazy.__dict__
    assert found > 20
    assert 0 < compiled_lazily < len(list(data.elements()))  # some elements compiled, some never needed to


def test_the_substring_test_declines_only_what_the_expressions_decline():
    data = load_content()
    corpus = [normalise(t) for t in _corpus()]
    passed_only_by_substrings = 0
    for _, el in data.elements():
        rec = Recogniser(el, data.negation.cues)
        made = []
        for g in el.groups:
            for t in g.terms:
                parts = [normalise(p) for p in t.split("*")]
                # literal parts present, expression absent when the term has a gap: too far apart, on
                # two lines, reversed
                made += ["".join(p + "某" * 9 for p in parts), "\n".join(parts), "".join(reversed(parts)), "".join(parts)]
        for text in corpus + made:
            for gi, group in enumerate(rec.parts):
                may = any(all(part in text for part in term) for term in group)
                exact = bool(rec.group_any[gi].search(text))
                assert may or not exact, (el.id, text)  # declining is never wrong
                passed_only_by_substrings += may and not exact
            assert rec._may_hold(text) == all(any(all(p in text for p in term) for term in g) for g in rec.parts)
    assert passed_only_by_substrings > 20  # the expressions, not the substrings, had the last word there


def test_gap_terms_passing_the_substring_test_are_still_judged_by_the_expression():
    el = Element.model_validate({"id": "e", "name": {"zh": "目标", "en": "target"}, "statements": ["cms:5.2.b"],
                                 "groups": [{"name": "g", "terms": ["碳*目标"]}, {"name": "h", "terms": ["制定"]}]})
    cues = load_content().negation.cues
    loc = Locator(file="t.md", line=1)
    for text, found in [("碳排放管理体系所涉及的各项目标已制定", False), ("碳排放目标已制定", True),
                        ("目标已制定，碳排放", False), ("碳排放\n目标已制定", False), ("尚未制定碳排放目标", False)]:
        lazy, compiled = _pair(el, cues)
        prepared = prepare([Section(("计划",), text, loc)])
        assert lazy._may_hold(prepared.lines) or not found
        assert lazy.find_prepared(prepared).found is found is compiled.find_prepared(prepared).found, text
        assert bool(re.search(term_pattern("碳*目标"), prepared.lines)) is ("碳排放目标" in text), text


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
