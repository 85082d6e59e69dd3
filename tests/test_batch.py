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
from cmscheck.cli.evaluate import _stage_report

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
    assert " 1 problem in the input:" in out.stderr
    zh = _run(str(farm), "--lang", "zh")
    assert zh.exit_code == 2 and "：输入中有 1 个问题：" in zh.stderr and "problem in the input" not in zh.stderr
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
    """-o DIR: a bundle's report is staged in pieces where it is evaluated and renamed before the next bundle
    is evaluated: held until the last bundle was done, 200 steel bundles' JSON reports peaked at 316 MB, not 91."""
    from cmscheck.cli import evaluate as cli_evaluate

    events, kept = [], []
    real_one, real_stage, real_commit = batch.evaluate_one, cli_evaluate.stage, cli_evaluate.commit

    def one(index, path, name, opts):
        events.append(f"evaluate {name}")
        out = real_one(index, path, name, opts)
        kept.append(out)
        return out

    def stage(path, text, option="-o", run=""):
        assert not isinstance(text, str)  # in pieces, never the whole report
        events.append(f"stage {Path(path).name}")
        return real_stage(path, text, option, run)

    def commit(staged):
        events.extend(f"rename {s.path.name}" for s in staged)
        real_commit(staged)

    monkeypatch.setattr(batch, "evaluate_one", one)
    monkeypatch.setattr(cli_evaluate, "stage", stage)
    monkeypatch.setattr(cli_evaluate, "commit", commit)
    out = _run(str(farm), "-o", str(tmp_path / "reports"), "--format", "json")
    assert out.exit_code == 2
    assert events == ["evaluate a-complete", "stage a-complete.json", "rename a-complete.json",
                      "evaluate b-minimal", "stage b-minimal.json", "rename b-minimal.json", "evaluate c-broken"]
    assert [(o.report, o.written) for o in kept] == [(None, None)] * 3  # renamed, then let go
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["a-complete.json", "b-minimal.json"]


def test_a_park_among_bundles_gets_its_own_report(tmp_path: Path):
    """A park in a many-bundle run: its report (written a member at a time) is the one it gets alone."""
    park = ROOT / "examples" / "park"
    alone = _run(str(park), "--format", "sarif", "--fail-on", "never")
    many = _run(str(park), str(BUNDLES / "minimal"), "-o", str(tmp_path), "--format", "sarif", "--fail-on", "never")
    assert alone.exit_code == many.exit_code == 0
    assert (tmp_path / "park.sarif").read_text(encoding="utf-8") == alone.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal.sarif", "park.sarif"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_that_cannot_be_written_is_the_bundles_problem(tmp_path: Path, jobs: str):
    """The report's place is a folder: that bundle exits 2 with the place named (written where it is
    evaluated, in a worker process too), the others' reports are written, no temporary file is left."""
    (tmp_path / "minimal.json").mkdir()
    out = _run(str(BUNDLES / "minimal"), str(BUNDLES / "complete"), "-o", str(tmp_path), "--format", "json",
               "--jobs", jobs)
    assert out.exit_code == 2, out.output
    assert "minimal.json" in out.stderr and "is a folder" in out.stderr
    by = {b["bundle"]: b for b in json.loads(out.stdout)["bundles"]}
    assert (by["minimal"]["exit"], by["complete"]["exit"]) == (2, 0) and not by["minimal"]["rows"]  # its row: an error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["complete.json", "minimal.json"]
    assert (tmp_path / "minimal.json").is_dir() and json.loads((tmp_path / "complete.json").read_text(encoding="utf-8"))


def test_a_run_stopped_early_leaves_no_temporary_file(farm: Path, tmp_path: Path, monkeypatch):
    """Ctrl-C once the first report is renamed: the report another worker wrote but the run did not rename is
    removed, not left in the folder as a temporary file."""
    from cmscheck.cli import evaluate as cli_evaluate

    real = cli_evaluate.commit

    def commit(staged):
        real(staged)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_evaluate, "commit", commit)
    res = CliRunner().invoke(cli_main, ["evaluate", str(farm), "-o", str(tmp_path), "--format", "json", "--jobs", "2"])
    assert res.exit_code != 0
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in (["a-complete.json"], ["b-minimal.json"])  # whichever finished first; no temporary file


def _stage_then_die(folder, ext, run, name, pieces):
    """_stage_report, then the worker process ends there for b-minimal, its report staged and never handed
    back (module-level: the run's options, holding it, are pickled to the workers)."""
    import os

    staged = _stage_report(folder, ext, run, name, pieces)  # the real one, kept before the test replaces it
    if name == "b-minimal":
        os._exit(70)
    return staged


def test_a_worker_dying_after_staging_leaves_no_temporary_file(farm: Path, tmp_path: Path, monkeypatch):
    """A worker process that dies once it has staged its bundle's report (a crash inside the rules engine
    kills the process) hands nothing back: the run names the bundle, exits 2, and the temporary file that
    worker wrote is swept away with the run's mark, while the reports handed back are kept."""
    from cmscheck.cli import evaluate as cli_evaluate

    monkeypatch.setattr(cli_evaluate, "_stage_report", _stage_then_die)  # forked workers inherit it
    out = tmp_path / "reports"
    res = _run(str(BUNDLES / "complete"), str(farm / "b-minimal"), "-o", str(out), "--format", "json", "--jobs", "2")
    assert res.exit_code == 2, res.output
    assert "died" in res.stderr and "b-minimal" in res.stderr
    left = sorted(p.name for p in out.iterdir())
    assert not [n for n in left if n.endswith(".tmp")], left
    assert set(left) <= {"complete.json"}  # the other bundle's, when its worker handed it back before the crash


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


def test_an_input_error_crosses_a_process_boundary_whole():
    """An InputError pickles as its problems (as a worker process hands an exception back): the same
    problems and message come out, not a pickling error."""
    import pickle

    from cmscheck.problems import InputError, Problem

    err = InputError([Problem("b/cmscheck.yaml", 3, "organization.as_of", "not a date", "write YYYY-MM-DD"),
                      Problem("a/cmscheck.yaml", None, "", "missing", "add it")])
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and back.problems == err.problems and str(back) == str(err)
