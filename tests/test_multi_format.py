"""Several reports from one evaluation (--format NAME:FILE, repeatable), each the same bytes as a run
with that single format; --format NAME and -o FILE behave as before; misuse is refused with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cmscheck.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
STEEL = ROOT / "examples" / "hubei-steel"


def _run(*args):
    return CliRunner().invoke(cli_main, [str(a) for a in args], catch_exceptions=False)


def test_several_outputs_equal_single_runs(tmp_path):
    j, s, m = tmp_path / "out.json", tmp_path / "out.sarif", tmp_path / "sub" / "out.md"
    res = _run("evaluate", STEEL, "--format", f"json:{j}", "--format", f"sarif:{s}", "--format", f"markdown:{m}",
               "--format", "text")
    assert res.exit_code == 1  # the example has severe findings: the exit code is unchanged
    single_text = _run("evaluate", STEEL)
    assert res.stdout == single_text.stdout and res.stdout.strip()
    for name, path in (("json", j), ("sarif", s), ("markdown", m)):
        one = tmp_path / f"one.{name}"
        assert _run("evaluate", STEEL, "--format", name, "-o", one).exit_code == 1
        assert path.read_bytes() == one.read_bytes()
    assert json.loads(j.read_text(encoding="utf-8"))["organization"]["as_of"] == "2025-03-31"


def test_the_one_without_a_file_goes_to_o(tmp_path):
    o, j = tmp_path / "report.md", tmp_path / "r.json"
    res = _run("evaluate", STEEL, "--format", "markdown", "--format", f"json:{j}", "-o", o)
    assert res.stdout == "" and o.read_text(encoding="utf-8").startswith("# ") and j.is_file()


def test_misuse_is_refused(tmp_path):
    res = _run("evaluate", STEEL, "--format", "text", "--format", "json")
    assert res.exit_code == 2 and "at most one --format without a FILE" in res.output
    res = _run("evaluate", STEEL, "--format", "yaml:x.yaml")
    assert res.exit_code == 2 and "'yaml' is not a format" in res.output
    res = _run("evaluate", STEEL, "--format", "json:")
    assert res.exit_code == 2 and "names no file" in res.output
    res = _run("evaluate", ROOT / "examples", "--format", f"json:{tmp_path / 'x.json'}")
    assert res.exit_code == 2 and "several bundles take one --format NAME" in res.output
    assert not (tmp_path / "x.json").exists()
