"""Derive the crosswalk from the catalog: what the shared vocabulary and topics let us pair.

Two statements of different standards are candidates only when they share a topic (the join key
of the catalog). A candidate is scored by the evidence kinds both demand (the shared evidence
vocabulary), by their wording and by the clause they stand in (title and the sentence that
introduces a list item): the standards reuse the Annex SL wording, so a reworded copy scores high
and two sentences that only share a topic score low. Each statement keeps its best counterpart in
each other standard when the score reaches THRESHOLD, read in both directions.

The relationship follows from what each demands: the same evidence and near-identical wording is
equivalent; strictly fewer evidence kinds (or a wording wholly contained in a longer one) is a
subset; the reverse a superset; anything else intersects. Curated entries (standards/crosswalk.yaml)
win for their pair of statements; a statement without any counterpart is unique to its standard.

Pure and deterministic: the same catalog and curated entries give the same list, in catalog order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ..catalog import Catalog
from .models import Mapping

THRESHOLD = 0.42   # below this, a best match is usually a different requirement with a shared topic
SAME = 0.9         # text similarity from which two statements are the same sentence, whatever their tags
EQUIVALENT = 0.75  # text similarity from which two statements with the same evidence say the same
CONTAINED = 0.85   # share of the shorter statement's wording found in the longer one: subset/superset
SHORT = 6          # a normalized text this short ("何时交流") is judged mostly by its context

# subject nouns and the standards' names for the same system: removed or unified before comparing
_SUBJECT = re.compile(r"重点行业企业|园区内各主体|园区各主体|园区内主体|园区|组织|企业|公司|最高管理层")
_UNIFY = [("碳中和管理体系", "碳管理体系"), ("碳排放管理体系", "碳管理体系"), ("碳中和管理", "碳管理"),
          ("碳排放管理", "碳管理"), ("碳中和绩效", "碳绩效"), ("温室气体", "碳"), ("成文信息", "文件化信息")]
# boilerplate every standard repeats ("shall retain documented information of …"): it says nothing
# about what is asked, so two "retain records of X" sentences are compared on X alone
_BOILERPLATE = re.compile(r"文件化信息|保留|保持|适当时|适用时|必要时|应|的")
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


def _is_sentence(sid: str) -> bool:
    last = sid.rsplit(".", 1)[1]
    return last.startswith("s") and last[1:].isdigit()


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
            for i, st in enumerate(clause.statements):
                parent = _parent(ids, i)
                ctx = place + (texts[parent] if parent else "")
                lst.append(Item(st.id, std_id, n, grams(st.text), len(normalize(st.text)), grams(ctx),
                                frozenset(st.evidence), frozenset(st.topics)))
                n += 1
    return out


def similarity(a: Item, b: Item) -> tuple[float, float]:
    """(score, text similarity). Zero when the two share no topic: the join key of the catalog."""
    if not (a.topics & b.topics):
        return 0.0, 0.0
    t = dice(a.text, b.text)
    c = dice(a.context, b.context)
    w = 0.35 if max(a.length, b.length) < SHORT else 0.7
    score = w * t + (1 - w) * c + 0.1 * len(a.topics & b.topics) / len(a.topics | b.topics)
    if a.evidence and b.evidence:
        score += 0.25 * len(a.evidence & b.evidence) / len(a.evidence | b.evidence)
    return score, t


def relationship(a: Item, b: Item, text_sim: float) -> str:
    if text_sim >= SAME:  # the same sentence reworded: evidence tags that differ are the annotator's noise
        return "equivalent"
    ea, eb = a.evidence, b.evidence
    if ea and eb and ea != eb:
        if ea < eb:
            return "subset"
        if ea > eb:
            return "superset"
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
    scores: dict[tuple[int, int], tuple[float, float]] = {}
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
    pairs = {(i, j) for i, (_, j) in best_l.items()} | {(i, j) for j, (_, i) in best_r.items()}
    out = []
    for i, j in sorted(pairs):
        a, b = left[i], right[j]
        score, t = scores[i, j]
        out.append(Mapping(**{
            "from": a.id, "to": b.id, "relationship": relationship(a, b, t),
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
