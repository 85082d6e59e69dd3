"""The fast paths of facts.derive give what the general paths give (issue 16).

Each fast path is checked against the general computation it replaces, written out here as it was:
pint on every call (units), every clause against every term (recognise), the full series fact for a
missing-month count (the baseline), evidence items worked out afresh. Inputs include those on which a
fast path must decline (offset units, integers, units pint refuses; sentences holding a term).
"""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest
import yaml

from cmscheck import units
from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content.loader import load_content
from cmscheck.content.recognise import _CLAUSE_END, Match, Recogniser, normalise, prepare, sentences, term_pattern
from cmscheck.evidence import read_file
from cmscheck.evidence.model import Locator, Section
from cmscheck.facts import functions
from cmscheck.facts.series import _missing_count, _series

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
           ROOT / "tests" / "bundles" / "complete", ROOT / "tests" / "bundles" / "minimal"]


# ------------------------------------------------------------------------------------------------ units


def _general(fn, *args):
    """What pint itself gives: the value, or the exception's type."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001  the type is the result compared
        return type(e)


def _pint_convert(value, unit, to):
    try:
        return float(units.registry().Quantity(value, unit).to(to).magnitude)
    except units._dimensionality_error():
        return None


def _pint_co2e(q, gas, gwp_set):
    try:
        return float(q.to("tCO2e").magnitude)
    except units._dimensionality_error():
        pass
    try:
        tonnes = float(q.to("t").magnitude)
    except units._dimensionality_error():
        return None
    value = units.gwp_value(gas, gwp_set)
    return None if value is None else tonnes * value


def _pint_product(activity, factor, oxidation, gas, gwp_set):
    ureg = units.registry()
    q = ureg.Quantity(*activity) * ureg.Quantity(*factor) * (oxidation if oxidation is not None else 1.0)
    return _pint_co2e(q, gas, gwp_set)


def _pint_ratio(numerator, denominator, to):
    if denominator[0] == 0:
        return None
    ureg = units.registry()
    try:
        return float((ureg.Quantity(*numerator) / ureg.Quantity(*denominator)).to(to).magnitude)
    except units._dimensionality_error():
        return None


UNITS = ["t", "kt", "kg", "吨", "万t", "tCO2e", "kgCO2e", "tCO2", "tC", "MWh", "kWh", "万kWh", "GJ", "TJ", "tce",
         "Nm3", "万Nm3", "certificate", "credit", "tCO2/t", "tCO2/MWh", "kgCO2/kWh", "tC/TJ", "GJ/t", "TJ/万Nm3",
         "tCO2e/t", "kgCO2e/t", "", "percent",
         "degC", "kelvin", "delta_degC",  # offset units: the fast path declines
         "吨煤", "no_such_unit"]  # units pint refuses: the general path raises
VALUES = [1.0, 0.0, -2.5, 1234.5678, 1e-7, 3.3e12, 7, 0]  # the integers take the general path


def test_a_conversion_is_what_pint_gives():
    rng = random.Random(16)
    for unit in UNITS:
        for to in ["tCO2e", "t", "kWh", "MWh", "GJ", "tCO2/MWh", "kelvin", "degC", "", unit]:
            for value in VALUES + [rng.uniform(-1e6, 1e6)]:
                assert _general(units.convert, value, unit, to) == _general(_pint_convert, value, unit, to), (value, unit, to)


def test_emissions_and_products_are_what_pint_gives():
    rng = random.Random(17)
    gases = [("CO2", "AR5"), ("CH4", "AR5"), ("N2O", "AR6"), ("NF3", "SAR")]
    for unit in UNITS:
        for value in VALUES:
            for gas, gwp_set in gases:
                assert _general(units.to_tco2e, value, unit, gas, gwp_set) == _general(
                    lambda *a: _pint_co2e(units.registry().Quantity(*a[:2]), *a[2:]), value, unit, gas, gwp_set)
    for _ in range(400):
        activity = (rng.choice([rng.uniform(0, 1e6), 3, 0.0]), rng.choice(UNITS))
        factor = (rng.choice([rng.uniform(0, 10), 2, 1e-9]), rng.choice(UNITS))
        oxidation = rng.choice([None, 0.98, 1, rng.random()])
        gas, gwp_set = rng.choice(gases)
        args = (activity, factor, oxidation, gas, gwp_set)
        assert _general(units.product_tco2e, *args) == _general(_pint_product, *args), args


def test_ratios_are_what_pint_gives():
    rng = random.Random(18)
    for _ in range(400):
        num = (rng.choice([rng.uniform(-1e6, 1e6), 5, 0.0]), rng.choice(UNITS))
        den = (rng.choice([rng.uniform(0, 1e4), 4, 0.0, -0.0]), rng.choice(UNITS))
        to = rng.choice(["tCO2e/t", "tCO2/MWh", "kgCO2e/t", "", "degC"] + UNITS[:5])
        assert _general(units.ratio, num, den, to) == _general(_pint_ratio, num, den, to), (num, den, to)


def test_the_fast_path_declines_offset_units_and_refused_units():
    assert units.factor_of(("degC",), "kelvin") is units.GENERAL
    assert units.factor_of(("t", "degC"), "tCO2e") is units.GENERAL
    assert units.factor_of(("no_such_unit",), "t") is units.GENERAL
    assert units.factor_of(("MWh",), "t") is None  # different things: pint's DimensionalityError, as None
    assert units.factor_of(("kt",), "t") == 1000


# ------------------------------------------------------------------------------------------ recognising


def _groups(rec: Recogniser) -> list[list]:
    """Every term's expression, group by group: the general form the fast paths are tested against."""
    return [[term_pattern(t) for t in g.terms] for g in rec.element.groups]


def _general_clause_groups(rec: Recogniser, clause: str) -> set[int]:
    """The recogniser as it was: every term of every group scanned in every clause."""
    hits: dict[int, list[tuple[int, int]]] = {}
    for gi, pats in enumerate(_groups(rec)):
        for p in pats:
            for m in p.finditer(clause):
                hits.setdefault(gi, []).append(m.span())
    if not hits:
        return set()
    spans = [s for ss in hits.values() for s in ss]
    for b in rec.blockers:
        for m in b.finditer(clause):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                return set()
    return set(hits)


def _general_sentence(rec: Recogniser, text: str, heading: str = "") -> bool:
    got: set[int] = set()
    for clause in _CLAUSE_END.split(normalise(text)):
        got |= _general_clause_groups(rec, clause)
    if not got:
        return False
    if rec.element.heading:
        h = normalise(heading)
        got |= {gi for gi, pats in enumerate(_groups(rec)) if any(p.search(h) for p in pats)} if h else set()
    return len(got) == len(rec.element.groups)


def _general_find(rec: Recogniser, sections) -> Match:
    for sec in sections:
        heading = " ".join(sec.heading_path)
        candidates = [(0, sec.heading_path[-1], True)] if sec.heading_path else []
        candidates += [(start, s, False) for start, s in sentences(sec.text)]
        for start, s, is_heading in candidates:
            if _general_sentence(rec, s, "" if is_heading else heading):
                offset = 0 if is_heading else sec.text[:start].count("\n") + (1 if sec.heading_path else 0)
                return Match(True, s, sec.locator, offset)
    return Match(False)


def _recognisers() -> list[Recogniser]:
    data = load_content()
    return [Recogniser(el, data.negation.cues) for _, el in data.elements()]


def _corpus() -> list[str]:
    """Held-out and adversarial sentences, and each element's terms alone, negated, deferred and excluded."""
    out: list[str] = []
    for path in sorted((ROOT / "tests" / "content").glob("*/*.yaml")):
        for cases in yaml.safe_load(path.read_text(encoding="utf-8"))["elements"].values():
            out += cases["positive"] + cases["negative"]
    data = load_content()
    for _, el in data.elements():
        terms = [g.terms[0].replace("*", "的") for g in el.groups]
        joined = "".join(terms)
        out += [joined, "，".join(terms), f"尚未{joined}", f"{joined}待定", f"{terms[0]}，不适用，{''.join(terms[1:])}",
                f"本公司{joined}（暂无）", f"无{joined}"] + [f"{joined}{x}" for x in el.exclude]
    return out


def test_a_sentence_is_judged_as_by_every_clause_and_term():
    corpus = _corpus()
    for rec in _recognisers():
        for text in corpus:
            for heading in ("", "原因分析 纠正措施"):
                assert rec.sentence(text, heading) == _general_sentence(rec, text, heading), (rec.element.id, text, heading)


ODD_CUES = [r"(未)\1", r"(?P<n>暂)缓", r"(?i)NOT", r"(?<=尚)未", r"(?=待定)待", r"^无", r"不在.{0,8}范围", r"(?!.)", r"x|y"]


def test_cues_that_cannot_be_combined_are_tried_one_by_one():
    from cmscheck.content.recognise import _any_of

    for cue in ODD_CUES[:5]:
        assert _any_of([re.compile(cue), re.compile("尚未")]) is None, cue  # the exact path: each cue alone
    assert _any_of([re.compile(c) for c in ODD_CUES[5:]]) is not None
    corpus = _corpus() + ["本公司未未建立碳排放管理制度", "暂缓制定目标", "we do NOT set targets", "尚未识别法律法规",
                          "待定的目标", "目标设定x", "制定了目标，不在本次评审范围"]
    data = load_content()
    for cues in (ODD_CUES, ODD_CUES[5:], ODD_CUES[:1] + list(data.negation.cues)):
        for _, el in data.elements():
            rec = Recogniser(el, cues)
            for text in corpus:
                assert rec.sentence(text) == _general_sentence(rec, text), (el.id, cues, text)


def _documents() -> list[tuple[str, tuple[Section, ...]]]:
    out = []
    for bundle in BUNDLES:
        for path in sorted(p for p in bundle.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".docx", ".pdf", ".xlsx")):
            result = read_file(path, path.name)
            if result.status == "read":
                out.append((str(path), tuple(result.sections)))
    return out


def test_a_document_is_searched_as_sentence_by_sentence():
    docs = _documents()
    assert len(docs) > 20
    found = 0
    for rec in _recognisers():
        for name, sections in docs:
            prepared = prepare(sections)
            got = rec.find_prepared(prepared)
            assert got == _general_find(rec, sections) == rec.find(sections), (rec.element.id, name)
            found += got.found
    assert found > 20  # the documents state many elements: the hits, not only the misses, were compared


def test_headings_count_toward_the_groups_only_for_heading_elements():
    found = 0
    for rec in _recognisers():
        # the first group's term in the heading only, the others' in the text
        terms = [g.terms[0].replace("*", "的") for g in rec.element.groups]
        loc = Locator(file="r.md", line=3, heading=terms[0])
        secs = (Section(("总结", terms[0]), "前言。\n" + "，".join(terms[1:]) + "。\n" + "".join(terms), loc),)
        got = rec.find(secs)
        assert got == _general_find(rec, secs), rec.element.id
        found += got.found and got.passage != "".join(terms) and rec.element.heading
    assert found >= 3  # heading elements were found through their heading


def test_a_term_never_spans_two_sentences_of_the_document_text():
    from cmscheck.content.model import Element

    el = Element.model_validate({"id": "e", "name": {"zh": "目标", "en": "target"}, "statements": ["cms:5.2.b"],
                                 "groups": [{"name": "g", "terms": ["碳*目标"]}, {"name": "h", "terms": ["制定"]}]})
    rec = Recogniser(el, load_content().negation.cues)
    loc = Locator(file="t.md", line=1)
    for text, found in [("碳排放。目标已制定", False), ("碳排放\n目标已制定", False), ("已制定碳排放目标", True),
                        ("制定。碳排放目标", False)]:
        secs = (Section(("计划",), text, loc),)
        assert rec.find(secs).found is found == _general_find(rec, secs).found, text


# --------------------------------------------------------------------------------------- bundle facts


@pytest.fixture(scope="module")
def loaded():
    catalog = load_catalog()
    return [load_bundle(path, catalog) for path in BUNDLES]


def test_the_missing_month_count_is_the_series_facts_count(loaded, tmp_path):
    import test_rules

    catalog = load_catalog()
    extra = [load_bundle(test_rules.build(tmp_path / str(i), case), catalog) for i, case in enumerate([
        {"set": {"data.inventory.0.monitoring.0.raw_records": ["data/coal-tickets.csv"]},  # ledger and raw records
         "files": {"data/coal-tickets.csv": "date,coal_t\n2024-01-05,450\n2024-02-10,440\n"}},
        {"remove": ["data.inventory.0.monitoring.0.ledger"],  # raw records alone
         "set": {"data.inventory.0.monitoring.0.raw_records": ["data/coal-tickets.csv"]},
         "files": {"data/coal-tickets.csv": "date,coal_t\n2024-01-05,450\n2024-03-10,440\n"}},
    ])]
    seen = 0
    for bundle in loaded + extra:
        for i, inv in enumerate(bundle.manifest.data.inventory):
            for j, series in enumerate(inv.monitoring):
                assert _missing_count(bundle, i, j, inv, series) == _series(bundle, i, j, inv, series, 0.0)[2]
                seen += 1
    assert seen >= 10


def test_evidence_items_are_worked_out_once_and_each_caller_gets_its_own(loaded):
    for bundle in loaded:
        first = functions.evidence_items(bundle)
        assert first == functions._evidence_items(bundle)
        first.setdefault("policy", []).clear()
        first["invented"] = []
        assert functions.evidence_items(bundle) == functions._evidence_items(bundle)
    # a bundle made from another (a changed as-of date, a park without its members) has its own items
    steel = loaded[0]
    functions.evidence_items(steel)
    manifest = steel.manifest.model_copy(update={"documents": steel.manifest.documents[:1]})
    fewer = dataclasses.replace(steel, manifest=manifest)
    assert functions.evidence_items(fewer) == functions._evidence_items(fewer) != functions._evidence_items(steel)

