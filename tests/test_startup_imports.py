"""What a start of cmscheck imports (no timing): the heavy libraries load only for the runs that use them.

- `import cmscheck.cli` loads none of pint (and numpy under it), the SARIF and JUnit writers, the site
  (mkdocs, jinja2) or the Office and PDF readers.
- A text report of a bundle that states no quantities, with the cache between runs filled, loads none
  of them either: the reference data's units were checked when the cache was written.
- What must still import: pint (with numpy) as soon as a bundle states quantities (its units are checked
  and converted) or the cache is cold (the reference data's units are checked); the Office readers when
  the bundle holds such files; sarif_om for a SARIF report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pint", "numpy", "sarif_om", "junitparser", "mkdocs", "jinja2", "openpyxl", "docx", "pypdf",
         "cmscheck.site", "cmscheck.render.sarif_report", "cmscheck.render.junit_report")
PROBE = ("import atexit, json, sys\n"
         f"atexit.register(lambda: print('\\nMODULES ' + json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr))\n")


def _loaded(code: str, args: list[str], cache: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CMSCHECK_CACHE_DIR": str(cache)}
    env.pop("CMSCHECK_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", PROBE + code, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    line = [ln for ln in out.stderr.splitlines() if ln.startswith("MODULES ")][-1]
    return json.loads(line.removeprefix("MODULES "))


CLI = "import sys; from cmscheck.cli import main; sys.argv[0] = 'cmscheck'; main()"


def _evaluate(bundle: str, fmt: str, cache: Path) -> list[str]:
    return _loaded(CLI, ["evaluate", bundle, "--format", fmt], cache)


def test_importing_the_cli_loads_nothing_heavy(tmp_path):
    assert _loaded("import cmscheck.cli", [], tmp_path) == []


def test_text_report_without_quantities_loads_nothing_heavy(tmp_path):
    _evaluate("tests/bundles/minimal", "text", tmp_path)  # fills the cache (and may load pint to check units)
    assert _evaluate("tests/bundles/minimal", "text", tmp_path) == []


def test_what_must_still_import(tmp_path):
    # a cold cache checks the reference data's units with pint
    assert "pint" in _evaluate("tests/bundles/minimal", "text", tmp_path)
    # a bundle that states quantities needs pint; still no SARIF, JUnit or site
    loaded = _evaluate("tests/bundles/complete", "text", tmp_path)
    assert "pint" in loaded
    assert not {"sarif_om", "junitparser", "mkdocs", "jinja2", "cmscheck.site"} & set(loaded)
    # the SARIF writer when asked for
    assert "sarif_om" in _evaluate("tests/bundles/minimal", "sarif", tmp_path)
