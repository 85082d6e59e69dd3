"""Benchmark (not a test): a park of many members, its CPU time and its peak memory.

Generates examples/park with N members (copies of its three members in turn, benchmarks/generate.py)
and runs `cmscheck evaluate PARK -o FILE` on it in a fresh subprocess per run, which reports its own
CPU time (user + system) and peak resident memory (ru_maxrss) at exit. Figures:

(c) t(N_large) / t(N_small) for the park (CPU time of the whole command, start-up included), and the
    peak memory of each size: memory should stay flat in the number of members.

    python3 benchmarks/bench_park.py                  # N = 100 and 1000, 5 runs each for 100, 3 for 1000
    python3 benchmarks/bench_park.py --quick          # N = 10 and 100, 3 runs
    python3 benchmarks/bench_park.py --format json    # the JSON report instead of text (it holds every
                                                      # member's record, so it grows with N by nature)
    CMSCHECK_SRC=/path/to/other/src python3 benchmarks/bench_park.py

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src")
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

# Runs the CLI, then prints its own resource use: CPU seconds and peak memory (KiB on Linux).
CHILD = """
import json, resource, sys
from cmscheck.cli import main
try:
    main()
except SystemExit:
    pass
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": r.ru_utime + r.ru_stime, "maxrss_kb": r.ru_maxrss}), file=sys.stderr)
"""


def run_once(park: Path, fmt: str, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.run([sys.executable, "-c", CHILD, "evaluate", str(park), "--format", fmt, "-o", str(out)],
                          env=env, capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    try:
        return json.loads(last)
    except json.JSONDecodeError:
        raise SystemExit(f"the run failed:\n{proc.stderr[-2000:]}")


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return "min " + fmt.format(min(values)) + "  median " + fmt.format(statistics.median(values)) + "  max " + fmt.format(max(values))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="N = 10 and 100")
    ap.add_argument("--sizes", default=None, help="two comma-separated member counts (default 100,1000)")
    ap.add_argument("--runs", default=None, help="runs per size, comma-separated (default 5,3; --quick 3,3)")
    ap.add_argument("--format", default="text", help="report format (default text)")
    args = ap.parse_args()
    small, large = (int(x) for x in (args.sizes or ("10,100" if args.quick else "100,1000")).split(","))
    runs_small, runs_large = (int(x) for x in (args.runs or ("3,3" if args.quick else "5,3")).split(","))
    print(f"cmscheck from {SRC}; report format {args.format}; CPU time and peak memory of `cmscheck evaluate PARK` per run")
    with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
        parks = {n: generate.park(Path(tmp), n) for n in (small, large)}
        out = Path(tmp) / "report"
        results = {small: [], large: []}
        # interleaved, so both sizes see the same load on the machine
        for i in range(max(runs_small, runs_large)):
            for n, runs in ((small, runs_small), (large, runs_large)):
                if i < runs:
                    results[n].append(run_once(parks[n], args.format, out))
        for n in (small, large):
            r = results[n]
            print(f"park of {n:>5} members: CPU s {spread([x['cpu'] for x in r])}   "
                  f"peak MB {spread([x['maxrss_kb'] / 1024 for x in r], '{:.0f}')}   ({len(r)} runs)")
        ratios = [a["cpu"] / b["cpu"] for a, b in zip(results[large], results[small])]
        print(f"(c) park t({large})/t({small})  {spread(ratios)}   "
              f"peak memory {large} ÷ {small} members  {spread([a['maxrss_kb'] / b['maxrss_kb'] for a, b in zip(results[large], results[small])])}")


if __name__ == "__main__":
    main()
