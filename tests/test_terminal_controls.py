"""Bundle text never drives the terminal: an organization name carrying ESC sequences (a colour, a
screen clear, a window title ended by BEL) and a C1 control reaches no command's output as control
characters, whatever the command or format (the text report has its own test in test_text_report)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmscheck.cli import main
from cmscheck.render.escape import md

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "small-manufacturer"
HOSTILE = "孝感\x1b[31m明远\x1b]0;pwned\x07\x1b[2J\x9b6n精密"
CONTROLS = ("\x1b", "\x07", "\x9b")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "b"
    shutil.copytree(EXAMPLE, folder)
    manifest = yaml.safe_load((folder / "cmscheck.yaml").read_text(encoding="utf-8"))
    manifest["organization"]["name"] = HOSTILE
    # a waiver that matches nothing: its finding id comes back in a warning on stderr
    manifest["waivers"] = [{"finding": "cms/evidence-missing/孝感\x1b]0;pwned\x07精密", "justification": "test",
                            "approved_by": "test", "expires": "2026-01-01"}]
    (folder / "cmscheck.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [
    ["validate"],
    ["compare"], ["compare", "--format", "markdown"],
    ["evaluate", "--format", "markdown", "--fail-on", "never"],
    ["evaluate", "--format", "text", "--fail-on", "never"],
    ["site", "--no-build", "-o", "{tmp}/site"],
], ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_control_character_of_bundle_text_reaches_the_output(args, lang, bundle, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    # color=True: click would otherwise strip colour sequences itself, and hide one that got through
    lang_args = ["--lang", lang] if args[0] != "validate" else []  # validate speaks the locale's language
    env = {"LC_ALL": "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8", "LANG": ""}
    result = CliRunner().invoke(main, [*args[:1], str(bundle), *args[1:], *lang_args], color=True, env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout + result.stderr
    assert "孝感" in out and "精密" in out  # the name (or the waiver's id) is shown, its controls are not
    if args[0] in ("evaluate", "site"):
        assert "pwned" in result.stderr  # the unused waiver's warning
    assert not [c for c in CONTROLS if c in out]


def test_markdown_escape_replaces_control_characters():
    assert md("a\x1b[31mb\x07c\x9bd") == "a\ufffd\\[31mb\ufffdc\ufffdd"
    assert md("line\r\n\tnext") == "line next"  # line breaks and tabs stay a space, as before
