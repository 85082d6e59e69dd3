"""`cmscheck validate` on the minimal bundle and on every broken bundle in tests/broken/, and `cmscheck schema`.

Each tests/broken/<case>/ holds a bundle (bundle/) and expect.yaml: a description, optional setup
steps the test performs in a temporary copy (symbolic links, binary or oversize files that are not
committed), and the problems the validation must report, each with file, line, field and a message
fragment. A new case is a new folder; nothing here needs editing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck.cli.schema import schema, schema_text
from cmscheck.cli.validate import validate

TESTS = Path(__file__).parent
BROKEN = TESTS / "broken"
MINIMAL = TESTS / "bundles" / "minimal"
DOCS_SCHEMA = TESTS.parent / "docs" / "schema"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expect.yaml").is_file())


def _setup(case_dir: Path, steps: list[dict]) -> None:
    for step in steps:
        (op, args), = step.items()
        path = case_dir / args["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if op == "symlink":
            path.symlink_to(args["target"])
        elif op == "sparse":
            with path.open("wb") as f:
                f.truncate(args["size"])
        elif op == "write" and "hex" in args:
            path.write_bytes(bytes.fromhex(args["hex"]))
        elif op == "write":
            path.write_bytes(args["text"].encode(args.get("encoding", "utf-8")))
        else:
            raise ValueError(f"unknown setup step {op!r}")


def _run(args: list[str], cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(validate, args, catch_exceptions=True)
    finally:
        os.chdir(old)


def test_every_case_has_a_bundle_and_problems():
    assert len(CASES) >= 15
    for name in CASES:
        expect = yaml.safe_load((BROKEN / name / "expect.yaml").read_text(encoding="utf-8"))
        assert expect["description"] and expect["problems"], name
        assert (BROKEN / name / "bundle").is_dir() or any("cmscheck.yaml" in s.get("write", {}).get("path", "") for s in expect.get("setup", [])), name


@pytest.mark.parametrize("case", CASES)
def test_broken_bundle(case: str, tmp_path: Path):
    expect = yaml.safe_load((BROKEN / case / "expect.yaml").read_text(encoding="utf-8"))
    work = tmp_path / case
    shutil.copytree(BROKEN / case, work, symlinks=True)
    _setup(work, expect.get("setup", []))

    result = _run(["bundle"], work)

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    n = len(expect["problems"])
    assert lines[0] == f"cmscheck: {n} problem{'s' if n != 1 else ''} in the input:", result.stderr
    for want in expect["problems"]:
        where = want["file"] + (f":{want['line']}" if want["line"] else "")
        head = f"  {where}: {want['field']}: " if want["field"] else f"  {where}: "
        hits = [i for i, line in enumerate(lines) if line.startswith(head) and want["message"] in line]
        assert hits, f"no problem starting {head!r} with {want['message']!r} in:\n{result.stderr}"
        i = hits[0]
        assert i + 1 < len(lines) and lines[i + 1].startswith("      fix: "), f"problem without a fix:\n{lines[i]}"


def test_minimal_bundle_is_valid():
    result = CliRunner().invoke(validate, [str(MINIMAL)])
    assert result.exit_code == 0, result.output
    out = result.stdout.strip()
    assert out.count("\n") == 0
    assert "示例钢铁有限公司" in out and "1 document" in out and "0 records" in out and "0 answers" in out


def test_manifest_file_itself_is_accepted():
    result = CliRunner().invoke(validate, [str(MINIMAL / "cmscheck.yaml")])
    assert result.exit_code == 0, result.output


def test_missing_bundle_and_folder_without_manifest(tmp_path: Path):
    result = _run(["nowhere"], tmp_path)
    assert result.exit_code == 2 and "nowhere: bundle not found" in result.stderr
    (tmp_path / "empty").mkdir()
    result = _run(["empty"], tmp_path)
    assert result.exit_code == 2 and "empty/cmscheck.yaml: no manifest" in result.stderr


def test_park_summary_counts_members(tmp_path: Path):
    park = tmp_path / "park"
    shutil.copytree(MINIMAL, park / "members" / "a")
    (park / "cmscheck.yaml").write_text(
        "organization:\n  name: 示例园区\n  kind: park\n  period: {start: 2024-01-01, end: 2024-12-31}\n"
        "  as_of: 2025-01-31\n  members:\n    - {name: 示例钢铁有限公司, bundle: members/a}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(validate, [str(park)])
    assert result.exit_code == 0, result.output
    assert "1 member" in result.stdout


# ------------------------------------------------------------------------------------------- schema


@pytest.mark.parametrize("kind", ["bundle", "report"])
def test_committed_schema_is_current(kind: str):
    committed = (DOCS_SCHEMA / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"docs/schema/{kind}.schema.json is out of date: run `cmscheck schema {kind} -o docs/schema/{kind}.schema.json`"
    )


@pytest.mark.parametrize("kind", ["bundle", "report"])
def test_schema_command_is_deterministic(kind: str, tmp_path: Path):
    out = CliRunner().invoke(schema, [kind])
    assert out.exit_code == 0, out.output
    assert out.stdout == schema_text(kind) and out.stdout.endswith("}\n")
    assert json.loads(out.stdout)["$schema"].startswith("https://json-schema.org/")
    target = tmp_path / "s.json"
    assert CliRunner().invoke(schema, [kind, "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == out.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left behind


def test_minimal_manifest_matches_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load((MINIMAL / "cmscheck.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # YAML dates -> ISO strings, as JSON has them
    jsonschema.validate(data, json.loads(schema_text("bundle")))


def test_a_parks_members_are_looked_at_one_at_a_time(monkeypatch):
    """validate notes each member's unread files holding one member at a time: a member rebuilt from its
    packed form is gone before the next but one is rebuilt (a list of them all held 1,000 members at once)."""
    import gc
    import weakref

    from cmscheck.packed import Packed

    alive: list[weakref.ref] = []
    real = Packed.__iter__

    def one_at_a_time(self):
        for item in real(self):
            gc.collect()
            # the loop's own variable still holds the member before this one while this one is rebuilt
            assert not [r for r in alive[:-1] if r() is not None], "a member rebuilt earlier is still held"
            alive.append(weakref.ref(item))
            yield item

    monkeypatch.setattr(Packed, "__iter__", one_at_a_time)
    result = CliRunner().invoke(validate, [str(TESTS.parent / "examples" / "park")])
    assert result.exit_code == 0, result.output
    assert len(alive) >= 3  # the members were looked at (the waivers look at them too)


def test_python_dash_m_cmscheck_runs_the_command(tmp_path):
    """`python -m cmscheck` is the `cmscheck` command (a virtualenv whose scripts folder is not on PATH):
    its exit codes, its output, its usage line naming how it was called."""
    import subprocess
    import sys

    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    ok = subprocess.run([sys.executable, "-m", "cmscheck", "validate", str(MINIMAL)], capture_output=True, text=True,
                        env=env, cwd=tmp_path, timeout=300)
    assert ok.returncode == 0 and ": OK: " in ok.stdout, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "cmscheck", "validate", str(tmp_path / "nowhere")], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=300)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "cmscheck", "--help"], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=300)
    assert usage.returncode == 0 and "python -m cmscheck" in usage.stdout
