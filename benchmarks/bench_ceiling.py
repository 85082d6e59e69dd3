"""Benchmark (not a test): how far figure (c) could go if a part of the work cost nothing.

(c) is steel bundles per CPU-second (bench_evaluate.py --only c). Here the same batch.run over N copies of
the steel example is timed as it is, and again with one or two parts replaced by their own result from the
first copy, reused for every other copy: the manifest's YAML read (`--free yaml`) and the durable-rules
run (`--free engine`). The copies are identical, so the reused results are the ones each copy would get
(the reports are not looked at: citations would name the first copy's manifest). What is left is an upper
bound on what making that part faster can give: if (c) with both free stays under a target, no change to
those parts alone reaches it.

Beside them, in the same minutes: the same copies only read, as figure (a)'s reference reads them
(bench_evaluate.parse_inputs: the manifest with PyYAML's C loader, CSV with the csv module, every other
file read and decoded). Its bundles per CPU-second bound what any tool reading these inputs gets through;
a target for (c) near it asks an evaluation to cost little more than that reading, where (a) allows 2×.

    python3 benchmarks/bench_ceiling.py                 # N = 200, 3 runs of each variant
    python3 benchmarks/bench_ceiling.py --n 400 --runs 5
    python3 benchmarks/bench_ceiling.py --target 50     # also: what an evaluation may cost, × the reading, for 50 a CPU-second

Numbers are printed, never asserted. Measured in one process, the variants alternating run by run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src"))
sys.path.insert(1, str(HERE))

import generate  # noqa: E402
from bench_evaluate import parse_cpu  # noqa: E402 - figure (a)'s reference parse, with Python's collector settings
from cmscheck import batch, engine, gcpolicy, pipeline  # noqa: E402
from cmscheck import thresholds as th  # noqa: E402
from cmscheck.bundle import loader  # noqa: E402

VARIANTS = [(), ("yaml",), ("engine",), ("yaml", "engine")]


def _free(parts: tuple[str, ...]):
    """Replace the parts named by a first-result cache; returns the function that puts them back."""
    saved = (loader._read_manifest, engine.run)
    if "yaml" in parts:
        first_manifest: dict = {}

        def read_manifest(mpath, shown):
            if "doc" not in first_manifest:
                first_manifest["doc"] = saved[0](mpath, shown)
            return first_manifest["doc"]
        loader._read_manifest = read_manifest
    if "engine" in parts:
        first_run: dict = {}

        def run(ruleset, facts):
            if id(ruleset) not in first_run:
                first_run[id(ruleset)] = saved[1](ruleset, facts)
            return first_run[id(ruleset)]
        engine.run = run

    def restore() -> None:
        loader._read_manifest, engine.run = saved
    return restore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="steel bundles per run (default 200)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each variant (default 3)")
    ap.add_argument("--target", type=float, default=50.0, help="bundles per CPU-second to compare with (default 50, issue 16's)")
    args = ap.parse_args()
    gcpolicy.start_up()
    pipeline.load_inputs()  # once, as the command line does: batch.run finds them loaded
    opts = batch.Options(pipeline.Options(thresholds=th.from_fail_on("severe")), "text", render=False)
    rates: dict[tuple, list[float]] = {v: [] for v in VARIANTS}
    reading: list[float] = []  # the reference parse of the same copies, bundles per CPU-second
    with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
        paths = generate.steel(Path(tmp), args.n)
        names = batch.report_names(paths)
        batch.run(paths[:2], names[:2], opts)  # warm
        for _ in range(args.runs):
            for variant in VARIANTS:
                restore = _free(variant)
                try:
                    start = time.process_time()
                    batch.run(paths, names, opts)
                    rates[variant].append(args.n / (time.process_time() - start))
                finally:
                    restore()
            reading.append(args.n / sum(parse_cpu(p) for p in paths))
    for variant, values in rates.items():
        label = " and ".join(variant) + " free" if variant else "as it is"
        print(f"(c) steel bundles per CPU-second, {label:<20} median {statistics.median(values):.1f}  "
              f"(min {min(values):.1f}, max {max(values):.1f})", flush=True)
    print(f"(c) steel bundles per CPU-second, {'reading only':<20} median {statistics.median(reading):.1f}  "
          f"(min {min(reading):.1f}, max {max(reading):.1f})   [(a)'s reference parse of the same copies]")
    # per run (the variants and the reading alternate): the evaluation's cost as a multiple of the reading's,
    # and the multiple the target leaves it
    as_is = [r / e for r, e in zip(reading, rates[()])]
    allowed = [r / args.target for r in reading]
    print(f"    an evaluation as it is costs {statistics.median(as_is):.2f}× the reading (min {min(as_is):.2f}, "
          f"max {max(as_is):.2f}); {args.target:g} a CPU-second allows {statistics.median(allowed):.2f}× "
          f"(min {min(allowed):.2f}, max {max(allowed):.2f}); figure (a)'s target allows 2×")


if __name__ == "__main__":
    main()
