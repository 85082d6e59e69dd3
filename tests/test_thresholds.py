"""Threshold files (`--threshold FILE`): how limits inherit, what counts, and the exit codes they give:
0 within the limits, 1 over one, 2 for a threshold file that cannot be read."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import batch, pipeline
from cmscheck import thresholds as th
from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.problems import InputError
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "bundles" / "minimal"
STANDARDS = ["cms", "enterprise", "industrial", "key-industry", "park"]


@lru_cache(maxsize=1)
def _minimal():
    catalog, ruleset = load_catalog(), load_rules()
    _assessed = pipeline.assess(load_bundle(MINIMAL, catalog), pipeline.Inputs(catalog, ruleset), pipeline.Options())
    assessment, _ = _assessed.assessment, _assessed.unused
    return assessment


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "thresholds.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _tally(std: str) -> th.Tally:
    return th.tally(next(s for s in _minimal().standards if s.standard == std))


def test_entries_inherit_from_default_and_default_from_builtin(tmp_path: Path):
    t = th.load(_write(tmp_path, "default: {max_general: 7}\nstandards:\n  cms: {min_decided_share: 60%}\n  park: {max_severe: null}\n"), STANDARDS)
    assert t.default == th.Limits(max_severe=0, max_general=7)  # max_severe from the built-in default
    assert t.for_standard("cms") == th.Limits(max_severe=0, max_general=7, min_decided_share=0.6)
    assert t.for_standard("park").max_severe is None  # an explicit null lifts the limit
    assert t.for_standard("enterprise") == t.default
    assert th.load(_write(tmp_path, "standards: {}\n"), STANDARDS).default == th.DEFAULT


def test_tally_counts_nonconformities_not_observations():
    a = _minimal()
    cms = next(s for s in a.standards if s.standard == "cms")
    t = th.tally(cms)
    nc = cms.counts.nonconformities
    assert t.severe == sum(v for k, v in nc.items() if k.endswith("/severe"))
    assert t.general == sum(v for k, v in nc.items() if k.endswith("/general"))
    assert t.observations == cms.counts.observations
    by = cms.counts.by_basis
    assert t.assessable == sum(by.values()) and t.decided == by["checked"] + by["answered"] + by["excluded"]
    assert 0 < t.share < 1


def test_documented_statements_are_not_decided():
    """"documented — to verify" is decided by a rule but not on the evidence: it does not count as decided."""
    catalog, ruleset = load_catalog(), load_rules()
    complete = ROOT / "tests" / "bundles" / "complete"
    a = pipeline.assess(load_bundle(complete, catalog), pipeline.Inputs(catalog, ruleset), pipeline.Options()).assessment
    cms = next(s for s in a.standards if s.standard == "cms")
    t, by = th.tally(cms), cms.counts.by_basis
    assert by["documented"] > 0
    assert t.decided == by["checked"] + by["answered"] + by["excluded"]
    assert t.decided < sum(cms.counts.by_decision[k] for k in ("rule", "answer", "exclusion"))


def test_judge_at_and_over_each_limit():
    a, cms = _minimal(), _tally("cms")
    exact = th.Thresholds(th.Limits(), {"cms": th.Limits(max_severe=cms.severe, max_general=cms.general,
                                                           min_decided_share=cms.share)})
    assert th.judge(a, exact) == []
    tight = th.Thresholds(th.Limits(), {"cms": th.Limits(max_severe=cms.severe - 1, max_general=cms.general - 1,
                                                           min_decided_share=min(1.0, cms.share + 0.01))})
    assert [(b.standard, b.what) for b in th.judge(a, tight)] == [
        ("cms", "max_severe"), ("cms", "max_general"), ("cms", "min_decided_share")]
    assert th.judge(a, th.from_fail_on("never")) == []
    assert {b.standard for b in th.judge(a, th.from_fail_on("severe"))} == {
        s.standard for s in a.standards if s.applicable and _tally(s.standard).severe}


@pytest.mark.parametrize("text, field, line", [
    ("standards:\n  cms: {max_severe: 0}\n  nosuch: {max_severe: 0}\n", "standards.nosuch", 3),
    ("default:\n  max_general: -1\n", "default.max_general", 2),
    ("default:\n  min_decided_share: 1.5\n", "default.min_decided_share", 2),
    ("default:\n  max_severe: 0\n  max_sever: 1\n", "default.max_sever", 3),
    ("default: [1, 2\n", "", 2),  # the unclosed list is noticed at the end of the file
])
def test_bad_threshold_files_name_field_and_line(tmp_path: Path, text: str, field: str, line: int):
    with pytest.raises(InputError) as err:
        th.load(_write(tmp_path, text), STANDARDS)
    (p,) = err.value.problems
    assert (p.field, p.line) == (field, line)


def _evaluate(*args: str):
    return CliRunner().invoke(cli_main, ["evaluate", str(MINIMAL), *args])


def test_exit_codes_follow_the_threshold_file(tmp_path: Path):
    cms = _tally("cms")
    ok = _write(tmp_path, "default: {max_severe: null}\nstandards:\n"
                          f"  cms: {{max_severe: {cms.severe}, max_general: {cms.general}}}\n")
    out = _evaluate("-s", "cms", "--threshold", str(ok), "--format", "json")
    assert out.exit_code == 0, out.output
    over = _write(tmp_path, f"standards:\n  cms: {{max_severe: {cms.severe}, max_general: {cms.general - 1}}}\n")
    out = _evaluate("-s", "cms", "--threshold", str(over), "--format", "json")
    assert out.exit_code == 1
    assert f"cms: {cms.general} general nonconformities, over max_general {cms.general - 1}" in out.stderr
    assert out.stdout.startswith("{")  # the report is still written


def test_bad_threshold_file_is_an_input_error(tmp_path: Path):
    bad = _write(tmp_path, "standards:\n  cms: {max_severe: many}\n")
    out = _evaluate("--threshold", str(bad), "--format", "json")
    assert out.exit_code == 2
    assert "thresholds.yaml:2: standards.cms.max_severe" in out.stderr and out.stdout == ""
    out = _evaluate("--threshold", str(tmp_path / "missing.yaml"))
    assert out.exit_code == 2 and "file not found" in out.stderr


def test_threshold_and_fail_on_together_are_refused(tmp_path: Path):
    out = _evaluate("--threshold", str(_write(tmp_path, "standards: {}\n")), "--fail-on", "never")
    assert out.exit_code == 2 and "either --threshold or --fail-on" in out.stderr
