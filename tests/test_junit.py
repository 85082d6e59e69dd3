"""`--format junit`: read back with junitparser, one test case per assessable statement, one suite per
standard, and as many failures as statements judged nonconforming (waived ones are skipped instead)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml, Skipped

from cmscheck import batch, pipeline
from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.render import renderers
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = sorted(p for base in (ROOT / "examples", ROOT / "tests" / "bundles")
                 for p in base.iterdir() if (p / "cmscheck.yaml").is_file())


@lru_cache(maxsize=None)
def _assessment(path: Path):
    catalog, ruleset = load_catalog(), load_rules()
    _assessed = pipeline.assess(load_bundle(path, catalog), pipeline.Inputs(catalog, ruleset), pipeline.Options())
    assessment, _ = _assessed.assessment, _assessed.unused
    return assessment


def _all(a):
    yield a
    for m in a.members:
        yield from _all(m)


def _cases(xml: JUnitXml):
    return [(suite.name, case) for suite in xml for case in suite]


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_failures_equal_nonconforming_statements(path: Path):
    a = _assessment(path)
    text = renderers()["junit"](a, "zh")
    xml = JUnitXml.fromstring(text.encode())
    cases = _cases(xml)

    assessable = [st for x in _all(a) for s in x.standards for st in s.statements if st.modality in ("shall", "should")]
    nonconforming = sum(s.counts.by_status["nonconforming"] for x in _all(a) for s in x.standards if s.counts)
    failed = [c for _, c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert len(cases) == len(assessable)
    assert len(failed) == nonconforming == sum(suite.failures for suite in xml)
    assert int(ET.fromstring(text.encode()).get("failures")) == nonconforming  # the XML's own total agrees

    # every nonconformity appears in the failure of a statement it concerns, and nothing else fails
    nc_ids = {f.id for x in _all(a) for f in x.findings() if f.verdict == "nonconforming"}
    named = {part.split(": ")[0] for c in failed for r in c.result for part in r.message.split(" | ")}
    assert named == nc_ids

    suites = [s.name for s in xml]
    expected = [prefix + s.standard for x, prefix in _prefixed(a) for s in x.standards]
    assert suites == expected


def _prefixed(a, prefix=""):
    yield a, prefix
    for m in a.members:
        yield from _prefixed(m, f"{prefix}{m.bundle}/")


def test_statuses_map_to_results():
    a = _assessment(ROOT / "tests" / "bundles" / "minimal")
    xml = JUnitXml.fromstring(renderers()["junit"](a, "en").encode())
    by_name = {c.name: c for _, c in _cases(xml)}
    seen = set()
    for s in a.standards:
        for st in s.statements:
            if st.modality not in ("shall", "should"):
                assert st.id not in by_name  # informative statements are not tests
                continue
            kinds = {type(r) for r in by_name[st.id].result}
            if st.status == "nonconforming":
                assert kinds == {Failure}
            elif st.status in ("not_assessed", "not_applicable", "documented"):  # documented: to verify, never a pass
                assert kinds == {Skipped}
            else:
                assert kinds == set()
            seen.add(st.status)
    assert {"nonconforming", "not_assessed", "conforming"} <= seen


def test_waived_statement_is_skipped_and_expired_waiver_fails(tmp_path: Path):
    src = ROOT / "tests" / "bundles" / "minimal"
    a = _assessment(src)
    nc = [f for f in a.findings() if f.verdict == "nonconforming" and len(f.statements) == 1]
    # a statement with exactly one nonconformity, so waiving that one waives the statement
    single = [f for f in nc if sum(f.statements[0] in g.statements for g in a.findings()) == 1]
    waived, expired = single[0], single[1]
    bundle = tmp_path / "b"
    shutil.copytree(src, bundle)
    with (bundle / "cmscheck.yaml").open("a", encoding="utf-8") as fh:
        fh.write("waivers:\n"
                 f"  - {{finding: {waived.id}, justification: 'a <b>&', approved_by: QA, expires: 2099-12-31}}\n"
                 f"  - {{finding: {expired.id}, justification: old, approved_by: QA, expires: 2000-01-01}}\n")
    out = CliRunner().invoke(cli_main, ["evaluate", str(bundle), "--format", "junit", "--fail-on", "never"])
    assert out.exit_code == 0, out.output
    xml = JUnitXml.fromstring(out.stdout.encode())
    by_name = {c.name: c for _, c in _cases(xml)}
    skipped = by_name[waived.statements[0]].result[0]
    assert isinstance(skipped, Skipped) and "a <b>&" in skipped.message and "QA" in skipped.message
    assert isinstance(by_name[expired.statements[0]].result[0], Failure)
    nonconforming = sum(s.counts.by_status["nonconforming"] for s in a.standards if s.counts)
    assert xml.failures == nonconforming - 1


def test_same_input_same_bytes():
    a = _assessment(ROOT / "tests" / "bundles" / "injection")
    first = renderers()["junit"](a, "zh")
    assert first == renderers()["junit"](a, "zh")
    assert first.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert "<script>" not in first  # bundle text is XML-escaped


def test_suites_are_counted_once_not_after_every_case(monkeypatch):
    """junitparser's TestSuite.add_testcase counts every case of the suite again after each one it adds:
    rendering a steel bundle (5 suites, ~900 cases) took ~2 s that way. Each suite is counted once now,
    and the totals still agree with the cases."""
    import junitparser

    calls = []
    counted = junitparser.TestSuite.update_statistics
    monkeypatch.setattr(junitparser.TestSuite, "update_statistics", lambda self: (calls.append(1), counted(self))[1])
    a = _assessment(ROOT / "examples" / "hubei-steel")
    xml = JUnitXml.fromstring(renderers()["junit"](a, "zh").encode())
    suites = list(xml)
    assert len(_cases(xml)) > 10 * len(suites)  # many cases per suite: per-case counting would show
    assert len(calls) <= 2 * len(suites)
    for suite in suites:
        cases = list(suite)
        assert suite.tests == len(cases)
        assert suite.skipped == sum(1 for c in cases if any(isinstance(r, Skipped) for r in c.result))
        assert suite.failures == sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))


@pytest.mark.parametrize("name", ["hubei-steel", "park", "injection"])
def test_a_suites_counts_are_those_junitparser_counts(name):
    """Each suite is counted from the statements' outcomes, not by update_statistics reading every case back
    from the XML: its attributes must be what update_statistics writes, to the character."""
    a = _assessment(ROOT / ("examples" if name != "injection" else "tests/bundles") / name)
    xml = JUnitXml.fromstring(renderers()["junit"](a, "zh").encode())
    suites = list(xml)
    assert any(s.failures for s in suites) and any(s.skipped for s in suites)
    for suite in suites:
        written = dict(suite._elem.attrib)
        suite.update_statistics()
        assert dict(suite._elem.attrib) == written, suite.name


def test_suites_are_appended_not_compared_with_every_earlier_one(monkeypatch):
    """JUnitXml.add_testsuite compares each suite with every one added before it (a park of 300 members:
    11 s of a 47 s run, growing with the square of the members) and merges one whose name and properties
    equal an earlier one's. The park's suites are appended: none compared, each kept, in order."""
    import junitparser

    compared = []
    equal = junitparser.TestSuite.__eq__
    monkeypatch.setattr(junitparser.TestSuite, "__eq__", lambda self, other: (compared.append(1), equal(self, other))[1])
    a = _assessment(ROOT / "examples" / "park")
    xml = JUnitXml.fromstring(renderers()["junit"](a, "zh").encode())
    names = [suite.name for suite in xml]
    assert compared == []
    expected = [f"{prefix}{s.standard}" for prefix, x in [("", a)] + [(f"{m.bundle}/", m) for m in a.members] for s in x.standards]
    assert names == expected and len(names) == len(set(names)) > 10
