"""Many bundles: `cmscheck evaluate DIR_OR_BUNDLE...` finds the bundles, evaluates each (in processes with
--jobs), prints a bundle × standard summary, writes one report per bundle with -o DIR, and reports a
broken bundle while the others still run (exit 2 overall: docs/ci.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import batch
from cmscheck.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = ROOT / "tests" / "bundles"


@pytest.fixture(scope="module")
def farm(tmp_path_factory) -> Path:
    """A folder of bundles: two good ones, one broken, and a folder that is no bundle."""
    root = tmp_path_factory.mktemp("farm")
    shutil.copytree(BUNDLES / "complete", root / "a-complete")
    shutil.copytree(BUNDLES / "minimal", root / "b-minimal")
    shutil.copytree(BUNDLES / "minimal", root / "c-broken")
    manifest = root / "c-broken" / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("as_of: 2025-03-31", "as_of: 2025-02-30"), encoding="utf-8")
    (root / "notes").mkdir()
    return root


def _run(*args: str):
    return CliRunner().invoke(cli_main, ["evaluate", *args])


def test_discover(farm: Path):
    paths, many = batch.discover([farm])
    assert [p.name for p in paths] == ["a-complete", "b-minimal", "c-broken"] and many
    assert batch.discover([farm / "a-complete"]) == ([farm / "a-complete"], False)
    assert batch.discover([farm / "a-complete" / "cmscheck.yaml"])[1] is False
    paths, many = batch.discover([farm / "a-complete", farm, farm / "nothing-here"])
    assert [p.name for p in paths] == ["a-complete", "b-minimal", "c-broken", "nothing-here"] and many


def test_report_names_stay_apart(tmp_path: Path):
    (tmp_path / "x" / "site").mkdir(parents=True)
    (tmp_path / "y" / "site").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    names = batch.report_names([tmp_path / "x" / "site", tmp_path / "y" / "site", tmp_path / "other"])
    assert len(set(names)) == 3 and names[2] == "other" and all("site" in n for n in names[:2])


def test_a_broken_bundle_is_reported_and_the_others_run(farm: Path, tmp_path: Path):
    out = _run(str(farm), "-o", str(tmp_path / "reports"), "--format", "json", "--lang", "en")
    assert out.exit_code == 2  # some bundle could not be evaluated: the worst exit code wins
    summary = json.loads(out.stdout)
    by = {b["bundle"]: b for b in summary["bundles"]}
    assert [b["bundle"] for b in summary["bundles"]] == ["a-complete", "b-minimal", "c-broken"]
    assert (by["a-complete"]["exit"], by["b-minimal"]["exit"], by["c-broken"]["exit"]) == (0, 1, 2)
    assert by["c-broken"]["problems"] and "as_of" in by["c-broken"]["problems"][0]
    assert "c-broken" in out.stderr and "organization.as_of" in out.stderr
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == ["a-complete.json", "b-minimal.json"]
    report = json.loads((tmp_path / "reports" / "b-minimal.json").read_text(encoding="utf-8"))
    cms = by["b-minimal"]["rows"][0]["standards"]["cms"]
    std = next(s for s in report["standards"] if s["standard"] == "cms")
    assert cms["severe"] + cms["general"] == sum(std["counts"]["nonconformities"].values())


def test_summary_table(farm: Path):
    out = _run(str(farm / "a-complete"), str(farm / "b-minimal"), "--lang", "en", "-s", "cms", "-s", "park")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    header = next(x for x in lines if "bundle" in x)
    assert "cms" in header and "park" in header and "enterprise" not in header
    a = next(x for x in lines if "a-complete" in x)
    b = next(x for x in lines if "b-minimal" in x)
    assert "pass" in a and "0/0" in a and "—" in a  # park does not apply to an enterprise
    assert "fail" in b and "✗" in b


def test_jobs_give_the_same_bytes(farm: Path, tmp_path: Path):
    one = _run(str(farm), "-o", str(tmp_path / "one"), "--format", "sarif")
    two = _run(str(farm), "-o", str(tmp_path / "two"), "--format", "sarif", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout
    for p in (tmp_path / "one").iterdir():
        assert p.read_bytes() == (tmp_path / "two" / p.name).read_bytes()
    assert len(list((tmp_path / "one").iterdir())) == 2


def test_each_report_is_written_as_its_bundle_is_done(farm: Path, tmp_path: Path, monkeypatch):
    """-o DIR: a bundle's report is written before the next bundle is evaluated, and let go: held until the
    last bundle was done, a folder of 200 steel bundles' JSON reports peaked at 316 MB instead of 91."""
    from cmscheck.cli import evaluate as cli_evaluate

    events, kept = [], []
    real_one, real_write = batch.evaluate_one, cli_evaluate.write_atomic

    def one(index, path, name, opts):
        events.append(f"evaluate {name}")
        out = real_one(index, path, name, opts)
        kept.append(out)
        return out

    def write(path, text, option="-o"):
        events.append(f"write {Path(path).name}")
        real_write(path, text, option)

    monkeypatch.setattr(batch, "evaluate_one", one)
    monkeypatch.setattr(cli_evaluate, "write_atomic", write)
    out = _run(str(farm), "-o", str(tmp_path / "reports"), "--format", "json")
    assert out.exit_code == 2
    assert events == ["evaluate a-complete", "write a-complete.json", "evaluate b-minimal", "write b-minimal.json",
                      "evaluate c-broken"]
    assert [o.report for o in kept] == [None, None, None]  # written, then let go; none for the broken one
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["a-complete.json", "b-minimal.json"]


def test_many_bundles_input_errors(farm: Path, tmp_path: Path):
    out = _run(str(farm), "--format", "markdown")
    assert out.exit_code == 2 and "needs -o DIR" in out.stderr
    (tmp_path / "file").write_text("x")
    out = _run(str(farm), "-o", str(tmp_path / "file"))
    assert out.exit_code == 2 and "names a folder" in out.stderr


def test_single_bundle_output_is_the_plain_report(farm: Path):
    from cmscheck.bundle import load_bundle
    from cmscheck.catalog import load_catalog
    from cmscheck.evaluate import evaluate
    from cmscheck.render import renderers
    from cmscheck.rules import load_rules

    catalog, ruleset = load_catalog(), load_rules()
    expected = renderers()["json"](evaluate(load_bundle(farm / "b-minimal", catalog), catalog, ruleset), "zh")
    out = _run(str(farm / "b-minimal"), "--format", "json")
    assert out.exit_code == 1 and out.stdout == expected and out.stderr == ""


def test_summary_never_reads_bundle_text_as_markup():
    from cmscheck import thresholds as th

    cells = {"cms": th.Tally(1, 2, 1, 0, 3, 4), "park": None}
    outcome = batch.Outcome(0, "x", "x", 1, rows=[batch.Row("x", "[bold]粗[/] [link=http://e]l[/link] \x1b[31mred", cells)],
                            breaches=[th.Breach("x", "cms", "max_severe", 1, 0)])
    from cmscheck.render import summary
    text = summary.render_text([outcome], ["cms", "park"], "en")
    assert "[bold]粗[/] [link=http://e]l[/link]" in text and "\x1b" not in text
    assert "✗ 1/2+1w · 75%" in text and "—" in text and "fail" in text
