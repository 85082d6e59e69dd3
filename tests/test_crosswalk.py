"""The crosswalk (standards/crosswalk.yaml): coverage, the derived part up to date, correspondences a
reader can check in the texts, the loader's located errors, and `cmscheck crosswalk`.

The named correspondences: the internal audit, management review and nonconformity clauses of all
five standards, and the carbon review of cms 6.1.2 against park 6.3 and enterprise 6.4.
"""

from __future__ import annotations

import importlib.util
import json
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli
from cmscheck.crosswalk import Crosswalk, CrosswalkFile, Mapping, load_crosswalk
from cmscheck.crosswalk.loader import crosswalk_path, load_crosswalk_from
from cmscheck.crosswalk.report import overview, pair_report
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()
CW = load_crosswalk()

# one statement per standard that a reader finds by the clause title; the keyword must be in its text
INTERNAL_AUDIT = {"cms": "cms:9.2.1.s1", "park": "park:9.2.1.s1", "enterprise": "enterprise:9.3.1.s1",
                  "industrial": "industrial:9.2.1.s1", "key-industry": "key-industry:7.2.1.1.s1"}
MANAGEMENT_REVIEW = {"cms": "cms:9.3.1.s1", "park": "park:9.3.1.s1", "enterprise": "enterprise:9.5.1.s1",
                     "industrial": "industrial:9.3.1.s1", "key-industry": "key-industry:7.3.s1"}
NONCONFORMITY = {"cms": "cms:10.1.s1", "park": "park:10.2.s1", "enterprise": "enterprise:10.1.1.s1",
                 "industrial": "industrial:10.2.1.s1", "key-industry": "key-industry:8.1.s1"}
CARBON_REVIEW = {"cms": "cms:6.1.2.s1", "park": "park:6.3.s1", "enterprise": "enterprise:6.4.1.s1"}
KEYWORDS = [(INTERNAL_AUDIT, "审核"), (MANAGEMENT_REVIEW, "评审"), (NONCONFORMITY, "不符合"), (CARBON_REVIEW, "评")]


def related(a: str, b: str) -> str | None:
    rels = [m.relationship for m in CW.counterparts(a) if m.to == b]
    return rels[0] if rels else None


def test_every_statement_is_mapped_or_unique_never_both():
    n = 0
    for st in CATALOG.all_statements():
        n += 1
        mapped = bool(CW.counterparts(st.id))
        assert mapped != CW.is_unique(st.id), st.id
    assert n == sum(1 for _ in CATALOG.all_statements()) > 1000


def test_the_derived_part_is_what_the_generator_writes_now():
    spec = importlib.util.spec_from_file_location("crosswalk_tool", ROOT / "tools" / "crosswalk.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    path = crosswalk_path()
    assert tool.regenerate(path) == path.read_text(encoding="utf-8"), "run python3 tools/crosswalk.py"


def test_each_mapping_reads_back_inverted_from_its_target():
    inverse = {"equivalent": "equivalent", "subset": "superset", "superset": "subset", "intersects": "intersects"}
    for m in CW.mappings:
        assert m.standards[0] != m.standards[1]
        assert related(m.to, m.from_) == inverse[m.relationship]


def test_derived_mappings_join_on_a_shared_topic():
    for m in CW.mappings:
        if m.source == "derived":
            a, b = CATALOG.statement(m.from_), CATALOG.statement(m.to)
            assert m.topics and set(m.topics) <= set(a.topics) & set(b.topics), m


@pytest.mark.parametrize("family,keyword", KEYWORDS, ids=["internal-audit", "management-review", "nonconformity", "carbon-review"])
def test_named_clauses_correspond_pairwise(family, keyword):
    for sid in family.values():
        assert keyword in CATALOG.statement(sid).text, sid  # the id still names the clause a reader looks for
    for a, b in combinations(family.values(), 2):
        assert related(a, b) in ("equivalent", "subset", "superset", "intersects"), (a, b)


def test_relationships_a_reader_can_check():
    # the same sentence in four standards: "确定不符合的原因"
    for other in ("park:10.2.b.2", "enterprise:10.1.1.b.2", "industrial:10.2.1.b.2"):
        assert related("cms:10.1.b.2", other) == "equivalent"
    # identify improvement opportunities and rank them: cms 6.1.2 d) 3), park 6.3 d) 8), enterprise 6.4.1 a)
    assert related("cms:6.1.2.d.3", "park:6.3.d.8") == "equivalent"
    assert related("cms:6.1.2.d.3", "enterprise:6.4.1.a") == "equivalent"
    # cms keeps the review's criteria, methods and carbon inventory on top of the results park keeps
    assert related("cms:6.1.2.s5", "park:6.3.s3") == "superset"
    assert related("park:6.3.s3", "cms:6.1.2.s5") == "subset"
    # version control of documented information, word for word
    assert related("cms:7.5.3.3", "park:7.5.3.s2.3") == "equivalent"


def test_what_one_asks_and_the_other_does_not():
    rep = pair_report(CATALOG, CW, "cms", "park")
    park_only = {x.id for x in rep.b_only}
    cms_only = {x.id for x in rep.a_only}
    assert "park:5.1.g" in park_only  # steer members to buy green power and certificates: a park duty
    assert "cms:9.2.2.s1" not in cms_only and "park:9.2.2.s1" not in park_only  # both keep an audit programme
    # the audit clauses do not map onto the park's carbon review
    assert not [m for m in CW.counterparts("cms:9.2.1.s1", "park") if m.to.startswith("park:6.3")]
    for x in rep.a_only + rep.b_only:
        assert x.modality in ("shall", "should")
        other = "park" if x.id.startswith("cms:") else "cms"
        cps = CW.counterparts(x.id, other)
        assert (not cps) if x.why == "no_counterpart" else all(CATALOG.statement(m.to).modality in ("may", "informative") for m in cps)


def test_pair_counts_add_up():
    ov = overview(CATALOG, CW)
    assert len(ov.pairs) == 10
    for p in ov.pairs:
        for side in (p.a, p.b):
            assert side.mapped + side.unique == side.statements
            assert side.normative_mapped + side.normative_unique == side.normative
        assert sum(p.by_relationship.values()) == p.mappings >= p.a.mapped
    for s in ov.standards:
        assert s.mapped + s.unique == s.statements


def test_a_curated_entry_wins_and_none_vetoes():
    derived = Mapping(**{"from": "cms:4.1.s1", "to": "park:4.1.s1", "relationship": "intersects", "source": "derived"})
    other = Mapping(**{"from": "cms:4.2.a", "to": "park:4.2.a", "relationship": "intersects", "source": "derived"})
    veto = Mapping(**{"from": "park:4.1.s1", "to": "cms:4.1.s1", "relationship": "none", "source": "curated"})
    better = Mapping(**{"from": "cms:4.2.a", "to": "park:4.2.a", "relationship": "equivalent", "source": "curated"})
    cw = Crosswalk.from_file(CrosswalkFile(crosswalk=1, curated=[veto, better], derived=[derived, other]))
    assert cw.counterparts("cms:4.1.s1") == []
    assert [m.relationship for m in cw.counterparts("park:4.2.a")] == ["equivalent"]


def _broken(tmp_path: Path, edit) -> list:
    text = crosswalk_path().read_text(encoding="utf-8")
    path = tmp_path / "crosswalk.yaml"
    path.write_text(edit(text), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_crosswalk_from(path, CATALOG)
    return err.value.problems


def test_loader_names_file_line_and_fix(tmp_path):
    bad = ('curated:\n  - {from: "cms:99.1.s1", to: "park:4.1.s1", relationship: equivalent, source: curated}\n'
           '  - {from: "cms:4.1.s1", to: "cms:4.2.a", relationship: equivalent, source: curated}\n')
    problems = _broken(tmp_path, lambda t: t.replace("curated:\n", bad, 1))
    line = next(i for i, x in enumerate(bad.splitlines(), start=1) if "cms:99.1.s1" in x)
    first = next(p for p in problems if "cms:99.1.s1" in p.message)
    assert first.file.endswith("crosswalk.yaml") and first.field == "curated[0]" and first.fix
    header = crosswalk_path().read_text(encoding="utf-8").split("curated:\n")[0].count("\n")
    assert first.line == header + line
    assert any("same standard" in p.message and p.field == "curated[1]" for p in problems)


def test_loader_reports_a_statement_neither_mapped_nor_unique(tmp_path):
    problems = _broken(tmp_path, lambda t: t.replace('    - "park:5.1.g"\n', "", 1))
    assert [p.message for p in problems] == ["park:5.1.g is neither mapped nor listed as unique"]
    assert "tools/crosswalk.py" in problems[0].fix


def test_cli_pair_and_overview():
    runner = CliRunner()
    res = runner.invoke(cli, ["crosswalk", "cms", "enterprise", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["summary"]["a"]["standard"] == "cms" and data["summary"]["b"]["standard"] == "enterprise"
    assert len(data["rows"]) == data["summary"]["a"]["mapped"]
    res = runner.invoke(cli, ["crosswalk", "--lang", "en"])
    assert res.exit_code == 0 and "key-industry" in res.output
    res = runner.invoke(cli, ["crosswalk", "cms", "nope"])
    assert res.exit_code == 2 and "unknown standard 'nope'" in res.output
    assert runner.invoke(cli, ["crosswalk", "cms"]).exit_code == 2


# ---- the hand review of derived mappings (tests/crosswalk_review.yaml) ----
REVIEW = yaml.safe_load((ROOT / "tests" / "crosswalk_review.yaml").read_text(encoding="utf-8"))


def test_review_rounds_count_what_they_say():
    rounds = REVIEW["rounds"]
    assert len(rounds) >= 2
    for r in rounds:
        verdicts = [m["verdict"] for m in r["mappings"]]
        assert set(verdicts) <= {"right", "conservative", "wrong"}
        assert len(verdicts) == r["sampled"] >= 60
        assert verdicts.count("wrong") == r["wrong"] and verdicts.count("conservative") == r["conservative"]
        assert r["error_rate"] == round(r["wrong"] / r["sampled"], 2)
        assert all(m.get("reason") for m in r["mappings"])
        assert all(("fix" in m) == (m["verdict"] == "wrong") for m in r["mappings"]), r["round"]
    assert rounds[-1]["error_rate"] < rounds[0]["error_rate"]


@pytest.mark.parametrize("entry", [m for r in REVIEW["rounds"] for m in r["mappings"] if m["verdict"] == "wrong"],
                         ids=lambda m: f"{m['from']}~{m['to']}")
def test_no_mapping_judged_wrong_is_in_force(entry):
    """A mapping the review judged wrong is gone, or carries the relationship the review found."""
    now = related(entry["from"], entry["to"])
    if entry["fix"] == "none":
        assert now is None, f"still mapped {now}: {entry['reason']}"
    else:
        assert now in (None, entry["fix"]), f"{now}, review says {entry['fix']}: {entry['reason']}"


def test_derived_relationships_claim_no_more_than_the_wording_shows():
    from cmscheck.crosswalk.derive import CONTAINED, EQUIVALENT, TEXT_MIN, dice, items
    flat = {it.id: it for lst in items(CATALOG).values() for it in lst}
    derived = [m for m in CW.mappings if m.source == "derived"]
    assert derived
    for m in derived:
        a, b = flat[m.from_], flat[m.to]
        t = dice(a.text, b.text)
        assert t >= TEXT_MIN, m
        assert a.record == b.record, m  # keeping records of X is not doing X
        if m.relationship == "equivalent":
            assert t >= EQUIVALENT, m
        if m.relationship in ("subset", "superset"):
            small, big = (a, b) if m.relationship == "subset" else (b, a)
            assert len(small.text & big.text) / len(small.text) >= CONTAINED, m
    # the default is intersects: what the review measured as the safe claim
    assert sum(m.relationship == "intersects" for m in derived) > len(derived) / 3


def test_review_pairs_from_the_issue_stay_apart():
    # review inputs are not record keeping; the audit focus is not the audit plan (issue 14's examples)
    assert related("cms:9.3.2.s2", "key-industry:7.3.s3") is None
    assert related("enterprise:9.5.2.s1", "park:9.3.3.s2") is None
    assert related("cms:9.2.2.s4", "enterprise:9.3.3.s1") is None


def test_sample_tool_is_reproducible_and_lists_both_texts(capsys):
    spec = importlib.util.spec_from_file_location("crosswalk_sample", ROOT / "tools" / "crosswalk_sample.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main(["--n", "5", "--seed", "3"]) == 0
    first = capsys.readouterr().out
    assert tool.main(["--n", "5", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first
    assert first.count("\n[") == 5
    for line in (x for x in first.splitlines() if x.startswith("[")):
        _, a, rel, b = line.split()[:4]
        assert rel.strip("->") in ("equivalent", "subset", "superset", "intersects")
        for sid in (a, b):  # each statement printed with its text below the header
            assert CATALOG.statement(sid).text in first
    assert tool.main(["--n", "4", "--seed", "3", "--yaml"]) == 0
    entries = yaml.safe_load(capsys.readouterr().out.replace("verdict: ,", "verdict: null,"))
    assert len(entries) == 4 and all(e["from"] and e["to"] for e in entries)
    judged = tool.judged_pairs(ROOT / "tests" / "crosswalk_review.yaml")
    assert len(judged) >= 100
