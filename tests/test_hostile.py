"""Hostile and broken input (issue 19): no traceback, no surprise.

The located problems themselves are cases in tests/broken/ (run by tests/test_validate_cli.py); here:
the fixes those problems suggest, the exit-3 guard, output safety (atomic files with ordinary
permissions, -o below a file, the site's file manifest, signals) and the JUnit writer's control characters.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck import cli
from cmscheck.cli import main
from cmscheck.cli.common import write_atomic
from cmscheck.problems import InputError

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "bundles" / "minimal"
BROKEN = TESTS / "broken"


def _validate_case(case: str, tmp_path: Path) -> str:
    from test_validate_cli import _setup

    work = tmp_path / case
    shutil.copytree(BROKEN / case, work, symlinks=True)
    _setup(work, yaml.safe_load((work / "expect.yaml").read_text(encoding="utf-8")).get("setup", []))
    old = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(main, ["validate", "bundle"])
    finally:
        os.chdir(old)
    assert result.exit_code == 2, result.output
    return result.stderr


@pytest.mark.parametrize("case, fixes", [
    ("fullwidth_colon", ["replace it with the half-width ':' (followed by a space)"]),
    ("fullwidth_braces", ["replace it with the half-width '{'", "replace it with the half-width '}'", "half-width ','"]),
    ("ideographic_space", ["replace it with ordinary half-width spaces"]),
    ("tab_indent", ["indent with spaces"]),
    ("date_not_iso", ["write the date in ISO form, year-month-day with '-': 2024-01-15",
                      "write the date in ISO form, year-month-day with '-': 2025-03-31"]),
    ("windows_path", ["give the path inside the bundle"]),
    ("manifest_yml", ["rename cmscheck.yml to cmscheck.yaml"]),
    ("number_with_unit", ["write the number alone (12000) and the unit (tCO2e) in the unit field"]),
    ("control_characters", ["DOS tools leave 0x1A as an end-of-file mark"]),
    ("utf16_manifest", ["save it as UTF-8"]),
])
def test_broken_cases_say_how_to_fix(case, fixes, tmp_path):
    err = _validate_case(case, tmp_path)
    for fix in fixes:
        assert fix in err, err


def test_windows_path_is_not_rewritten_with_slashes(tmp_path):
    err = _validate_case("windows_path", tmp_path)
    assert "C:/" not in err and "'\\' between folders" not in err


def test_manifest_symlink_is_named_by_the_path_given(tmp_path):
    err = _validate_case("manifest_symlink_out", tmp_path)
    assert "bundle/cmscheck.yaml:" in err or "bundle/cmscheck.yaml: " in err
    assert "elsewhere" not in err


# ---------------------------------------------------------------------------------------- exit 3


@pytest.mark.expect_bug
def test_unexpected_error_exits_3_with_a_log_and_no_traceback(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("a planted bug \x1b[31m")

    monkeypatch.setattr("cmscheck.cli.validate.load_bundle", boom)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["validate", str(MINIMAL)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "\x1b" not in result.output
    assert "this is a bug in cmscheck" in result.stderr and "这是 cmscheck 的缺陷" in result.stderr
    log = tmp_path / "cache" / "cmscheck" / "cmscheck.log"
    assert str(log) in result.stderr
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: a planted bug" in text


@pytest.mark.expect_bug
def test_bug_log_falls_back_to_the_temp_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_log_dirs", lambda: [tmp_path / "file" / "sub", tmp_path])
    (tmp_path / "file").write_text("a file where a folder should be", encoding="utf-8")
    path = cli.write_bug_log(ValueError("x"))
    assert path == tmp_path / cli.LOG_NAME and "ValueError: x" in path.read_text(encoding="utf-8")


def test_the_suite_fails_a_test_that_exits_3(tmp_path):
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_x.py").write_text("""
from click.testing import CliRunner
from cmscheck.cli import main

def test_quietly_crashing(monkeypatch):
    monkeypatch.setattr("cmscheck.cli.validate.load_bundle", lambda *a, **k: 1 / 0)
    result = CliRunner().invoke(main, ["validate", "x"])
    assert result.exit_code != 0  # a test that looks away from the exit code
""", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "exited 3" in proc.stdout, proc.stdout  # reported at the test's teardown


# ------------------------------------------------------------------------------------------ outputs


def test_write_atomic_respects_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "r.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o640


def test_write_atomic_below_a_file_is_a_located_problem(tmp_path):
    (tmp_path / "afile.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as err:
        write_atomic(tmp_path / "afile.txt" / "sub" / "r.json", "{}")
    p, = err.value.problems
    assert p.field == "-o" and "afile.txt is a file, not a folder" in p.message and p.fix


def test_write_atomic_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_evaluate_output_below_a_file_exits_2(tmp_path):
    (tmp_path / "afile.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(MINIMAL), "-o", str(tmp_path / "afile.txt" / "r.json")])
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr and "Traceback" not in result.output


def _site(out: Path, *extra: str):
    return CliRunner().invoke(main, ["site", str(MINIMAL), "-o", str(out), "--no-build", *extra])


def test_site_refuses_a_folder_that_only_holds_a_marker(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cmscheck-site").write_text("cmscheck site project\n", encoding="utf-8")
    (out / "thesis.docx").write_bytes(b"my work")
    result = _site(out)
    assert result.exit_code == 2 and "was not made by cmscheck site" in result.stderr
    assert (out / "thesis.docx").read_bytes() == b"my work"


def test_site_replaces_its_own_site_but_not_added_or_changed_files(tmp_path):
    out = tmp_path / "out"
    assert _site(out).exit_code == 0
    assert _site(out).exit_code == 0  # its own, unchanged: replaced
    (out / "docs" / "notes.md").write_text("mine", encoding="utf-8")
    result = _site(out)
    assert result.exit_code == 2 and "did not write: docs/notes.md" in result.stderr
    assert (out / "docs" / "notes.md").read_text(encoding="utf-8") == "mine"
    (out / "docs" / "notes.md").unlink()
    with (out / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    result = _site(out)
    assert result.exit_code == 2 and "changed since cmscheck site wrote them: mkdocs.yml" in result.stderr
    assert (out / "mkdocs.yml").read_text(encoding="utf-8").endswith("# edited\n")


def test_site_below_a_file_exits_2(tmp_path):
    (tmp_path / "afile.txt").write_text("x", encoding="utf-8")
    result = _site(tmp_path / "afile.txt" / "site")
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr


def test_site_refuses_a_waiver_naming_an_unknown_rule(tmp_path):
    bundle = tmp_path / "b"
    shutil.copytree(MINIMAL, bundle)
    with (bundle / "cmscheck.yaml").open("a", encoding="utf-8") as f:
        f.write("waivers:\n  - {rule: no-such-rule, justification: x, approved_by: y, expires: 2025-06-30}\n")
    result = CliRunner().invoke(main, ["site", str(bundle), "-o", str(tmp_path / "site"), "--no-build"])
    assert result.exit_code == 2 and "waivers[0].rule: unknown rule 'no-such-rule'" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_leaves_the_previous_output(tmp_path, signum, code):
    out = tmp_path / "site"
    assert _site(out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    # "ready" once the command's guard is in place (its SIGTERM handler installed), seen from a thread:
    # no sleep that a loaded machine can outrun
    start = ("import signal, sys, threading, time\n"
             "from cmscheck.cli import main\n"
             "def watch():\n"
             "    while signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):\n"
             "        time.sleep(0.005)\n"
             "    print('ready', flush=True)\n"
             "threading.Thread(target=watch, daemon=True).start()\n"
             "main()\n")
    proc = subprocess.Popen([sys.executable, "-c", start, "site", str(ROOT / "examples" / "hubei-steel"), "-o", str(out), "--no-build"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signum)  # the command is loading or evaluating (a site of the steel works takes seconds)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no build folder left beside it


# ------------------------------------------------------------------------------------------- JUnit


def test_junit_survives_control_characters_in_bundle_text(tmp_path):
    from xml.etree import ElementTree as ET

    bundle = tmp_path / "b"
    shutil.copytree(MINIMAL, bundle)
    manifest = bundle / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("name: 示例钢铁有限公司", 'name: "示例\\x01钢铁\\x0b有限公司"'),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(bundle), "--format", "junit", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.get("name") == "cmscheck: 示例\ufffd钢铁\ufffd有限公司"


# ------------------------------------------------------------------------------------------- limits


def _bundle_with(tmp_path: Path, extra: str) -> Path:
    bundle = tmp_path / "b"
    shutil.copytree(MINIMAL, bundle)
    with (bundle / "cmscheck.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return bundle


def test_a_list_over_the_limit_is_refused_where_it_stands(tmp_path):
    from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS

    entries = "".join(f"  - {{id: d{i}, kind: procedures, title: t{i}}}\n" for i in range(MAX_LIST_ITEMS))
    result = CliRunner().invoke(main, ["validate", str(_bundle_with(tmp_path, entries))])
    assert result.exit_code == 2
    assert f"cmscheck.yaml:9: documents: {MAX_LIST_ITEMS + 1:,} entries, over the limit of {MAX_LIST_ITEMS:,} in one list" in result.stderr


def test_a_list_at_the_limit_is_accepted(tmp_path):
    from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS

    entries = "".join(f"  - {{id: d{i}, kind: procedures, title: t{i}}}\n" for i in range(MAX_LIST_ITEMS - 1))
    result = CliRunner().invoke(main, ["validate", str(_bundle_with(tmp_path, entries))])
    assert result.exit_code == 0, result.output[:2000]


def test_a_text_over_the_limit_is_refused_where_it_stands(tmp_path):
    from cmscheck.bundle.manifest_yaml import MAX_TEXT_CHARS

    extra = ("answers:\n  - statement: cms:6.1.2.s1\n    status: conforming\n    answered_by: 张三\n"
             f"    note: {'碳' * (MAX_TEXT_CHARS + 1)}\n")
    result = CliRunner().invoke(main, ["validate", str(_bundle_with(tmp_path, extra))])
    assert result.exit_code == 2
    assert f"answers[0].note: text of {MAX_TEXT_CHARS + 1:,} characters, over the limit of {MAX_TEXT_CHARS:,}" in result.stderr


def test_many_problems_are_cut_short_with_the_count(tmp_path):
    from cmscheck.cli import MAX_SHOWN

    entries = "".join(f"  - {{id: d{i}, kind: no-such-kind, title: t}}\n" for i in range(MAX_SHOWN + 50))
    result = CliRunner().invoke(main, ["validate", str(_bundle_with(tmp_path, entries))])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"cmscheck: {MAX_SHOWN + 50} problems in the input:"
    assert result.stderr.count("unknown evidence kind") == MAX_SHOWN
    assert "and 50 more problems" in result.stderr


@pytest.mark.parametrize("day", ["9999-12-01", "0001-01-01"])
@pytest.mark.parametrize("command", [["evaluate"], ["site", "-o", "{out}", "--no-build"], ["compare"], ["checklist", "--format", "csv"]])
def test_as_of_on_the_command_line_is_kept_in_range(day, command, tmp_path):
    """Every command that assesses refuses it the same way (site, compare and checklist used to crash with exit 3)."""
    args = [a.replace("{out}", str(tmp_path / "site")) for a in command]
    result = CliRunner().invoke(main, [args[0], str(MINIMAL), *args[1:], "--as-of", day])
    assert result.exit_code == 2 and f"--as-of: the year of {day} is outside 1900..9000" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "site").exists()
