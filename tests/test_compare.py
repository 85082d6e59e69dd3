"""`build_comparison` and `cmscheck compare`: one evaluation per standard, side by side.

Each bundle is evaluated once per module; every cell of the matrix is recounted here straight from
the assessment, and every reason given for a difference is checked against the crosswalk.
"""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli
from cmscheck.compare import Comparison, build_comparison
from cmscheck.crosswalk import load_crosswalk
from cmscheck.evaluate import evaluate
from cmscheck.render import compare_json, compare_markdown, compare_text
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = ROOT / "tests" / "bundles"
EXAMPLES = ROOT / "examples"
CATALOG = load_catalog()
CW = load_crosswalk()


@lru_cache(maxsize=None)
def compared(path: str, standards: tuple[str, ...] | None = None):
    assessment = evaluate(load_bundle(Path(path), CATALOG), CATALOG, load_rules(), list(standards) if standards else None)
    return assessment, build_comparison(assessment, CATALOG, CW)


def example(name: str) -> str:
    path = EXAMPLES / name
    if not (path / "cmscheck.yaml").is_file():
        pytest.skip(f"examples/{name} is not there")
    return str(path)


CASES = [str(BUNDLES / "minimal"), str(BUNDLES / "complete")]


@pytest.mark.parametrize("path", CASES, ids=["minimal", "complete"])
def test_every_cell_recounts_from_the_assessment(path):
    assessment, cmp = compared(path)
    assert [c.standard for c in cmp.standards] == [s.standard for s in assessment.standards]
    for row in cmp.topics:
        for cell, sa in zip(row.cells, assessment.standards, strict=True):
            assert cell.standard == sa.standard
            if not sa.applicable:
                assert cell.verdict == "not_applicable"
                continue
            mine = [r for r in sa.statements if row.topic in CATALOG.statement(r.id).topics]
            assert cell.statements == len(mine)
            assert sum(cell.by_status.values()) == len(mine)
            for status in ("conforming", "nonconforming", "not_assessed"):
                assert cell.by_status.get(status, 0) == sum(1 for r in mine if r.status == status)
            ids = {r.id for r in mine}
            ncs = [f for f in sa.findings if f.verdict == "nonconforming" and set(f.statements) & ids]
            assert sum(cell.nonconformities.values()) == len(ncs)
            assert cell.nonconformities.get("systemic/severe", 0) == sum(1 for f in ncs if f.type == "systemic" and f.grade == "severe")
            if any(r.status == "nonconforming" for r in mine):
                assert cell.verdict == "nonconforming"


def test_a_standard_that_does_not_apply_is_shown_as_such():
    _, cmp = compared(CASES[0])
    park = next(c for c in cmp.standards if c.standard == "park")
    assert not park.applicable and park.counts is None
    assert "park" in park.applicability_reason.en
    assert {row.cells[-1].verdict for row in cmp.topics} == {"not_applicable"}
    text = " ".join(compare_text.render(cmp, "en").split())  # undo the terminal's line wrapping
    assert "does not apply: applies to park organizations" in text


def test_roles_say_guidance_or_certifiable_conformity():
    _, cmp = compared(CASES[0])
    for col in cmp.standards:
        assert ("certifiable" in col.role.en) == (col.kind == "requirements")
        assert ("guidance" in col.role.en) == (col.kind == "guideline")
    for lang, words in (("en", ("certifiable conformity", "gaps against guidance")), ("zh", ("可认证的符合性", "对照指导的差距"))):
        text = compare_text.render(cmp, lang)
        assert all(w in text for w in words)


def test_complete_bundle_differs_only_where_a_standard_asks_nothing():
    _, cmp = compared(CASES[1])
    differing = {r.topic: r for r in cmp.topics if r.differs}
    assert differing and all(not r.why for r in differing.values())
    # a reader can check: the enterprise guide has no statement on offsets, so it has nothing to conform to
    offsets = {c.standard: c.verdict for c in differing["offsets"].cells}
    assert offsets["enterprise"] == "no_statements" and offsets["cms"] == "documented"
    assert not [s for s in CATALOG.standards["enterprise"].statements() if "offsets" in s.topics]


@pytest.mark.parametrize("path", [CASES[0], "hubei-steel"], ids=["minimal", "hubei-steel"])
def test_reasons_for_a_difference_hold_in_the_crosswalk(path):
    path = example(path) if "/" not in path else path
    assessment, cmp = compared(path)
    status = {sa.standard: {r.id: r.status for r in sa.statements} for sa in assessment.standards}
    n = 0
    for row in cmp.topics:
        if not row.differs:
            assert not row.why and not row.undecided
            continue
        verdicts = {c.standard: c.verdict for c in row.cells}
        for w in row.why:
            assert w.status in ("nonconforming", "observation") and status[w.standard][w.statement] == w.status
            assert row.topic in CATALOG.statement(w.statement).topics and w.findings
            for e in w.explanations:
                n += 1
                assert verdicts[e.standard] != verdicts[w.standard]
                cps = CW.counterparts(w.statement, e.standard)
                if e.reason == "no_counterpart":
                    assert not cps
                    continue
                assert {c.statement for c in e.counterparts} == {m.to for m in cps}
                assert all(status[e.standard][c.statement] not in ("nonconforming", "observation") for c in e.counterparts)
                if e.reason == "counterpart_conforming":
                    assert any(c.status == "conforming" for c in e.counterparts)
                if e.reason == "guidance_only":
                    assert all(c.modality in ("may", "informative") for c in e.counterparts)
    assert n > 0


def test_steel_example_conforms_to_one_standard_and_not_another():
    _, cmp = compared(example("hubei-steel"))
    found = []
    for row in cmp.topics:
        v = {c.standard: c.verdict for c in row.cells}
        if "conforming" in v.values() and "nonconforming" in v.values():
            assert row.differs and row.why
            found.append(row.topic)
    assert found
    text = compare_text.render(cmp, "en")
    assert "where the verdicts differ, and why" in text and "→" in text


def test_park_example_compares_park_with_cms():
    _, cmp = compared(example("park"), ("cms", "park"))
    assert [(c.standard, c.kind, c.applicable) for c in cmp.standards] == [("cms", "requirements", True), ("park", "requirements", True)]
    members = [r for r in cmp.topics if r.topic == "park_members"][0]
    verdicts = {c.standard: c.verdict for c in members.cells}
    assert verdicts["cms"] == "no_statements" and verdicts["park"] != "no_statements"
    assert cmp.members and all(m.organization.kind == "enterprise" for m in cmp.members)
    assert all(not c.applicable for m in cmp.members for c in m.standards if c.standard == "park")


def test_json_is_deterministic_and_round_trips():
    assessment, cmp = compared(CASES[0])
    again = build_comparison(assessment, CATALOG, CW)
    text = compare_json.render(cmp)
    assert text == compare_json.render(again)
    assert Comparison.model_validate(json.loads(text)) == cmp


def test_markdown_escapes_bundle_text(tmp_path):
    bundle = tmp_path / "evil"
    shutil.copytree(BUNDLES / "minimal", bundle)
    manifest = bundle / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("name: 示例钢铁有限公司", 'name: "<script>x</script>[a](javascript:b)"'), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(bundle), "-s", "cms", "--format", "markdown"])
    assert res.exit_code == 0, res.output
    assert "<script>" not in res.output and "](javascript:" not in res.output
    assert "&lt;script&gt;" in res.output


def test_cli_writes_file_and_reports_bad_input(tmp_path):
    runner = CliRunner()
    out = tmp_path / "cmp.json"
    res = runner.invoke(cli, ["compare", str(BUNDLES / "minimal"), "-s", "cms", "-s", "enterprise", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["standard"] for s in data["standards"]] == ["cms", "enterprise"]
    assert len(data["topics"]) == len(CATALOG.vocabulary.topics)
    res = runner.invoke(cli, ["compare", str(BUNDLES / "minimal"), "-s", "nope"])
    assert res.exit_code == 2 and "unknown standard 'nope'" in res.output
    res = runner.invoke(cli, ["compare", str(tmp_path / "missing")])
    assert res.exit_code == 2 and not (tmp_path / "missing").exists()


def test_each_result_is_looked_up_in_the_catalog_once(monkeypatch):
    """Each standard's results are sorted by topic once: every topic's cell, reasons and undecided list
    used to scan all of a standard's statements again (84 topics: ~24,000 catalog lookups for steel, a
    comparison costing more than the evaluation). The cells still count the statements on their topic."""
    from cmscheck.catalog.models import Catalog

    assessment, expected = compared(example("hubei-steel"))
    calls = []
    lookup = Catalog.statement
    monkeypatch.setattr(Catalog, "statement", lambda self, sid: (calls.append(sid), lookup(self, sid))[1])
    again = build_comparison(assessment, CATALOG, CW)
    results = sum(len(sa.statements) for sa in assessment.standards)
    assert 0 < len(calls) <= results
    assert again.model_dump() == expected.model_dump()
    for row in again.topics:
        for cell in row.cells:
            sa = next(s for s in assessment.standards if s.standard == cell.standard)
            if sa.applicable:
                assert cell.statements == sum(1 for r in sa.statements if row.topic in lookup(CATALOG, r.id).topics)
