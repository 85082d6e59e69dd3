"""Benchmark (not a test): how many bundles per second `cmscheck evaluate DIR` gets through.

Generates N synthetic bundles, copies of tests/bundles/complete with their own organization name and
varied numbers (activity data, budget, staff; every 10th with a reported figure 5 % off, so some
bundles raise findings), then times, for each N:

- bare YAML: yaml.safe_load of the same N manifests, with PyYAML's C loader where built and with the
  pure-Python SafeLoader that cmscheck uses (it needs line numbers for every value);
- cmscheck: batch.run over the N bundles (load, check, evaluate, waivers, thresholds, summary row),
  in one process and in --jobs processes; the catalog and rules load once beforehand (timed apart).
  With -j1 the CPU time per bundle is printed too: wall-clock numbers move with other load on the machine.

    python3 benchmarks/bench_evaluate.py                   # N = 10, 100, 1000; jobs 1 and every CPU
    python3 benchmarks/bench_evaluate.py --sizes 10 --jobs 2 --format json

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cmscheck import batch, pipeline  # noqa: E402
from cmscheck.render import formats  # noqa: E402
from cmscheck import thresholds as th  # noqa: E402

TEMPLATE = ROOT / "tests" / "bundles" / "complete"


def make_bundles(dest: Path, n: int) -> list[Path]:
    base = yaml.safe_load((TEMPLATE / "cmscheck.yaml").read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        m = copy.deepcopy(base)
        m["organization"]["name"] = f"合成钢铁企业{i:04d}有限公司（基准测试）"
        k = 1 + (i % 10) / 100
        inv = m["data"]["inventory"][0]
        total = 0.0
        for src in inv["sources"]:
            src["activity"]["value"] = round(src["activity"]["value"] * k, 3)
            reported = src["activity"]["value"] * src["factor"]["value"] * src.get("oxidation", 1)
            src["reported"]["value"] = round(reported * (1.05 if i % 10 == 9 else 1), 3)
            total += src["reported"]["value"]
        inv["total"]["value"] = round(total, 3)
        inv["intensity"]["value"] = round(total / inv["output"]["value"], 6)
        res = m["data"]["resources"]
        res["budget_spent"] = res["budget_spent"] + 1000 * i
        res["staff_actual"] = res["staff_planned"] - (1 if i % 7 == 6 else 0)
        folder = dest / f"bundle-{i:04d}"
        shutil.copytree(TEMPLATE, folder, ignore=shutil.ignore_patterns("cmscheck.yaml"))
        (folder / "cmscheck.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.append(folder)
    return out


def bare_yaml(paths: list[Path], loader) -> float:
    start = time.perf_counter()
    for p in paths:
        yaml.load((p / "cmscheck.yaml").read_text(encoding="utf-8"), Loader=loader)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000", help="comma-separated N")
    ap.add_argument("--jobs", default=None, help="comma-separated worker counts (default: 1 and every CPU)")
    ap.add_argument("--format", default=None, choices=formats.names("assessment"), help="also render this report per bundle (as -o DIR does)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    cpus = os.cpu_count() or 1
    jobs = [int(x) for x in args.jobs.split(",")] if args.jobs else sorted({1, cpus})

    start = time.perf_counter()
    pipeline.load_inputs()  # once; forked workers inherit it
    print(f"python {sys.version.split()[0]}, {cpus} CPUs; catalog + rules loaded once in {time.perf_counter() - start:.2f} s")
    c_loader = getattr(yaml, "CSafeLoader", None)
    print(f"{'N':>6} {'bare YAML (C)':>14} {'bare YAML (py)':>15} " + " ".join(f"{f'cmscheck -j{j}':>22}" for j in jobs)
          + (f" {'CPU/bundle -j1':>12}" if 1 in jobs else ""))
    opts = batch.Options(pipeline.Options(thresholds=th.from_fail_on("severe")), args.format or "text", render=args.format is not None)
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="cmscheck-bench-") as tmp:
            paths = make_bundles(Path(tmp), n)
            t_c = bare_yaml(paths, c_loader) if c_loader else float("nan")
            t_py = bare_yaml(paths, yaml.SafeLoader)
            cells = []
            cpu = float("nan")
            for j in jobs:
                start, cpu0 = time.perf_counter(), time.process_time()
                outcomes = batch.run(paths, batch.report_names(paths), opts, jobs=j)
                took = time.perf_counter() - start
                if j == 1:  # CPU time of the one process: less disturbed by other load on the machine
                    cpu = (time.process_time() - cpu0) / n
                broken = sum(o.exit == 2 for o in outcomes)
                if broken:
                    print(f"  {broken} bundles could not be evaluated: {outcomes[0].problems[:1]}", file=sys.stderr)
                cells.append(f"{took:7.2f} s {n / took:7.1f}/s")
            print(f"{n:>6} {t_c:>12.3f} s {t_py:>13.3f} s " + " ".join(f"{c:>22}" for c in cells)
                  + (f" {cpu * 1000:>9.0f} ms" if 1 in jobs else ""), flush=True)


if __name__ == "__main__":
    main()
