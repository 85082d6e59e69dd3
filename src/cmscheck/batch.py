"""Evaluating bundles: one (the classic `cmscheck evaluate BUNDLE`) or many, in worker processes.

durable-rules keeps its state per process (one Host, one sid at a time, see engine.py), so parallel
evaluation uses processes, never threads. Each worker loads the catalog and rules once: inherited
from the parent where processes fork, loaded by the initializer where they spawn.

A bundle that cannot be loaded becomes an Outcome with its problems and exit code 2; the others run
on. Outcomes come back in the order the bundles were given, whatever order the workers finish in,
so the summary and the reports are the same bytes for any --jobs.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import pipeline
from . import thresholds as th
from . import waivers
from .problems import InputError, Problem, display
from .render import formats

MANIFEST = "cmscheck.yaml"
EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


# ---------------------------------------------------------------------------------------- finding


def is_bundle(path: Path) -> bool:
    return path.is_file() or (path / MANIFEST).is_file()


def discover(args: list[Path]) -> tuple[list[Path], bool]:
    """The bundles the command line names, and whether this is a many-bundle run.

    An argument is a bundle (a folder holding cmscheck.yaml, or the manifest itself) or a folder of
    bundles (its sub-folders holding cmscheck.yaml, in name order). Anything else is kept as given, so
    the loader reports it. One argument naming one bundle is the classic single-bundle run.
    """
    out: list[Path] = []
    many = len(args) > 1
    for arg in args:
        if arg.is_dir() and not is_bundle(arg):
            subs = sorted(p for p in arg.iterdir() if p.is_dir() and (p / MANIFEST).is_file())
            if subs:
                out += subs
                many = True
                continue
        out.append(arg)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, many


def report_names(paths: list[Path]) -> list[str]:
    """A file name stem per bundle for -o DIR: its folder name, or its path where two names clash."""
    def folder(p: Path) -> Path:
        return p.parent if p.is_file() else p

    names = [folder(p).resolve().name or "bundle" for p in paths]
    clash = {n for n, k in Counter(names).items() if k > 1}  # one count, not a scan of the list per name
    out: list[str] = []
    taken: set[str] = set()
    for p, n in zip(paths, names):
        if n in clash:
            n = display(folder(p)).strip("/").replace("/", "__").replace("\\", "__").lstrip(".") or n
        while n in taken:
            n += "_"
        out.append(n)
        taken.add(n)
    return out


# ------------------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Options:
    assess: pipeline.Options
    fmt: str
    render: bool = True  # render the report (for -o DIR); a summary alone does not need it
    # where a rendered report goes: called (in the worker) with the bundle's report name and the report in
    # pieces (a park's members in turn), it returns what the caller then finishes (cli.common.stage: the
    # staged file to rename). None: the report comes back whole, as text
    write: Callable[[str, Iterable[str]], Any] | None = None


@dataclass(frozen=True)
class Row:
    """One line of the summary: a bundle (or a park member) and its tally per evaluated standard."""

    label: str
    organization: str
    cells: dict[str, th.Tally | None]  # None: the standard does not apply


@dataclass
class Outcome:
    index: int
    path: str
    name: str
    exit: int
    problems: list[Problem] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    breaches: list[th.Breach] = field(default_factory=list)
    unused: list[waivers.Unused] = field(default_factory=list)
    report: str | None = None  # the report, rendered whole (Options.write None)
    written: Any = None  # what Options.write returned for it


def rows_of(assessment, label: str) -> list[Row]:
    cells = {s.standard: (th.tally(s) if s.applicable and s.counts is not None else None) for s in assessment.standards}
    out = [Row(label, assessment.organization.name, cells)]
    for m in assessment.members:
        out += rows_of(m, f"{label}/{m.bundle}")
    return out


def _init_worker() -> None:
    """The initializer of each worker process: its own durable-rules Host, and the inputs (inherited where
    processes fork, loaded where they spawn)."""
    from . import engine
    engine.reset_after_fork()
    pipeline.load_inputs()


def evaluate_one(index: int, path: str, name: str, opts: Options) -> Outcome:
    """Load, evaluate, judge and (optionally) render one bundle. Never raises for a broken bundle."""
    inputs = pipeline.load_inputs()
    try:
        assessed = pipeline.load_and_assess(Path(path), inputs, opts.assess, name)
    except InputError as err:
        return Outcome(index, path, name, EXIT_INPUT, problems=list(err.problems))
    except Exception as err:  # noqa: BLE001 — one bundle's crash must not stop the others; it is reported
        return Outcome(index, path, name, EXIT_INPUT, problems=[
            Problem(path, None, "", f"internal error while evaluating: {type(err).__name__}: {err}",
                    "please report this with the bundle; the other bundles were evaluated")])
    report = written = None
    if opts.render:
        fmt = formats.get(opts.fmt)
        if opts.write is None:
            report = fmt.render(assessed.context)
        else:  # written here, a member at a time: a park's report is never whole in memory
            try:
                written = opts.write(name, fmt.chunks(assessed.context))
            except InputError as err:  # its report cannot be written there: this bundle's error, the others run on
                return Outcome(index, path, name, EXIT_INPUT, problems=list(err.problems))
    return Outcome(index, path, name, EXIT_FAIL if assessed.breaches else EXIT_OK, rows=rows_of(assessed.assessment, name),
                   breaches=assessed.breaches, unused=assessed.unused, report=report, written=written)


def run(paths: list[Path], names: list[str], opts: Options, jobs: int = 1,
        done: Callable[[Outcome], None] | None = None, undo: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Evaluate every bundle; `done` is called as each finishes (for a progress bar, or to finish what
    Options.write began). The inputs loaded by the caller (pipeline.load_inputs) reach forked workers for
    free. When the run stops early (an error, Ctrl-C), `undo` is called with every outcome the workers
    finished that `done` was not: what they wrote is not left behind."""
    shown = [display(p) for p in paths]
    jobs = max(1, min(jobs, len(paths)))
    outcomes: list[Outcome] = []
    if jobs == 1:
        for i, (p, n) in enumerate(zip(shown, names)):
            outcomes.append(evaluate_one(i, p, n, opts))
            if done:
                done(outcomes[-1])
        return outcomes
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
        futures = {pool.submit(evaluate_one, i, p, n, opts): i for i, (p, n) in enumerate(zip(shown, names))}
        handed: set = set()
        try:
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    out = fut.result()
                except BrokenProcessPool as err:  # a worker died (e.g. a crash inside the rules engine)
                    out = Outcome(i, shown[i], names[i], EXIT_INPUT, problems=[
                        Problem(shown[i], None, "", f"the worker evaluating this bundle died: {err}", "run it alone to see the error")])
                outcomes.append(out)
                handed.add(fut)
                if done:
                    done(out)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            for fut in futures:
                if undo and fut not in handed and not fut.cancelled() and fut.exception() is None:
                    undo(fut.result())
            raise
    return sorted(outcomes, key=lambda o: o.index)


def default_jobs(jobs: int) -> int:
    """--jobs 0 means one process per CPU."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)
