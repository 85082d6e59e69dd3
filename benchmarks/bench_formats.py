"""Benchmark (not a test): what each report format costs, as a ratio to the evaluation it renders.

For the steel example and the park example: one evaluation (`pipeline.load_and_assess`, catalog and
rules loaded, the cross-standard comparison included), then every assessment format of `--format`
(text, json, markdown, sarif, junit, oscal-ar, oscal-poam) and the comparison's, each rendered RUNS
times. Printed per format: render CPU time ÷ the evaluation's (median of the runs, min–max), both
measured in this run. A format far above the others renders something it should not work so hard at
(JUnit was 30–38× the evaluation before junitparser's suites were filled at once: see
docs/performance.md).

    python3 benchmarks/bench_formats.py              # 5 runs
    python3 benchmarks/bench_formats.py --runs 3
    CMSCHECK_SRC=/path/to/other/src python3 benchmarks/bench_formats.py

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src"))

from cmscheck import pipeline  # noqa: E402
from cmscheck.render import formats  # noqa: E402

EXAMPLES = HERE.parent / "examples"


def cpu(fn, *args):
    start = time.process_time()
    out = fn(*args)
    return time.process_time() - start, out


def one(label: str, folder: Path, inputs, runs: int) -> None:
    opts = pipeline.Options(compare=True)
    pipeline.load_and_assess(folder, inputs, opts)  # warm: first-use caches are not the evaluation's
    evals, ctx = [], None
    for _ in range(runs):
        t, assessed = cpu(pipeline.load_and_assess, folder, inputs, opts)
        evals.append(t)
        ctx = assessed.context
    evaluation = statistics.median(evals)
    print(f"{label}: evaluation {evaluation * 1000:.0f} ms (median of {runs})", flush=True)
    for subject in ("assessment", "comparison"):
        for name in formats.names(subject):
            fmt = formats.get(name, subject)
            fmt.render(ctx)  # warm: the renderer's module imported, its templates built
            ratios = [cpu(fmt.render, ctx)[0] / evaluation for _ in range(runs)]
            print(f"  {subject:10s} {name:10s} render ÷ evaluation  median {statistics.median(ratios):.2f}  "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    inputs = pipeline.load_inputs()
    print(f"python {sys.version.split()[0]}; cmscheck from {Path(pipeline.__file__).parent.parent}")
    one("steel example", EXAMPLES / "hubei-steel", inputs, args.runs)
    one("park example (3 members)", EXAMPLES / "park", inputs, args.runs)


if __name__ == "__main__":
    main()
