"""Every example in the documentation runs: the `cmscheck` commands of fenced bash/console blocks in
README.md, docs/*.md and examples/README.md, and the threshold and waiver YAML examples of docs/ci.md.

Commands run in a scratch folder where the names the docs use stand for the shipped examples
(evidence/ and my-bundle are bundles, bundles/ a folder of bundles, ...). Synopsis lines (BUNDLE, [-s
STANDARD], a|b) are not commands and are left out. A command passes when it exits 0 or 1 (1: the
example has nonconformities, as it should), never 2 and never with a traceback.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "examples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
SYNOPSIS = re.compile(r"\[|\||\.\.\.|\b[A-Z][A-Z_]{2,}\b")  # [options], a|b, X..., BUNDLE, DIR_OR_BUNDLES
EXAMPLES = ROOT / "examples"


def _blocks(path: Path):
    for m in FENCE.finditer(path.read_text(encoding="utf-8")):
        yield m.group(1), m.group(2)


def _commands() -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        for lang, body in _blocks(doc):
            if lang not in ("bash", "console", "sh", "shell"):
                continue
            for line in body.splitlines():
                line = line.strip()
                if lang == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                line = re.sub(r"\s+#.*$", "", line)
                if line.startswith("cmscheck ") and not SYNOPSIS.search(line.replace("--format", "")):
                    out.append((doc.relative_to(ROOT).as_posix(), line))
    return out


def _yaml_examples(doc: Path) -> dict[str, str]:
    """The YAML examples of a page, by what they are: a threshold file, or waivers."""
    found = {}
    for lang, body in _blocks(doc):
        if lang != "yaml":
            continue
        data = yaml.safe_load(body)
        if body.lstrip().startswith("# cmscheck-thresholds.yaml"):
            found["thresholds"] = body
        elif isinstance(data, dict) and set(data) == {"waivers"}:
            found["waivers"] = body
    return found


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    """The names the docs use, standing for the shipped examples."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copytree(EXAMPLES / "hubei-steel", tmp_path / "evidence")
    shutil.copytree(EXAMPLES / "small-manufacturer", tmp_path / "my-bundle")
    for folder in ("bundles", "park-members", "members"):
        for name in ("hubei-steel", "small-manufacturer"):
            shutil.copytree(EXAMPLES / name, tmp_path / folder / name)
    for name, source in (("a", "hubei-steel"), ("b", "small-manufacturer"), ("c", "small-manufacturer")):
        shutil.copytree(EXAMPLES / source, tmp_path / name)
    thresholds = _yaml_examples(ROOT / "docs" / "ci.md")["thresholds"]
    for name in ("cmscheck-thresholds.yaml", "limits.yaml"):
        (tmp_path / name).write_text(thresholds, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(line: str):
    return CliRunner().invoke(main, shlex.split(line)[1:], env={"LANG": "C.UTF-8", "LC_ALL": None})


def test_the_docs_have_commands():
    docs = {d for d, _ in _commands()}
    assert {"README.md", "docs/ci.md", "docs/compare.md", "docs/bundle.md", "examples/README.md"} <= docs, docs
    assert len(_commands()) >= 15


def _output(line: str) -> str | None:
    args = shlex.split(line)
    return args[args.index("-o") + 1] if "-o" in args[:-1] else None


def _prerequisites(doc: str, line: str) -> list[str]:
    """The commands that make what `line` reads, as a reader following the docs has run them: every
    `cmscheck init` line (its bundle), and the last earlier line of the same page whose -o FILE is an
    argument of this one (e.g. `cmscheck checklist ... -o checklist.xlsx` before `answers import checklist.xlsx`)."""
    if line.startswith("cmscheck init "):
        return []
    out = [c for _, c in _commands() if c.startswith("cmscheck init ")]
    page = [c for d, c in _commands() if d == doc]
    earlier = page[:page.index(line)]
    for arg in shlex.split(line)[1:]:
        if arg == _output(line):
            continue  # what this line writes itself
        makers = [c for c in earlier if _output(c) == arg]
        if makers:
            out.append(makers[-1])
    return out


def test_prerequisites_are_found():
    page = [c for d, c in _commands() if d == "docs/loop.md"]
    importing = next(c for c in page if c.startswith("cmscheck answers import checklist.xlsx"))
    assert any(_output(c) == "checklist.xlsx" for c in _prerequisites("docs/loop.md", importing))
    assert not any(c.startswith("cmscheck checklist") for c in _prerequisites("docs/loop.md", page[0]))


@pytest.mark.parametrize("doc, line", _commands(), ids=[f"{d}: {c}" for d, c in _commands()])
def test_doc_command_runs(doc: str, line: str, workspace: Path):
    for earlier in _prerequisites(doc, line):  # what the line reads is made first, in the scratch folder
        made = _run(earlier)
        assert made.exit_code == 0, f"{doc}: prerequisite `{earlier}` exited {made.exit_code}:\n{made.output}"
    result = _run(line)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), f"{doc}: `{line}` exited {result.exit_code}:\n{result.output}"
    assert "Traceback" not in result.output


def test_threshold_example_is_a_valid_threshold_file(workspace: Path):
    from cmscheck import thresholds
    from cmscheck.catalog import load_catalog

    limits = thresholds.load(workspace / "cmscheck-thresholds.yaml", load_catalog().standards)
    assert limits is not None
    result = _run("cmscheck evaluate examples/hubei-steel --threshold cmscheck-thresholds.yaml")
    assert result.exit_code == 1, result.output  # the steel example breaks max_severe: 0
    assert "over max_severe 0" in result.stderr or "max_severe" in result.stderr


def test_waiver_example_is_accepted_by_a_bundle(workspace: Path):
    waivers = _yaml_examples(ROOT / "docs" / "ci.md")["waivers"]
    manifest = workspace / "evidence" / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n" + waivers, encoding="utf-8")
    validated = _run("cmscheck validate evidence")
    evaluated = _run("cmscheck evaluate evidence --format json")
    assert validated.exit_code == 0, validated.output
    assert evaluated.exit_code in (0, 1), evaluated.output
    # Every waiver of the example meets a finding of the steel example and is active at its as_of.
    met = {f["waiver"]["where"]["field"] for std in json.loads(evaluated.stdout)["standards"]
           for f in std["findings"] if f.get("waiver") and f["waiver"]["active"]}
    written = yaml.safe_load(waivers)["waivers"]
    assert met == {f"waivers[{i}]" for i in range(len(written))}, (met, evaluated.stderr)
    assert "matches no finding" not in evaluated.stderr
