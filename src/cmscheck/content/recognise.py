"""Recognise a required element in a document's sections: a pure function, text in, passage out.

An element is a few concepts (term groups). It is found when ONE sentence holds a term of every
group, each in a clause that is not negated or deferred ("尚未建立", "不适用", "待定"). Sentences end
at 。；;！!？? and line breaks (so each list item and table row is one); clauses end at commas,
colons, brackets, table cell bars and 但. Text is normalised first — full-width forms to half-width
(NFKC), case folded, whitespace removed — so "ＧＢ／Ｔ 32151" and "gb/t32151" match alike.
Keywords alone were wrong both ways: a concept needs its parts together, and a negated clause says
the opposite of its words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable

from ..evidence.model import Locator, Section
from .model import Element

GAP = ".{0,8}"  # what `*` in a term stands for
_SENTENCE_END = re.compile(r"[。；;！!？?\r\n]+")
_CLAUSE_END = re.compile(r"[,:|()\[\]【】《》]|但是|但")
_ENDS = "。；;！!？?\r"  # _SENTENCE_END's characters but the line break


def _cut(text: str) -> list[str]:
    """The text cut at every sentence end character: each replaced by a line break (one character for
    one, so every offset stays), then split there. Its non-blank pieces are _SENTENCE_END.split(text)'s
    non-blank pieces, in order (a run of ends leaves empty pieces between, where the expression takes the
    run at once). Half the cost of the expression's split or finditer: eight scans of a short text cost
    less than a match per sentence end."""
    for end in _ENDS:
        text = text.replace(end, "\n")  # the text itself when it has none
    return text.split("\n")


# The full-width forms Chinese text is full of, each with its compatibility decomposition. NFKC of a
# text with any of them takes the slow path of normalisation for the whole text; replaced first by their
# decompositions (which leaves the text's NFKD, hence its NFKC, unchanged), most sentences pass NFKC's
# quick check. What remains (rarer full-width forms) NFKC still maps.
_WIDE = tuple((c, unicodedata.normalize("NFKD", c)) for c in "，（）：；！？\u3000")


def normalise(text: str) -> str:
    """Full-width to half-width, case folded, whitespace removed."""
    for wide, narrow in _WIDE:
        text = text.replace(wide, narrow)
    # str.split() splits at what `\s` matches (both ask Py_UNICODE_ISSPACE), faster than re.sub
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_lines(text: str) -> list[str]:
    """[normalise(line) for line in text.split("\\n")], in one pass over the text: a call per short line
    cost more than its work. The same, because no step reaches across a line break: the replacements
    map characters; NFKC maps none to or from a line break, which is a starter nothing composes with,
    so its runs end there; case folding maps characters alone. Whitespace goes last, line by line."""
    for wide, narrow in _WIDE:
        text = text.replace(wide, narrow)
    return ["".join(line.split()) for line in unicodedata.normalize("NFKC", text).casefold().split("\n")]


def normalise_all(texts: list[str]) -> list[str]:
    """[normalise(t) for t in texts]: by normalise_lines when no text holds a line break."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [normalise(t) for t in texts]
    return normalise_lines(joined)


@lru_cache(maxsize=4096)
def clauses(sentence: str) -> tuple[str, ...]:
    """The normalised clauses of a sentence (cached: every element of a kind reads the same sentences)."""
    return tuple(_CLAUSE_END.split(normalise(sentence)))


def term_source(term: str) -> str:
    """A term's regular expression: its normalised parts, escaped, joined by GAP."""
    return GAP.join(re.escape(normalise(part)) for part in term.split("*"))


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern:
    return re.compile(term_source(term))


@dataclass(frozen=True)
class PreparedDocument:
    """A document's sentences and section headings, normalised once for every element searched in it.

    A candidate is a sentence, or a section's own heading (before its sentences). Only the sentence
    found is worked out further (its text as written, its offset): a document has many, an element
    is stated in one."""

    sections: tuple[Section, ...]
    heading_norms: tuple[str, ...]  # per section: normalise(" ".join(heading_path))
    # every candidate and heading path, normalised, one a line: a term (no line break, no anchor) that
    # matches none of its lines stands in no sentence or heading of the document
    lines: str
    norms: tuple[str, ...]  # per candidate, in document order: its normalised text
    owner: tuple[int, ...]  # per candidate: its section's index
    which: tuple[int, ...]  # per candidate: its sentence's index among the section's, -1 for the heading
    starts: tuple[int, ...]  # per candidate: where its line starts in `lines`
    end: int  # where the candidates' lines end (the heading paths follow)
    # section index -> sentences(its text), for the matches found in it (several elements are often
    # stated in one section: it is split once per document, not once per match)
    said: dict[int, list[tuple[int, str]]] = field(default_factory=dict, compare=False, repr=False)


def prepare(sections: Iterable[Section]) -> PreparedDocument:
    """A document's sections split into sentences and normalised once, for all elements searched in it
    (each element used to split and normalise every sentence again), all in one normalise_all.

    A section's sentences are the pieces between sentence ends that hold more than whitespace, as
    sentences() gives them; a piece is normalised as it stands, its surrounding whitespace with it
    (normalise removes whitespace, and no whitespace character composes with a neighbour)."""
    secs = tuple(sections)
    texts: list[str] = []
    at: list[int] = []  # per candidate: its text's index in texts
    owner: list[int] = []
    which: list[int] = []
    heads: list[int] = []  # per section: its heading path's index in texts, -1 for none
    for si, sec in enumerate(secs):
        path = sec.heading_path
        if path:
            at.append(len(texts))
            owner.append(si)
            which.append(-1)
            texts.append(path[-1])
            if len(path) > 1:  # a one-heading path is its heading
                texts.append(" ".join(path))
            heads.append(len(texts) - 1)
        else:
            heads.append(-1)
        pieces = list(filter(str.strip, _cut(sec.text)))
        at.extend(range(len(texts), len(texts) + len(pieces)))
        owner += [si] * len(pieces)
        which.extend(range(len(pieces)))
        texts += pieces
    normed = normalise_all(texts)
    norms = [normed[i] for i in at]
    heading_norms = tuple(normed[h] if h >= 0 else "" for h in heads)  # normalise(" ".join(())) is ""
    starts = list(accumulate((len(n) + 1 for n in norms), initial=0))
    end = max(starts.pop() - 1, 0)
    lines = "\n".join(norms + list(heading_norms))
    return PreparedDocument(secs, heading_norms, lines, tuple(norms), tuple(owner), tuple(which), tuple(starts), end)


@dataclass(frozen=True)
class Match:
    found: bool
    passage: str = ""  # the sentence, as written in the document
    locator: Locator | None = None  # the section's locator
    line_offset: int = 0  # lines from the section's locator line to the sentence (exact for plain text)
    norm: str = field(default="", compare=False, repr=False)  # normalise(passage), when the search had it


def sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for every non-empty sentence of a text."""
    # the pieces between sentence ends (_cut keeps the offsets), those holding more than whitespace
    out, start = [], 0
    for piece in _cut(text):
        if piece.strip():
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start += len(piece) + 1
    return out


@lru_cache(maxsize=256)
def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _alternation(patterns: list[re.Pattern]) -> re.Pattern:
    return _alternation_of([p.pattern for p in patterns])


def _alternation_of(sources: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{s})" for s in sources))


# what may make a cue mean something else inside an alternation: a backreference or conditional (group
# numbers shift), a named group (names repeat), inline flags (allowed only at the start)
_NOT_COMBINABLE = re.compile(r"\\[1-9]|\(\?P?[=<(]|\(\?[aiLmsux-]")


def _any_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern matching where any of `patterns` matches, or None when the cues cannot be combined
    exactly (then each is tried alone)."""
    if not patterns or any(p.flags & ~re.UNICODE or _NOT_COMBINABLE.search(p.pattern) for p in patterns):
        return None
    try:
        return _alternation(patterns)
    except re.error:
        return None


class AnyTerm:
    """Any term of one group, found in a text.

    A sentence or clause is searched by one expression of every term, compiled when the group is
    first searched so (a one-bundle run compiles only the groups its documents get to: about 40 ms
    less start-up). A whole document, searched once per element to see whether a sentence of it could
    state the element, is searched by substring tests while nothing is compiled: the terms without a
    gap (`*`) as substrings, the few with one by their own expression.

    Exact either way: a term without a gap is its normalised self, escaped, so its expression matches
    exactly where the substring stands."""

    __slots__ = ("terms", "literals", "gaps", "pattern")

    def __init__(self, terms: Iterable[str]):
        self.terms = list(terms)
        self.literals = tuple(normalise(t) for t in self.terms if "*" not in t)
        gaps = [term_source(t) for t in self.terms if "*" in t]
        self.gaps = _alternation_of(gaps) if gaps else None
        self.pattern: re.Pattern | None = None  # every term's expression in one, once a sentence is searched

    def search(self, text: str) -> bool:
        """Whether a sentence, clause or heading holds a term (searched many times: compiled)."""
        if self.pattern is None:
            self.pattern = _alternation_of([term_source(t) for t in self.terms])
        return self.pattern.search(text) is not None

    def holds(self, text: str) -> bool:
        """Whether a whole document holds a term (searched once: nothing compiled for it)."""
        if self.pattern is not None:
            return self.pattern.search(text) is not None
        for literal in self.literals:
            if literal in text:
                return True
        return self.gaps is not None and self.gaps.search(text) is not None


class Recogniser:
    """One element's term groups and the negation cues, ready for every document."""

    def __init__(self, element: Element, negation_cues: Iterable[str]):
        self.element = element
        self.cues = list(negation_cues) if element.negation else []
        self.size = len(element.groups)
        # any term of a group: a text it does not find holds no term of the group, so one test replaces
        # a scan per term
        self.group_any = [AnyTerm(g.terms) for g in element.groups]
        self._terms: dict[int, list[re.Pattern]] = {}  # group -> its terms' expressions, once needed
        self._search_list: list | None = None  # each group's search, once a document holds every group

    def _group_terms(self, gi: int) -> list[re.Pattern]:
        pats = self._terms.get(gi)
        if pats is None:
            pats = self._terms[gi] = [term_pattern(t) for t in self.element.groups[gi].terms]
        return pats

    @cached_property
    def blockers(self) -> list[re.Pattern]:
        return [_cue(c) for c in self.cues] + [term_pattern(t) for t in self.element.exclude]

    @cached_property
    def any_blocker(self) -> re.Pattern | None:
        return _any_of(self.blockers)

    def _clause_groups(self, clause: str) -> set[int]:
        """The groups a clause satisfies, unless a negation cue outside the matched terms blocks it."""
        hits = [gi for gi, search in enumerate(self._searches()) if search(clause) is not None]
        if not hits:
            return set()
        if self.any_blocker is not None and not self.any_blocker.search(clause):
            return set(hits)  # no cue nor excluded term in the clause: nothing to weigh
        spans = None  # where the terms stand: needed only when a blocker matches
        for b in self.blockers:
            for m in b.finditer(clause):
                if spans is None:
                    spans = [t.span() for gi in hits for p in self._group_terms(gi) for t in p.finditer(clause)]
                if not any(m.start() < e and s < m.end() for s, e in spans):
                    return set()  # the clause is negated or deferred: none of its terms count
        return set(hits)

    def _heading_groups_norm(self, h: str) -> set[int]:
        # group_any finds a group's terms where one of its terms' expressions matches (see AnyTerm)
        return {gi for gi, g in enumerate(self.group_any) if g.search(h)} if h else set()

    def sentence(self, text: str, heading: str = "") -> bool:
        """Whether this one sentence (under this heading) states the element."""
        return self._states(clauses(text), normalise(heading) if self.element.heading else "")

    def _states(self, sentence_clauses: Iterable[str], heading_norm: str) -> bool:
        got: set[int] = set()
        for clause in sentence_clauses:
            got |= self._clause_groups(clause)
        if not got:
            return False  # a heading alone is not a statement
        if self.element.heading:
            got |= self._heading_groups_norm(heading_norm)
        return len(got) == self.size

    def find(self, sections: Iterable[Section]) -> Match:
        """The first sentence, in document order, that states the element."""
        return self.find_prepared(prepare(sections))

    def _searches(self) -> list:
        """Each group's expression's search, compiled once a document holds every group (see AnyTerm)."""
        if self._search_list is None:
            for g in self.group_any:
                if g.pattern is None:
                    g.search("")  # compiles it
            self._search_list = [g.pattern.search for g in self.group_any]
        return self._search_list

    def find_prepared(self, prepared: PreparedDocument) -> Match:
        """find() over sections prepare() has split and normalised (once per document, for all elements)."""
        if self._search_list is None or self.element.heading:
            for g in self.group_any:
                if not g.holds(prepared.lines):
                    return Match(False)  # a group has no term anywhere in the document: no sentence can state it
        searches = self._searches()
        if not self.element.heading:
            return self._leapfrog(prepared, searches)
        norms, owner, which, heading_norms = prepared.norms, prepared.owner, prepared.which, prepared.heading_norms
        for k, norm in enumerate(norms):
            heading = "" if which[k] < 0 else heading_norms[owner[k]]
            # whether each group has a term in the sentence or in its heading: if one has none, no clause
            # can supply it; most sentences are passed over at one search
            for search in searches:
                if search(norm) is None and not (heading and search(heading) is not None):
                    break
            else:
                if self._states(_CLAUSE_END.split(norm), heading):
                    return _match(prepared, k)
        return Match(False)

    def _leapfrog(self, prepared: PreparedDocument, searches: list) -> Match:
        """find_prepared for an element whose headings do not count: the first sentence holding every
        group, found by searching the document's lines (`lines`) rather than sentence by sentence. From
        sentence k on, each group's next term is looked up; when one stands further on, no sentence
        before it holds every group, so k moves there; when all stand in sentence k, its clauses are
        judged. A term matches within one line (no line break in it, no anchor), so a match in `lines`
        starting in sentence k's line is a match in that sentence."""
        lines, starts, end = prepared.lines, prepared.starts, prepared.end
        # each group's first match at or after where it was last searched from: still its first match
        # from any later point up to it (where a term matches does not depend on where a search starts)
        found = [-1] * len(searches)
        k, n = 0, len(starts)
        while k < n:
            target = k
            for gi, search in enumerate(searches):
                at = found[gi]
                if at < starts[target]:
                    m = search(lines, starts[target], end)
                    if m is None:
                        return Match(False)  # no later sentence holds this group
                    at = found[gi] = m.start()
                j = bisect_right(starts, at) - 1
                if j > target:
                    target = j
            if target > k:
                k = target
                continue
            heading = "" if prepared.which[k] < 0 else prepared.heading_norms[prepared.owner[k]]
            if self._states(_CLAUSE_END.split(prepared.norms[k]), heading):
                return _match(prepared, k)
            k += 1
        return Match(False)


def _match(prepared: PreparedDocument, k: int) -> Match:
    """The match of candidate k: its text as written and its line offset, worked out for it alone."""
    sec = prepared.sections[prepared.owner[k]]
    idx = prepared.which[k]
    if idx < 0:
        return Match(True, sec.heading_path[-1], sec.locator, 0, prepared.norms[k])
    said = prepared.said.get(prepared.owner[k])
    if said is None:
        said = prepared.said[prepared.owner[k]] = sentences(sec.text)
    start, text = said[idx]
    offset = sec.text[:start].count("\n") + (1 if sec.heading_path else 0)
    return Match(True, text, sec.locator, offset, prepared.norms[k])


_RECOGNISERS: dict[tuple[int, tuple[str, ...]], tuple[Element, Recogniser]] = {}


def recogniser(element: Element, negation_cues: Iterable[str]) -> Recogniser:
    """The compiled recogniser of an element (loaded data is immutable and cached, so once per process)."""
    cues = tuple(negation_cues)
    key = (id(element), cues)
    hit = _RECOGNISERS.get(key)
    if hit is None or hit[0] is not element:
        hit = _RECOGNISERS[key] = (element, Recogniser(element, cues))
    return hit[1]


def recognise(sections: Iterable[Section], element: Element, negation_cues: Iterable[str]) -> Match:
    return recogniser(element, negation_cues).find(list(sections))
