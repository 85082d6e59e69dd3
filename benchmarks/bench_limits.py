"""Benchmark (not a test): the largest bundle cmscheck accepts, and what evaluate and site cost on it.

Builds, from tests/bundles/minimal, a bundle at the input limits of docs/bundle.md ("Limits"):
documents at MAX_LIST_ITEMS entries, answers with notes of MAX_TEXT_CHARS characters, the manifest just
under MAX_MANIFEST_BYTES; checks that `cmscheck validate` accepts it and that one entry more is refused;
then runs `validate`, `evaluate --format json` and `site` (HTML built by MkDocs) on it, each in its own
process, and prints wall time and peak memory (the largest resident set of the process and the
processes it waited for, MkDocs included).

    python3 benchmarks/bench_limits.py              # every command
    python3 benchmarks/bench_limits.py --no-site    # validate and evaluate only

Numbers are printed, never asserted; wall-clock times move with other load on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS, MAX_MANIFEST_BYTES, MAX_TEXT_CHARS  # noqa: E402
from cmscheck.catalog import load_catalog  # noqa: E402

MINIMAL = ROOT / "tests" / "bundles" / "minimal"
CLI = "import sys; from cmscheck.cli import main; sys.argv[0] = 'cmscheck'; main()"


def build(folder: Path, extra_document: bool = False) -> Path:
    """The largest accepted bundle (or, with extra_document, the same with one document too many)."""
    shutil.copytree(MINIMAL, folder)
    head = (MINIMAL / "cmscheck.yaml").read_text(encoding="utf-8")
    docs = [f"  - {{id: d{i:04d}, kind: procedures, title: 程序文件 {i}, file: docs/policy.md}}\n"
            for i in range(MAX_LIST_ITEMS - 1 + (1 if extra_document else 0))]
    text = head + "".join(docs) + "answers:\n"
    statements = sorted(s.id for s in load_catalog().all_statements() if s.id.startswith("cms:"))
    note = ("碳排放管理体系运行记录。" * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]
    for sid in statements:
        entry = f"  - statement: {sid}\n    status: conforming\n    answered_by: 内审员\n    evidence: [policy]\n    note: {note}\n"
        if len((text + entry).encode("utf-8")) > MAX_MANIFEST_BYTES - 1024:
            break
        text += entry
    (folder / "cmscheck.yaml").write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """(exit code, wall seconds, peak resident MB of the process tree it waited for, stderr tail)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_maxrss / 1024, err.strip().splitlines()[-1] if err.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-site", action="store_true", help="skip the site build (MkDocs)")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cmscheck-limits-") as tmp:
        work = Path(tmp)
        bundle = build(work / "largest")
        size = (bundle / "cmscheck.yaml").stat().st_size
        print(f"largest accepted bundle: manifest {size / 1e6:.2f} MB (limit {MAX_MANIFEST_BYTES / 1e6:.2f} MB), "
              f"{MAX_LIST_ITEMS} documents, notes of {MAX_TEXT_CHARS} characters")
        code, *_ = run(["validate", str(build(work / "one-too-many", extra_document=True))], work)
        print(f"one document more: validate exits {code} (expected 2)")
        commands = [("validate", ["validate", "largest"]), ("evaluate --format json", ["evaluate", "largest", "--format", "json", "--fail-on", "never"])]
        if not opts.no_site:
            commands.append(("site (built HTML)", ["site", "largest", "-o", "site"]))
        print(f"{'command':<24} {'exit':>4} {'wall s':>8} {'peak MB':>8}")
        for name, args in commands:
            code, wall, peak, tail = run(args, work)
            print(f"{name:<24} {code:>4} {wall:>8.1f} {peak:>8.0f}" + (f"   {tail}" if code not in (0, 1) else ""))


if __name__ == "__main__":
    main()
