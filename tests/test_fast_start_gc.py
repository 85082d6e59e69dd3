"""The command line's collector settings (gcpolicy.py): a raised gen0 threshold while it starts, the
catalog and rules frozen and the threshold put back once they are loaded, the objects frozen at exit.
Only the command line sets them, and a run under them still writes every byte of its reports (stdout
and -o files) before the process ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = "examples/hubei-steel"


def _python(code: str, *args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CMSCHECK_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True)


def test_only_the_command_line_changes_the_collector(tmp_path):
    code = ("import gc, sys; before = gc.get_threshold(); import cmscheck.catalog, cmscheck.pipeline; "
            "lib = gc.get_threshold(); import cmscheck.cli; print(before == lib, gc.get_threshold()[0])")
    out = _python(code, cache=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().split() == ["True", "200000"]


def test_start_up_ends_when_the_catalog_is_loaded(tmp_path):
    # a threshold raised for the whole run let a park's cyclic garbage pile up between collections
    code = ("import gc; default = gc.get_threshold(); import cmscheck.cli; from cmscheck import pipeline; "
            "raised = gc.get_threshold(); pipeline.load_inputs(); "
            "print(raised[0], gc.get_threshold() == default, gc.get_freeze_count() > 10000)")
    out = _python(code, cache=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().split() == ["200000", "True", "True"]


def test_a_library_user_keeps_python_s_settings(tmp_path):
    code = ("import gc; default = gc.get_threshold(); from cmscheck import pipeline; pipeline.load_inputs(); "
            "print(gc.get_threshold() == default, gc.get_freeze_count())")
    out = _python(code, cache=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().split() == ["True", "0"]


def test_a_fresh_process_writes_the_whole_report(tmp_path):
    from cmscheck.cli import main

    cli = "import sys; from cmscheck.cli import main; sys.argv[0] = 'cmscheck'; main()"
    md = tmp_path / "report.md"
    out = _python(cli, "evaluate", BUNDLE, "--format", "text", "--format", f"markdown:{md}", cache=tmp_path / "cache")
    assert out.returncode == 1, out.stderr  # the steel example breaks the default --fail-on severe
    here = CliRunner().invoke(main, ["evaluate", BUNDLE, "--format", "text", "--format", f"markdown:{tmp_path / 'here.md'}"])
    assert here.exit_code == 1, here.output
    assert len(out.stdout) > 1000
    assert out.stdout.decode("utf-8") == here.stdout
    assert md.read_bytes() == (tmp_path / "here.md").read_bytes()
