"""`cmscheck init`: a starter bundle that validates at once and evaluates to an honest "not yet"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _invoke(args, cwd: Path, lang: str = "C.UTF-8"):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, env={"LANG": lang, "LC_ALL": None, "LC_MESSAGES": None},
                                  catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.mark.parametrize("kind", ["enterprise", "park"])
def test_init_validate_evaluate(kind: str, tmp_path: Path):
    made = _invoke(["init", "x", "--kind", kind, "--sector", "chemical"], tmp_path)
    assert made.exit_code == 0, made.output
    x = tmp_path / "x"
    for rel in ("cmscheck.yaml", "docs/policy.md", "ledgers/energy.csv", "records/README.md"):
        assert (x / rel).is_file(), rel
    assert (x / "members").is_dir() == (kind == "park")
    assert (x / "ledgers/energy.csv").read_text(encoding="utf-8").splitlines() == ["month,electricity_MWh"]
    manifest = (x / "cmscheck.yaml").read_text(encoding="utf-8")
    assert "组织全称" in manifest and "the organization's full name" in manifest  # commented in zh and en
    data = yaml.safe_load(manifest)
    assert data["organization"]["kind"] == kind and data["organization"]["sector"] == "chemical"

    checked = _invoke(["validate", "x"], tmp_path)
    assert checked.exit_code == 0, checked.output
    assert "OK" in checked.output

    report = _invoke(["evaluate", "x", "--fail-on", "never", "--format", "json"], tmp_path)
    assert report.exit_code == 0, report.output
    # Honest "not yet": the template's placeholders commit to nothing, so the policy is read and each
    # commitment the standards ask of it is found missing, citing the template itself.
    standards = {s["standard"]: s for s in json.loads(report.output)["standards"]}
    own = "park" if kind == "park" else "enterprise"
    findings = {f["id"]: f for std in ("cms", own) for f in standards[std]["findings"]}
    for element in ("compliance_commitment", "climate_commitment", "objectives_framework"):
        for std in ("cms", own):
            found = findings.get(f"{std}/content-element-missing/policy.{element}")
            assert found is not None, (std, element, sorted(findings))
            assert found["verdict"] == "nonconforming"
            assert any(e["file"] == "docs/policy.md" for e in found["evidence"]), found["evidence"]
    # Nothing the starter bundle holds is taken as an answer: it has none, and no statement is "answered".
    for std in standards.values():
        assert all(s["basis"] != "answered" for s in std.get("statements") or []), std["standard"]
    strict = _invoke(["evaluate", "x"], tmp_path)
    assert strict.exit_code == 1, strict.output  # severe gaps: a CI pipeline would fail, as it should


def test_policy_template_has_the_headings_and_no_commitment(tmp_path: Path):
    for lang, headings in (("zh", ["## 方针", "## 承诺"]), ("en", ["## Policy", "## Commitments"])):
        made = _invoke(["init", lang, "--lang", lang], tmp_path)
        assert made.exit_code == 0, made.output
        policy = (tmp_path / lang / "docs" / "policy.md").read_text(encoding="utf-8")
        for h in headings:
            assert h in policy.splitlines(), (lang, h)
        assert not any(p in policy for p in ("合规义务", "法律法规", "合规", "遵守"))


def test_init_refuses_a_non_empty_folder(tmp_path: Path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", encoding="utf-8")
    result = _invoke(["init", "x"], tmp_path)
    assert result.exit_code == 2
    assert "x: DIR: the folder is not empty" in result.stderr and "fix:" in result.stderr
    assert (tmp_path / "x" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["notes.txt"]
    zh = _invoke(["init", "x"], tmp_path, lang="zh_CN.UTF-8")
    assert zh.exit_code == 2 and "文件夹不是空的" in zh.stderr


def test_init_into_an_empty_folder_and_a_file(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    assert _invoke(["init", "empty"], tmp_path).exit_code == 0
    assert (tmp_path / "empty" / "cmscheck.yaml").is_file()
    (tmp_path / "f").write_text("", encoding="utf-8")
    result = _invoke(["init", "f"], tmp_path)
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr


def test_init_rejects_an_unknown_sector(tmp_path: Path):
    result = _invoke(["init", "x", "--sector", "钢铁"], tmp_path)
    assert result.exit_code == 2
    assert "unknown sector '钢铁'" in result.stderr and "steel" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_messages_follow_the_language(tmp_path: Path):
    zh = _invoke(["init", "a"], tmp_path, lang="zh_CN.UTF-8")
    en = _invoke(["init", "b", "--lang", "en"], tmp_path, lang="zh_CN.UTF-8")  # an explicit --lang wins
    assert "已在" in zh.output and "下一步" in zh.output
    assert "created a starter bundle" in en.output and "已在" not in en.output
    assert "碳管理方针" in (tmp_path / "a" / "docs" / "policy.md").read_text(encoding="utf-8")
    assert "carbon management policy" in (tmp_path / "b" / "docs" / "policy.md").read_text(encoding="utf-8")


def test_init_validate_evaluate_as_commands(tmp_path: Path):
    """The same as a user runs it: separate processes, from a folder of their own."""
    env = dict(os.environ, LANG="C.UTF-8", PYTHONPATH=str(ROOT / "src"))
    cli = [sys.executable, "-c", "from cmscheck.cli import main; main()"]
    for args, code in ((["init", "first"], 0), (["validate", "first"], 0),
                       (["evaluate", "first", "--fail-on", "never"], 0)):
        run = subprocess.run(cli + args, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert run.returncode == code, (args, run.stderr)
        assert "Traceback" not in run.stderr
