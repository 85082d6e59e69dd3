"""Benchmark (not a test): instructions per steel evaluation, counted by valgrind's callgrind.

CPU times on a shared machine move by tens of percent from one run to the next; instruction counts
move by a few percent (with Python's hash seed), so they show what a change to the code saves. Two
processes are counted: one loads the catalog and rules and evaluates the bundle WARM times; the other
evaluates it WARM + N times. The difference ÷ N is one evaluation, start-up and first-use caches
excluded. Both use one private cmscheck cache folder, filled first: a cache rebuilt in between (by
another checkout's run) would count in one total and not the other.

    python3 benchmarks/bench_instructions.py                      # steel example, N = 10
    CMSCHECK_SRC=../before/src python3 benchmarks/bench_instructions.py
    python3 benchmarks/bench_instructions.py --bundle PATH -n 20

Needs valgrind (Debian: apt-get install valgrind); about a minute and a half. Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM = 3


def child(bundle: str, n: int) -> None:
    """The counted process: inputs loaded, WARM evaluations, then n more, as the command line runs them."""
    sys.path.insert(0, os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src"))
    from cmscheck import gcpolicy, pipeline
    from cmscheck import thresholds as th

    gcpolicy.start_up()
    inputs = pipeline.load_inputs()
    opts = pipeline.Options(thresholds=th.from_fail_on("severe"))
    for _ in range(WARM + n):
        pipeline.load_and_assess(Path(bundle), inputs, opts)


def count(bundle: str, n: int, env: dict, tmp: str) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.{n}", sys.executable,
                          __file__, "--child", "--bundle", bundle, "-n", str(n)], env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not found:
        sys.exit(f"callgrind failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", default=str(HERE.parent / "examples" / "hubei-steel"))
    ap.add_argument("-n", type=int, default=10, help="evaluations counted (default 10)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.bundle, args.n)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="cmscheck-instr-") as tmp:
        env = {**os.environ, "CMSCHECK_CACHE_DIR": str(Path(tmp) / "cache")}
        subprocess.run([sys.executable, __file__, "--child", "--bundle", args.bundle, "-n", "0"], env=env, check=True)
        base, more = count(args.bundle, 0, env, tmp), count(args.bundle, args.n, env, tmp)
    src = os.environ.get("CMSCHECK_SRC") or str(HERE.parent / "src")
    print(f"cmscheck from {src}; {args.bundle}: {(more - base) / args.n / 1e6:.2f} M instructions per evaluation "
          f"(callgrind, ({WARM}+{args.n} evaluations) - ({WARM}) ÷ {args.n})")


if __name__ == "__main__":
    main()
