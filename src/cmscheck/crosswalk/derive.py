"""Derive the crosswalk from the catalog: what the shared vocabulary, topics and wording let us pair.

Two statements of different standards are candidates only when they share a topic (the join key
of the catalog) and their wording overlaps (TEXT_MIN): a shared topic and shared evidence kinds
alone paired review inputs with record keeping, so they no longer suffice. A sentence that
introduces a list is compared together with its items, since its own words ("组织应：") say
nothing. A statement that keeps documented information of something pairs only with another such
statement ("keep the review's records" is not "review"). A candidate is scored by its wording, the clause it stands in (title and the sentence
that introduces a list item) and the evidence kinds both demand; a pair is kept when each is the
other's best counterpart in the other standard (mutual best, so a list item is not also paired
with its neighbour) and the score reaches THRESHOLD.

The relationship defaults to intersects. It is equivalent only when the wording is nearly the
same and the two stand in comparable places (a target's achievement measured is not the same
requirement as its trend reviewed); subset or superset only when one statement's wording is
contained in the other's, never from evidence tags alone. Curated entries (standards/crosswalk.yaml)
win for their pair of statements; a statement without any counterpart is unique to its standard.
docs/compare.md gives the measured error rates.

Pure and deterministic: the same catalog and curated entries give the same list, in catalog order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ..catalog import Catalog
from .models import Mapping

THRESHOLD = 0.42   # below this, a best match is usually a different requirement with a shared topic
TEXT_MIN = 0.25    # wording overlap below this: a different requirement, however close the clause (review, round 1)
EQUIVALENT = 0.75  # text similarity from which two statements say the same ...
PLACE_MIN = 0.25   # ... provided their clause and lead-in are comparable (else the same words ask different things)
ELSEWHERE = 0.2    # place similarity below this: two clauses about different things ...
ELSEWHERE_TEXT = 0.5  # ... pair only when half their wording is shared (records list vs a leadership duty, round 1)
CONTAINED = 0.85   # share of the shorter statement's wording found in the longer one: subset/superset
SHORT = 6          # a normalized text this short ("何时交流") is judged mostly by its context

# subject nouns and the standards' names for the same system: removed or unified before comparing
_SUBJECT = re.compile(r"重点行业企业|园区内各主体|园区各主体|园区内主体|园区|组织|企业|公司|最高管理层")
_UNIFY = [("碳中和管理体系", "碳管理体系"), ("碳排放管理体系", "碳管理体系"), ("碳中和管理", "碳管理"),
          ("碳排放管理", "碳管理"), ("碳中和绩效", "碳绩效"), ("温室气体", "碳"), ("成文信息", "文件化信息")]
# boilerplate every standard repeats ("shall retain documented information of …"): it says nothing
# about what is asked, so two "retain records of X" sentences are compared on X alone
_BOILERPLATE = re.compile(r"文件化信息|保留|保持|适当时|适用时|必要时|应|的")
# "retain documented information of X" is not "do X": in review, 9 of the 11 pairs of a record-keeping
# statement with one that is not were wrong (rounds 1-3, tests/crosswalk_review.yaml)
_RECORD = re.compile(r"(?:保留|保持|形成|提供|可供使用|收集并保留).{0,30}文件化信息|文件化信息.{0,20}(?:可供使用|予以保持|加以保留)"
                     r"|记录$|应保留.{0,25}记录|形成文件予以保持")
_RECORD_LIST = re.compile(r"记录文件|保留以下文件化信息|文件化信息作为下列|证据的文件化信息")
_NOISE = re.compile(r"[\s，。；：、（）()“”‘’《》\[\]【】,.;:!?！？\-—/0-9a-zA-Z注示例]")


def normalize(text: str) -> str:
    text = _SUBJECT.sub("", text)
    for a, b in _UNIFY:
        text = text.replace(a, b)
    return _BOILERPLATE.sub("", _NOISE.sub("", text))


def grams(text: str) -> frozenset[str]:
    t = normalize(text)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1)) or frozenset([t] if t else [])


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Item:
    id: str
    standard: str
    order: int
    text: frozenset[str]
    length: int
    context: frozenset[str]
    evidence: frozenset[str]
    topics: frozenset[str]
    record: bool = False  # keeps documented information of something, rather than doing it


def _is_sentence(sid: str) -> bool:
    last = sid.rsplit(".", 1)[1]
    return last.startswith("s") and last[1:].isdigit()


def _is_note(sid: str) -> bool:
    return any(part[:1] == "n" and part[1:].isdigit() for part in sid.split(":", 1)[1].split("."))


def _parent(ids: list[str], i: int) -> str | None:
    """The statement a list item hangs under: its id prefix, else the last sentence before it."""
    sid = ids[i]
    if _is_sentence(sid):
        return None
    prefix = sid.rsplit(".", 1)[0]
    if prefix in ids[:i]:
        return prefix
    return next((ids[j] for j in range(i - 1, -1, -1) if _is_sentence(ids[j])), None)


def _titled(clauses, trail=""):
    """Each clause with the titles of its ancestors and itself: the place a statement stands in."""
    for c in clauses:
        here = trail + c.title.zh
        yield c, here
        yield from _titled(c.clauses, here)


def items(catalog: Catalog) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    n = 0
    for std_id in sorted(catalog.standards):
        lst = out.setdefault(std_id, [])
        for clause, place in _titled(catalog.standards[std_id].clauses):
            ids = [s.id for s in clause.statements]
            texts = {s.id: s.text for s in clause.statements}
            parents = {sid: _parent(ids, i) for i, sid in enumerate(ids)}
            listed: dict[str, str] = {}  # a lead-in's own words plus its items': what it actually asks
            for sid, p in parents.items():
                # only a sentence that ends in a colon introduces a list; a note after a sentence is no item of it
                if p and texts[p].rstrip().endswith(("：", ":")) and not _is_note(sid):
                    listed[p] = listed.get(p, texts[p]) + texts[sid]
            for st in clause.statements:
                parent = parents[st.id]
                ctx = place + (texts[parent] if parent else "")
                own = listed.get(st.id, st.text)
                record = bool(_RECORD.search(st.text) or (parent and _RECORD_LIST.search(texts[parent])))
                lst.append(Item(st.id, std_id, n, grams(own), len(normalize(own)), grams(ctx),
                                frozenset(st.evidence), frozenset(st.topics), record))
                n += 1
    return out


def similarity(a: Item, b: Item) -> tuple[float, float, float]:
    """(score, text similarity, place similarity). Zero without a shared topic or overlapping wording."""
    if not (a.topics & b.topics) or a.record != b.record:
        return 0.0, 0.0, 0.0
    t = dice(a.text, b.text)
    if t < TEXT_MIN:
        return 0.0, t, 0.0
    c = dice(a.context, b.context)
    if c < ELSEWHERE and t < ELSEWHERE_TEXT:
        return 0.0, t, c
    w = 0.35 if max(a.length, b.length) < SHORT else 0.7
    score = w * t + (1 - w) * c + 0.1 * len(a.topics & b.topics) / len(a.topics | b.topics)
    if a.evidence and b.evidence:
        score += 0.25 * len(a.evidence & b.evidence) / len(a.evidence | b.evidence)
    return score, t, c


def relationship(a: Item, b: Item, text_sim: float, place_sim: float) -> str:
    """intersects unless the wording shows more: the same words in a comparable place (equivalent),
    or one statement's words contained in the other's (subset, superset)."""
    if place_sim < PLACE_MIN:
        return "intersects"
    if text_sim >= EQUIVALENT:
        return "equivalent"
    shorter, longer = (a, b) if len(a.text) <= len(b.text) else (b, a)
    if shorter.text and len(shorter.text & longer.text) / len(shorter.text) >= CONTAINED and len(longer.text) > 1.3 * len(shorter.text):
        return "subset" if shorter is a else "superset"
    return "intersects"


def _order_topics(topics: frozenset[str], vocab_order: dict[str, int]) -> list[str]:
    return sorted(topics, key=lambda t: vocab_order.get(t, 99))


def derive_pair(left: list[Item], right: list[Item], vocab_order: dict[str, int]) -> list[Mapping]:
    scores: dict[tuple[int, int], tuple[float, float, float]] = {}
    best_l: dict[int, tuple[float, int]] = {}
    best_r: dict[int, tuple[float, int]] = {}
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            s = similarity(a, b)
            if s[0] < THRESHOLD:
                continue
            scores[i, j] = s
            # ties go to the earlier statement in catalog order, so the result does not depend on dict order
            if i not in best_l or s[0] > best_l[i][0]:
                best_l[i] = (s[0], j)
            if j not in best_r or s[0] > best_r[j][0]:
                best_r[j] = (s[0], i)
    # mutual best: a one-sided best was, in review, mostly a list item paired with its neighbour's counterpart
    pairs = {(i, j) for i, (_, j) in best_l.items() if best_r.get(j, (0, -1))[1] == i}
    out = []
    for i, j in sorted(pairs):
        a, b = left[i], right[j]
        score, t, c = scores[i, j]
        out.append(Mapping(**{
            "from": a.id, "to": b.id, "relationship": relationship(a, b, t, c),
            "topics": _order_topics(a.topics & b.topics, vocab_order), "source": "derived",
            "score": round(score, 2), "evidence": sorted(a.evidence & b.evidence),
        }))
    return out


def derive(catalog: Catalog, curated: list[Mapping] | None = None) -> tuple[list[Mapping], dict[str, list[str]]]:
    """The derived mappings (without pairs a curated entry covers) and the statements unique to their standard."""
    curated = curated or []
    by_std = items(catalog)
    vocab_order = {t.id: i for i, t in enumerate(catalog.vocabulary.topics)}
    taken = {frozenset((m.from_, m.to)) for m in curated}
    derived: list[Mapping] = []
    for a, b in combinations(sorted(by_std), 2):
        derived += [m for m in derive_pair(by_std[a], by_std[b], vocab_order) if frozenset((m.from_, m.to)) not in taken]
    mapped = {x for m in derived for x in (m.from_, m.to)}
    mapped |= {x for m in curated if m.relationship != "none" for x in (m.from_, m.to)}
    unique = {std: [it.id for it in lst if it.id not in mapped] for std, lst in by_std.items()}
    return derived, {k: v for k, v in unique.items() if v}
