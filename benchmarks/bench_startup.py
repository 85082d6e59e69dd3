"""Benchmark (not a test): what one CLI run costs next to importing the dependencies it needs.

Prints, as CPU time (user + system of the child process, from os.wait4), min / median / max over
--runs runs of each:

- deps: a fresh interpreter importing exactly the third-party modules the CLI run below ends up with
  in sys.modules (found by running it once: pydantic, yaml, click, durable, rich, pint where the bundle
  converts units, ...); the floor a run of cmscheck cannot go below;
- cli cold: `cmscheck evaluate examples/hubei-steel --format text` as the first run after cmscheck or
  its data changed: a cache folder (CMSCHECK_CACHE_DIR) without cmscheck's parsed data (the run parses
  standards/ and rules/ and writes them) but with pint's parse of its own unit definitions, which
  depends on pint's version alone and so outlives such a change (units.py);
- cli first: the same run with an empty cache folder, as the very first run after installing
  (pint parses its definitions too, ~0.3 s);
- cli warm: the same run with the cache folder a previous run filled;
- cli no cache: CMSCHECK_NO_CACHE=1;
and the ratios cli ÷ deps (issue 16's figure (b); target <= 2, for cold and warm). Then the parse of the steel manifest
by yamlio with libyaml's parser (CSafeLoader) and with the pure-Python one, in process.

Every child process reads and writes compiled bytecode in a folder of its own (PYTHONPYCACHEPREFIX,
PYTHONDONTWRITEBYTECODE unset), filled by the first run: as an installed cmscheck runs (pip compiles
it), and as its dependencies always do. Without it, a shell with PYTHONDONTWRITEBYTECODE=1 and a
checkout without __pycache__ would time the compiling of cmscheck's ~150 modules (~0.1 s) on every
run, next to dependencies read from their compiled files. --no-bytecode-cache measures that way.

    python3 benchmarks/bench_startup.py                    # this checkout's src/
    python3 benchmarks/bench_startup.py --src /work/before/src --runs 7

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = "examples/hubei-steel"
CLI = "import sys; from cmscheck.cli import main; sys.argv[0] = 'cmscheck'; main()"
# run once to learn which third-party modules the CLI run imports (printed as JSON on stderr's last line)
PROBE = ("import atexit, json, sys\n"
         "def _report():\n"
         "    names = sorted(m for m in sys.modules if m.split('.')[0] not in sys.stdlib_module_names\n"
         "                   and m.split('.')[0] not in ('cmscheck', '__main__', '_distutils_hack') and sys.modules[m] is not None)\n"
         "    print('\\nPROBE ' + json.dumps(names), file=sys.stderr)\n"
         "atexit.register(_report)\n" + CLI)


def cpu(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> float:
    """CPU seconds (user + system) of one child process."""
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:  # 1: the steel example breaks the default --fail-on severe
        raise SystemExit(f"{args[:3]} exited {proc.returncode}: {err[-2000:].decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def stats(xs: list[float]) -> str:
    return f"min {min(xs):.3f}  median {statistics.median(xs):.3f}  max {max(xs):.3f} s"


PYC: dict[str, str] = {}  # the bytecode folder of the child processes (main() sets it), or empty


def env_for(src: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMSCHECK_")}
    if PYC:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPATH=str(src), PYTHONHASHSEED="0", LANG="C.UTF-8", **PYC, **extra)
    return env


def dependencies(src: Path, cache: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, "evaluate", BUNDLE, "--format", "text"], cwd=ROOT,
                         env=env_for(src, CMSCHECK_CACHE_DIR=cache), capture_output=True, text=True)
    line = [ln for ln in out.stderr.splitlines() if ln.startswith("PROBE ")][-1]
    return json.loads(line[len("PROBE "):])


def yaml_parse(src: Path, runs: int) -> None:
    sys.path.insert(0, str(src))
    import yaml

    from cmscheck import yamlio

    text = (ROOT / BUNDLE / "cmscheck.yaml").read_text(encoding="utf-8")
    pure = getattr(yamlio, "PureLoader", None)
    if pure is None:  # an older yamlio: the same constructors on the pure-Python loader
        class pure(yaml.SafeLoader):  # noqa: N801
            pass
        pure.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
        pure.add_constructor("tag:yaml.org,2002:set", yamlio.construct_set_as_list)
    cases = {"yamlio, default loader": lambda: yamlio.loads(text, "m"),
             "yamlio, pure-Python loader": lambda: yamlio.loads(text, "m", pure),
             "yaml.load CSafeLoader (no lines)": lambda: yaml.load(text, Loader=yaml.CSafeLoader)}
    print(f"\nparse of {BUNDLE}/cmscheck.yaml ({len(text.encode()):,} bytes), CPU per parse, {runs * 10} parses each:")
    print(f"  default loader of yamlio: {yamlio._Loader.__mro__[1].__name__}")
    results = {}
    for name, fn in cases.items():
        xs = []
        for _ in range(runs * 10):
            t = time.process_time()
            fn()
            xs.append(time.process_time() - t)
        results[name] = xs
        print(f"  {name:36s} " + stats([x * 1000 for x in xs]).replace(" s", " ms"))
    c, p = (statistics.median(results[k]) for k in ("yamlio, default loader", "yamlio, pure-Python loader"))
    print(f"  pure ÷ default (median): {p / c:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the cmscheck source to measure (e.g. /work/before/src)")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="run the children with the environment as it is (PYTHONDONTWRITEBYTECODE kept)")
    a = ap.parse_args()
    src = a.src.resolve()
    cli = [sys.executable, "-c", CLI, "evaluate", BUNDLE, "--format", "text"]
    with tempfile.TemporaryDirectory() as tmp:
        if not a.no_bytecode_cache:
            PYC["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
        warm = str(Path(tmp) / "warm")
        deps = dependencies(src, warm)  # this first run also fills the warm cache
        imports = ("import importlib\n"
                   f"for name in {deps!r}:\n"
                   "    try:\n        importlib.import_module(name)\n"
                   "    except Exception:\n        pass\n")
        roots = sorted({m.split(".")[0] for m in deps})
        print(f"cmscheck from {src}; {a.runs} runs each; CPU time (user+sys) of the child process; "
              f"bytecode {'as the environment has it' if a.no_bytecode_cache else 'cached (PYTHONPYCACHEPREFIX)'}")
        print(f"dependencies the CLI run imports ({len(deps)} modules): {', '.join(roots)}")
        times: dict[str, list[float]] = {"deps": [], "cli cold": [], "cli first": [], "cli warm": [], "cli no cache": []}
        pint_caches = sorted(Path(warm).glob("pint-*"))  # pint's own cache, as the probe run left it
        for i in range(a.runs):  # interleaved, so that load on the machine touches every series alike
            times["deps"].append(cpu([sys.executable, "-c", imports], env_for(src), ok=(0,)))
            cold = Path(tmp) / f"cold{i}"
            for folder in pint_caches:
                shutil.copytree(folder, cold / folder.name)
            times["cli cold"].append(cpu(cli, env_for(src, CMSCHECK_CACHE_DIR=str(cold))))
            times["cli first"].append(cpu(cli, env_for(src, CMSCHECK_CACHE_DIR=str(Path(tmp) / f"first{i}"))))
            times["cli warm"].append(cpu(cli, env_for(src, CMSCHECK_CACHE_DIR=warm)))
            times["cli no cache"].append(cpu(cli, env_for(src, CMSCHECK_NO_CACHE="1")))
        for name, xs in times.items():
            print(f"  {name:13s} {stats(xs)}")
        d = times["deps"]
        for name in ("cli cold", "cli first", "cli warm", "cli no cache"):
            xs = times[name]
            # paired: each run ÷ the deps run just before it, so load on the shared machine hits both alike
            paired = [x / y for x, y in zip(xs, d)]
            print(f"(b) {name} ÷ deps: median {statistics.median(xs) / statistics.median(d):.2f}x  "
                  f"(min/min {min(xs) / min(d):.2f}x, max/max {max(xs) / max(d):.2f}x; "
                  f"paired min {min(paired):.2f}x median {statistics.median(paired):.2f}x max {max(paired):.2f}x)")
    yaml_parse(src, a.runs)


if __name__ == "__main__":
    main()
