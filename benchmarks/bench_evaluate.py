"""Benchmark (not a test): what one bundle costs, and how many bundles a CPU-second gets through.

Figures, each a ratio of two timings taken in the same run (CPU time of this process: numbers move
less with other load on a shared machine than wall-clock time does):

(a) per-bundle evaluation ÷ parsing the same inputs. Evaluation: `pipeline.load_and_assess` of one
    bundle (load, check, facts, rules, findings, waivers, thresholds) once the catalog and rules are
    loaded. Parsing: what any tool must do to read that bundle: the manifest with PyYAML's C loader,
    every CSV through the csv module, every other file read and decoded. For the steel example
    (examples/hubei-steel) and a generated bundle of 50 sources and 100,000 raw records.
(c) many bundles: batch.run (as `cmscheck evaluate DIR`) over N copies of the steel example in one
    process: t(N_large) / t(N_small), and steel bundles per CPU-second. Without --format, as `cmscheck
    evaluate DIR` prints its summary (issue 16's figure); with --format F, each bundle's report is rendered
    too, as `cmscheck evaluate DIR --format F -o OUT` writes it (the file's write left out).

    python3 benchmarks/bench_evaluate.py               # 5 runs each; (c) N = 100 and 1000 (--many-runs 2: faster)
    python3 benchmarks/bench_evaluate.py --quick       # smaller: (a) 3 runs, 10,000 raw records; (c) N = 10 and 100
    python3 benchmarks/bench_evaluate.py --only c --format json   # (c) with every bundle's JSON report rendered
    CMSCHECK_SRC=/path/to/other/src python3 benchmarks/bench_evaluate.py   # the same figures for another checkout
    python3 benchmarks/bench_evaluate.py --gc python   # with Python's collector settings, as a program importing cmscheck has them

The garbage collector is set as the command line sets it (cmscheck.gcpolicy: a raised threshold while
the catalog and rules load, then everything loaded frozen), since (a) and (c) stand for what
`cmscheck evaluate` does; `--gc python` keeps Python's defaults (figures measured before 2026-12-02 did).
The reference parse always runs with Python's default thresholds (parse_cpu), so a change to cmscheck's
own collector settings moves the evaluation, never the reference it is divided by.

Numbers are printed, never asserted. docs/performance.md gives the figures measured and the targets.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src"))
sys.path.insert(1, str(HERE))

import generate  # noqa: E402
from cmscheck import batch, pipeline  # noqa: E402
from cmscheck import thresholds as th  # noqa: E402
from cmscheck.render import formats  # noqa: E402

C_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_inputs(folder: Path) -> None:
    """Read every file of a bundle the cheapest way: the manifest with the C YAML loader, CSV with the
    csv module, the rest read and decoded."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.name == "cmscheck.yaml":
            yaml.load(path.read_text(encoding="utf-8"), Loader=C_LOADER)
        elif path.suffix == ".csv":
            list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        else:
            path.read_bytes().decode("utf-8", errors="replace")


PYTHON_GC = (700, 10, 10)  # Python's default thresholds: the reference parse runs as a plain script would


def parse_cpu(folder: Path) -> float:
    """The reference parse's CPU time, with Python's collector thresholds whatever cmscheck's command line
    set: the reference must not move when cmscheck changes its own settings (a raised threshold makes
    csv.reader's 100,000 rows about a quarter cheaper, which would shrink the reference, not the work)."""
    saved = gc.get_threshold()
    gc.set_threshold(*PYTHON_GC)
    try:
        return cpu(parse_inputs, folder)
    finally:
        gc.set_threshold(*saved)


def cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return "min " + fmt.format(min(values)) + "  median " + fmt.format(statistics.median(values)) + "  max " + fmt.format(max(values))


def per_bundle(label: str, folder: Path, inputs, runs: int) -> None:
    opts = pipeline.Options(thresholds=th.from_fail_on("severe"))
    pipeline.load_and_assess(folder, inputs, opts)  # warm: first-use caches (units, selections) are not per bundle
    ratios, evals, parses = [], [], []
    for _ in range(runs):  # interleaved, so both sides see the same load on the machine
        p = parse_cpu(folder)
        e = cpu(pipeline.load_and_assess, folder, inputs, opts)
        parses.append(p)
        evals.append(e)
        ratios.append(e / p)
    print(f"(a) {label}: evaluation ÷ parse  {spread(ratios)}   "
          f"[evaluation ms {spread([e * 1000 for e in evals], '{:.0f}')}; parse ms {spread([p * 1000 for p in parses], '{:.1f}')}]", flush=True)


def many(small: int, large: int, inputs, runs: int, fmt: str | None = None) -> None:
    opts = batch.Options(pipeline.Options(thresholds=th.from_fail_on("severe")), fmt or "text", render=fmt is not None)
    with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
        paths = generate.steel(Path(tmp), large)
        names = batch.report_names(paths)
        batch.run(paths[:2], names[:2], opts)  # warm
        ratios, rates = [], []
        for _ in range(runs):
            t_small = cpu(batch.run, paths[:small], names[:small], opts)
            t_large = cpu(batch.run, paths, names, opts)
            ratios.append(t_large / t_small)
            rates.append(large / t_large)
        print(f"(c) {large} ÷ {small} steel bundles{f', {fmt} report rendered' if fmt else ''}: t({large})/t({small})  {spread(ratios)}   "
              f"steel bundles per CPU-second  {spread(rates, '{:.1f}')}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs and fewer runs")
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 5, --quick 3)")
    ap.add_argument("--only", choices=("a", "c"), default=None, help="one figure only")
    ap.add_argument("--many-runs", type=int, default=None, help="runs of (c) (default: as --runs; each is N_small + N_large bundles)")
    ap.add_argument("--format", default=None, choices=formats.names("assessment"),
                    help="(c) only: render each bundle's report in this format; default: none, as a summary run")
    ap.add_argument("--gc", choices=("cli", "python"), default="cli",
                    help="garbage collector as the command line sets it (default) or Python's defaults")
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    if args.gc == "cli":
        try:
            from cmscheck import gcpolicy
        except ImportError:  # a checkout from before gcpolicy (CMSCHECK_SRC): its command line had none
            args.gc = "python"
        else:
            gcpolicy.start_up()  # as cli does first; load_inputs then settles it (freezes what is loaded)
    start = time.process_time()
    inputs = pipeline.load_inputs()
    print(f"python {sys.version.split()[0]}; cmscheck from {Path(pipeline.__file__).parent.parent}; "
          f"catalog + rules loaded once in {time.process_time() - start:.2f} CPU s; C loader: {C_LOADER.__name__}; "
          f"garbage collector: {'as the command line sets it' if args.gc == 'cli' else 'Python defaults'}")
    if args.only in (None, "a"):
        per_bundle("steel example", generate.STEEL, inputs, runs)
        raw = 10_000 if args.quick else 100_000
        with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
            per_bundle(f"50 sources, {raw:,} raw records", generate.big(Path(tmp), 50, raw), inputs, runs)
    if args.only in (None, "c"):
        small, large = (10, 100) if args.quick else (100, 1000)
        many(small, large, inputs, args.many_runs or runs, args.format)


if __name__ == "__main__":
    main()
