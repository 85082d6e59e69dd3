"""Waivers: a waived finding stays visible in every output; while the waiver holds it does not count for
the exit code; an expired waiver no longer waives; a waiver must name something that exists."""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import batch, pipeline
from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "bundles" / "minimal"


@lru_cache(maxsize=1)
def _plain():
    catalog, ruleset = load_catalog(), load_rules()
    _assessed = pipeline.assess(load_bundle(MINIMAL, catalog), pipeline.Inputs(catalog, ruleset), pipeline.Options())
    assessment, unused = _assessed.assessment, _assessed.unused
    assert unused == []
    return assessment


def _severe():
    return [f for f in _plain().findings() if f.verdict == "nonconforming" and f.grade == "severe"]


def _bundle(tmp_path: Path, waivers: str) -> Path:
    b = tmp_path / "bundle"
    shutil.copytree(MINIMAL, b)
    with (b / "cmscheck.yaml").open("a", encoding="utf-8") as fh:
        fh.write("waivers:\n" + waivers)
    return b


def _waiver(finding: str, expires: str, why: str = "纠正措施进行中") -> str:
    return f"  - finding: {finding}\n    justification: '{why}'\n    approved_by: 总经理 王某\n    expires: {expires}\n"


def _run(bundle: Path, *args: str):
    return CliRunner().invoke(cli_main, ["evaluate", str(bundle), *args])


def test_minimal_has_severe_findings_and_fails_without_waivers():
    assert _severe(), "the test needs severe findings in tests/bundles/minimal"
    assert _run(MINIMAL, "-s", "cms").exit_code == 1


def test_active_waivers_clear_the_exit_code_expired_ones_do_not(tmp_path: Path):
    severe = _severe()
    active = "".join(_waiver(f.id, "2099-12-31") for f in severe)
    assert _run(_bundle(tmp_path / "a", active)).exit_code == 0
    # the same waivers, one of them expired before the bundle's as_of (2025-03-31): exit 1 again
    expired = "".join(_waiver(f.id, "2025-03-30" if i == 0 else "2099-12-31") for i, f in enumerate(severe))
    assert _run(_bundle(tmp_path / "e", expired)).exit_code == 1
    # expiry is judged at the assessment date: on the expiry day itself the waiver still holds
    on_the_day = "".join(_waiver(f.id, "2025-03-31") for f in severe)
    assert _run(_bundle(tmp_path / "d", on_the_day)).exit_code == 0
    assert _run(_bundle(tmp_path / "d2", on_the_day), "--as-of", "2025-04-01").exit_code == 1


def test_waived_findings_stay_visible_in_every_format(tmp_path: Path):
    f = _severe()[0]
    b = _bundle(tmp_path, _waiver(f.id, "2099-12-31", why="<script>alert(1)</script> 整改中"))
    data = json.loads(_run(b, "--format", "json").stdout)
    found = {x["id"]: x for s in data["standards"] for x in s["findings"]}
    assert found[f.id]["waiver"]["active"] is True
    assert found[f.id]["waiver"]["where"]["file"] == "cmscheck.yaml" and found[f.id]["waiver"]["where"]["line"]
    assert sum("waiver" in x for x in found.values()) == 1  # only the waived finding carries one
    assert len(found) == len(_plain().findings())  # nothing disappears

    text = _run(b, "--format", "text", "--lang", "en").stdout
    assert f.id in text and "waived until 2099-12-31 by 总经理 王某" in text
    markdown = _run(b, "--format", "markdown").stdout
    assert "已豁免（至 2099-12-31" in markdown and "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "已豁免" in _run(b, "--format", "junit").stdout
    assert '"status": "accepted"' in _run(b, "--format", "sarif").stdout


def test_rule_and_statement_waive_only_what_they_name(tmp_path: Path):
    f = next(x for x in _plain().findings() if len(x.statements) > 1)
    b = _bundle(tmp_path, f"  - rule: {f.rule}\n    statement: {f.statements[1]}\n    justification: x\n"
                          f"    approved_by: y\n    expires: 2099-01-01\n")
    data = json.loads(_run(b, "--format", "json", "--fail-on", "never").stdout)
    waived = {x["id"] for s in data["standards"] for x in s["findings"] if "waiver" in x}
    expected = {x.id for x in _plain().findings() if x.rule == f.rule and f.statements[1] in x.statements}
    assert f.id in waived and waived == expected


def test_without_waivers_the_json_has_no_waiver_key():
    out = _run(MINIMAL, "--format", "json", "--fail-on", "never")
    assert out.exit_code == 0 and '"waiver"' not in out.stdout


def test_unused_waiver_is_reported_on_stderr(tmp_path: Path):
    f = _plain().findings()[0]
    std, rule, _ = f.id.split("/")
    b = _bundle(tmp_path, _waiver(f"{std}/{rule}/999", "2099-01-01"))
    out = _run(b, "--fail-on", "never")
    assert out.exit_code == 0
    assert "cmscheck.yaml:" in out.stderr and f"finding {std}/{rule}/999" in out.stderr and "matches no finding" in out.stderr


@pytest.mark.parametrize("entry, field, message", [
    ("  - {finding: cms/nosuch-rule/1, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0].finding", "unknown rule 'nosuch-rule'"),
    ("  - {rule: evidence-mising, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0].rule", "did you mean 'evidence-missing'"),
])
def test_unknown_rules_are_input_errors(tmp_path: Path, entry: str, field: str, message: str):
    out = _run(_bundle(tmp_path, entry), "--format", "json")
    assert out.exit_code == 2 and out.stdout == ""
    assert field in out.stderr and message in out.stderr


@pytest.mark.parametrize("entry, field, message", [
    ("  - {statement: cms:99.1, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0].statement", "unknown statement id"),
    ("  - {finding: nosuch/rule/1, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0].finding", "unknown standard 'nosuch'"),
    ("  - {finding: just-text, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0].finding", "is not a finding id"),
    ("  - {justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0]", "names what it waives"),
    ("  - {rule: evidence-missing, finding: cms/evidence-missing/1, justification: x, approved_by: y, expires: 2099-01-01}\n", "waivers[0]", "not both"),
    ("  - {rule: evidence-missing, justification: x, approved_by: y, expires: soon}\n", "waivers[0].expires", ""),
    ("  - {rule: evidence-missing, justification: x, expires: 2099-01-01}\n", "waivers[0].approved_by", ""),
])
def test_the_loader_checks_waivers(tmp_path: Path, entry: str, field: str, message: str):
    out = CliRunner().invoke(cli_main, ["validate", str(_bundle(tmp_path, entry))])
    assert out.exit_code == 2
    line = next(x for x in out.stderr.splitlines() if f": {field}:" in x)
    assert "cmscheck.yaml:" in line and message in line


def test_site_and_compare_show_a_waived_finding_as_waived(tmp_path: Path):
    """Every command goes through the one assessment path: the site's standard page and register, and the
    comparison, mark the waived finding (issue: site and compare used to show it unwaived)."""
    f = _severe()[0]
    b = _bundle(tmp_path / "w", _waiver(f.id, "2099-12-31", why="整改计划已批准"))
    out = tmp_path / "site"
    res = CliRunner().invoke(cli_main, ["site", str(b), "-o", str(out), "--no-build", "-s", f.standard])
    assert res.exit_code == 0, res.output
    page = (out / "docs" / "standards" / f"{f.standard}.md").read_text(encoding="utf-8")
    register = (out / "docs" / "register.md").read_text(encoding="utf-8")
    for text in (page, register):
        assert "已豁免" in text and "整改计划已批准" in text
    plain = tmp_path / "plain"
    CliRunner().invoke(cli_main, ["site", str(MINIMAL), "-o", str(plain), "--no-build", "-s", f.standard])
    assert "已豁免" not in (plain / "docs" / "register.md").read_text(encoding="utf-8")
    # the same waiver expired at an --as-of after its date: the site shows it expired
    later = tmp_path / "later"
    b2 = _bundle(tmp_path / "w2", _waiver(f.id, "2025-04-30"))
    res = CliRunner().invoke(cli_main, ["site", str(b2), "-o", str(later), "--no-build", "-s", f.standard, "--as-of", "2025-05-31"])
    assert res.exit_code == 0, res.output
    assert "豁免已过期" in (later / "docs" / "register.md").read_text(encoding="utf-8")
    comp = CliRunner().invoke(cli_main, ["compare", str(b), "--format", "json"])
    assert comp.exit_code == 0, comp.output
    refs = [r for row in json.loads(comp.stdout)["topics"] for w in row["why"] for r in w["findings"]]
    assert {r["id"] for r in refs if r.get("waived")} == {f.id}
    md = CliRunner().invoke(cli_main, ["compare", str(b), "--format", "markdown"])
    assert "已豁免" in md.stdout


def test_site_refuses_a_waiver_naming_no_rule(tmp_path: Path):
    b = _bundle(tmp_path / "w", "  - rule: no-such-rule\n    justification: x\n    approved_by: y\n    expires: 2099-01-01\n")
    res = CliRunner().invoke(cli_main, ["site", str(b), "-o", str(tmp_path / "s"), "--no-build"])
    assert res.exit_code == 2 and "no-such-rule" in res.output and not (tmp_path / "s").exists()
