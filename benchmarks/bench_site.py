"""Benchmark (not a test): `cmscheck site` ÷ a plain `mkdocs build` of an equal site.

For each example (the park and the steel example): `cmscheck site EXAMPLE -o DIR --no-build` writes
the MkDocs project the site is built from; then, per run, in fresh subprocesses:

- `cmscheck site EXAMPLE -o DIR` (evaluate, write the project, `mkdocs build --strict`, check, swap in);
- `python -m mkdocs build -f PROJECT/mkdocs.yml -d HTML` of that same project, nothing else — once per
  language: the site holds zh and en, each its own MkDocs project (the second under its folder).

The figure (d) is the ratio of their CPU times (user + system of the process and its children).

    python3 benchmarks/bench_site.py            # 5 runs per example
    python3 benchmarks/bench_site.py --quick    # 3 runs
    CMSCHECK_SRC=/path/to/other/src python3 benchmarks/bench_site.py

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = os.environ.get("CMSCHECK_SRC") or str(ROOT / "src")
EXAMPLES = {"park": ROOT / "examples" / "park", "steel": ROOT / "examples" / "hubei-steel"}
CLI = "import sys; from cmscheck.cli import main; sys.argv[0] = 'cmscheck'; main()"


def child_cpu(cmd: list[str]) -> float:
    """CPU seconds of a command and everything it started (they are waited for, so counted)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f}  median {statistics.median(values):.2f}  max {max(values):.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 runs per example")
    ap.add_argument("--runs", type=int, default=None)
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    print(f"cmscheck from {SRC}; CPU time of `cmscheck site` and of plain `mkdocs build`s of the same project (every language)")
    with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
        for name, example in EXAMPLES.items():
            project = Path(tmp) / f"{name}-project"
            child_cpu([sys.executable, "-c", CLI, "site", str(example), "-o", str(project), "--no-build"])
            ratios, sites, plains = [], [], []
            for i in range(runs):  # interleaved, so both see the same load on the machine
                site = child_cpu([sys.executable, "-c", CLI, "site", str(example), "-o", str(Path(tmp) / f"{name}-site")])
                # every language's project (the root one and each under its folder): the same pages
                plain = 0.0
                for k, config in enumerate(sorted(project.rglob("mkdocs.yml"))):
                    html = Path(tmp) / f"{name}-html-{k}"
                    shutil.rmtree(html, ignore_errors=True)
                    plain += child_cpu([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(html)])
                sites.append(site)
                plains.append(plain)
                ratios.append(site / plain)
            print(f"(d) {name} example: cmscheck site ÷ mkdocs build  {spread(ratios)}   "
                  f"[cmscheck site s {spread(sites)}; mkdocs build s {spread(plains)}]", flush=True)


if __name__ == "__main__":
    main()
