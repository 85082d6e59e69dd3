"""`--format sarif`: every example's report validates against the official SARIF 2.1.0 schema, each result
sits at the bundle file and line of its evidence, and rule metadata comes from rules/.

The schema is the OASIS file kept beside the repository in ../shared/schemas/ (Draft-04); without it the
schema tests skip and say why.
"""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
from click.testing import CliRunner

from cmscheck import batch, pipeline
from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.problems import display
from cmscheck.render import renderers, sarif_report
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
BUNDLES = sorted(p for base in (ROOT / "examples", ROOT / "tests" / "bundles")
                 for p in base.iterdir() if (p / "cmscheck.yaml").is_file())
needs_schema = pytest.mark.skipif(not SCHEMA.is_file(), reason=f"the SARIF 2.1.0 schema is not at {SCHEMA} (../shared/schemas/)")


@lru_cache(maxsize=1)
def _inputs():
    return load_catalog(), load_rules()


@lru_cache(maxsize=None)
def _evaluated(path: Path):
    catalog, ruleset = _inputs()
    bundle = load_bundle(path, catalog)
    _assessed = pipeline.assess(bundle, pipeline.Inputs(catalog, ruleset), pipeline.Options())
    assessment, _ = _assessed.assessment, _assessed.unused
    return bundle, assessment


@lru_cache(maxsize=None)
def _sarif(path: Path) -> str:
    bundle, assessment = _evaluated(path)
    from cmscheck.context import ReportContext
    from cmscheck.render import formats
    ctx = ReportContext(assessment, "zh", pipeline.rule_infos(_inputs()[1]), pipeline.where_of(bundle))
    return formats.get("sarif").render(ctx)


@lru_cache(maxsize=1)
def _validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(text: str) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in _validator().iter_errors(json.loads(text))]


@needs_schema
def test_schema_is_the_draft4_sarif_schema():
    assert _validator().META_SCHEMA["$schema"].startswith("http://json-schema.org/draft-04/")
    # the validator rejects what it must: a log without runs, a result without a message
    assert _errors('{"version": "2.1.0"}')
    assert _errors('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}')


@needs_schema
@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_every_example_validates(path: Path):
    assert _errors(_sarif(path)) == []


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_results_sit_at_the_evidence(path: Path):
    bundle, assessment = _evaluated(path)
    run = json.loads(_sarif(path))["runs"][0]
    pairs = [(assessment, bundle)]
    for sub, sub_bundle in zip(assessment.members, bundle.members):
        pairs.append((sub, sub_bundle))
    expected = [(f, b) for a, b in pairs for f in a.findings()]
    assert len(run["results"]) == len(expected)
    rules = run["tool"]["driver"]["rules"]
    for result, (finding, b) in zip(run["results"], expected):
        assert result["properties"]["finding"] == finding.id
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        loc = result["locations"][0]["physicalLocation"]
        ref = finding.evidence[0]
        base = sarif_report.base_uri(display(b.root))
        assert loc["artifactLocation"]["uri"] == f"{base}/{quote(ref.file)}"
        assert (Path(display(b.root)) / ref.file).is_file()  # the location names a real file of the bundle
        assert loc.get("region", {}).get("startLine") == ref.line
        assert len(result.get("relatedLocations", [])) == len(finding.evidence) - 1
        level = "note" if finding.verdict == "observation" else ("error" if finding.grade == "severe" else "warning")
        assert result["level"] == level


def test_rule_metadata_comes_from_the_rules():
    ruleset = _inputs()[1]
    path = ROOT / "tests" / "bundles" / "minimal"
    run = json.loads(_sarif(path))["runs"][0]
    by_id = {r.id: r for r in ruleset.rules}
    descriptors = run["tool"]["driver"]["rules"]
    assert descriptors and [d["id"] for d in descriptors] == sorted(d["id"] for d in descriptors)
    for d in descriptors:
        rule = by_id[d["id"]]
        assert d["shortDescription"]["text"] == rule.title.zh
        assert d["properties"]["title"] == {"zh": rule.title.zh, "en": rule.title.en}
        assert d["properties"]["grade"] == rule.finding.grade
        assert d["properties"].get("references", []) == rule.references
        assert d.get("defaultConfiguration", {}).get("level", "warning") == ("error" if rule.finding.grade == "severe" else "warning")
    english = json.loads(sarif_report.render(_evaluated(path)[1], "en", pipeline.rule_infos(ruleset)))
    assert english["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == by_id[descriptors[0]["id"]].title.en


def test_park_members_are_located_in_their_own_folders():
    path = ROOT / "examples" / "park"
    bundle, assessment = _evaluated(path)
    assert bundle.members, "the park example has members"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(_sarif(path))["runs"][0]["results"]}
    members = [sarif_report.base_uri(display(m.root)) + "/" for m in bundle.members]
    assert all(m.startswith(sarif_report.base_uri(display(bundle.root)) + "/members/") for m in members)
    with_findings = {m for m, a in zip(members, assessment.members) if a.findings()}
    placed = {m for m in members for u in uris if u.startswith(m)}
    assert with_findings and placed == with_findings


@needs_schema
def test_without_rule_metadata_the_table_renderer_still_validates():
    _, assessment = _evaluated(ROOT / "tests" / "bundles" / "minimal")
    text = renderers()["sarif"](assessment, "en")
    assert _errors(text) == []
    assert text == renderers()["sarif"](assessment, "en")  # deterministic


@needs_schema
def test_waivers_become_suppressions(tmp_path: Path):
    bundle_dir = tmp_path / "b"
    shutil.copytree(ROOT / "tests" / "bundles" / "minimal", bundle_dir)
    _, plain = _evaluated(ROOT / "tests" / "bundles" / "minimal")
    first, second = plain.findings()[:2]
    with (bundle_dir / "cmscheck.yaml").open("a", encoding="utf-8") as f:
        f.write(f"waivers:\n"
                f"  - {{finding: {first.id}, justification: 整改中, approved_by: 总经理, expires: 2099-01-01}}\n"
                f"  - {{finding: {second.id}, justification: 已过期, approved_by: 总经理, expires: 2020-01-01}}\n")
    out = CliRunner().invoke(cli_main, ["evaluate", str(bundle_dir), "--format", "sarif", "--fail-on", "never"])
    assert out.exit_code == 0, out.output
    assert _errors(out.stdout) == []
    results = {r["properties"]["finding"]: r for r in json.loads(out.stdout)["runs"][0]["results"]}
    active, expired = results[first.id], results[second.id]
    assert active["suppressions"][0]["kind"] == "external" and active["suppressions"][0]["status"] == "accepted"
    assert "整改中" in active["suppressions"][0]["justification"]
    assert active["properties"]["waiver"]["active"] is True
    assert "suppressions" not in expired and expired["properties"]["waiver"]["active"] is False
    assert sum("suppressions" in r for r in results.values()) == 1
