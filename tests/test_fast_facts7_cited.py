"""Round 7 of the content facts (issue 16): a passage several elements are found in (one sentence stating
two elements) is cited once per call of content(), its line looked up once; the general form made each
hit's reference afresh. Compared on every bundle of the examples: the facts and their references by
value, with fewer line look-ups where passages repeat, and none fewer where they do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content import facts as content_facts
from cmscheck.content.facts import content
from cmscheck.content.recognise import Match
from cmscheck.evidence.model import Locator

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()), ROOT / "tests" / "bundles" / "complete",
           ROOT / "tests" / "bundles" / "minimal"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _dump(produced):
    return [(fact, [r.model_dump() for r in refs], [sorted(r.model_fields_set) for r in refs]) for fact, refs in produced]


def _run(bundle, catalog, monkeypatch, shared: bool):
    asked = []
    real = content_facts._cite

    def cite(bundle, rel, match, texts):
        asked.append((rel, match))
        return real(bundle, rel, match, texts)

    monkeypatch.setattr(content_facts, "_cite", cite)
    if not shared:  # the general form: every hit a key of its own, so its own look-up and reference
        monkeypatch.setattr(content_facts, "_cited_key", lambda hit: object())
    try:
        return content(bundle, catalog), asked
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_a_passage_found_for_several_elements_is_cited_alike(folder, catalog, monkeypatch):
    fast, asked_fast = _run(load_bundle(folder, catalog), catalog, monkeypatch, True)
    general, asked_general = _run(load_bundle(folder, catalog), catalog, monkeypatch, False)
    assert _dump(fast) == _dump(general)
    assert len(asked_fast) == len(set(asked_fast)) == len(set(asked_general))  # each passage once, none lost
    assert set(asked_fast) == set(asked_general)


def test_the_steel_example_repeats_passages(catalog, monkeypatch):
    _, asked_fast = _run(load_bundle(BUNDLES[0], catalog), catalog, monkeypatch, True)
    _, asked_general = _run(load_bundle(BUNDLES[0], catalog), catalog, monkeypatch, False)
    assert len(asked_general) > len(asked_fast) > 10


def test_matches_differing_in_passage_locator_or_offset_are_different_keys():
    loc = Locator("doc.md", line=3, heading="目标")
    base = Match(True, "公司制定目标。", loc, 1, "公司制定目标。")
    same = Match(True, "公司制定目标。", Locator("doc.md", line=3, heading="目标"), 1, "公司制定目标。")
    assert content_facts._cited_key(("doc.md", base)) == content_facts._cited_key(("doc.md", same))
    others = [("other.md", base), ("doc.md", Match(True, "公司制定目标", loc, 1)), ("doc.md", Match(True, base.passage, loc, 2)),
              ("doc.md", Match(True, base.passage, Locator("doc.md", line=4, heading="目标"), 1)),
              ("doc.md", Match(True, base.passage, Locator("doc.md", line=3, heading="方针"), 1)),
              ("doc.md", Match(True, base.passage, Locator("doc.md", line=3, page=2, heading="目标"), 1)),
              ("doc.md", Match(True, base.passage, None, 1))]
    keys = {content_facts._cited_key(h) for h in others}
    assert len(keys) == len(others) and content_facts._cited_key(("doc.md", base)) not in keys
