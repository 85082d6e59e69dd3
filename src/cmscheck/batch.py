"""Evaluating bundles: one (the classic `cmscheck evaluate BUNDLE`) or many, in worker processes.

durable-rules keeps its state per process (one Host, one sid at a time, see engine.py), so parallel
evaluation uses processes, never threads. Each worker loads the catalog and rules once: inherited
from the parent where processes fork, loaded by the initializer where they spawn.

A bundle that cannot be loaded becomes an Outcome with its problems and exit code 2; the others run
on. Outcomes come back in the order the bundles were given, whatever order the workers finish in,
so the summary and the reports are the same bytes for any --jobs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import thresholds as th
from . import waivers
from .i18n import table
from .problems import InputError, Problem, display

MANIFEST = "cmscheck.yaml"
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "sarif": "sarif", "junit": "xml"}
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
    clash = {n for n in names if names.count(n) > 1}
    out = []
    for p, n in zip(paths, names):
        if n in clash:
            n = display(folder(p)).strip("/").replace("/", "__").replace("\\", "__").lstrip(".") or n
        while n in out:
            n += "_"
        out.append(n)
    return out


# ------------------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Options:
    standards: list[str] | None
    as_of: dt.date | None
    fmt: str
    lang: str
    thresholds: th.Thresholds
    render: bool = True  # render the report (for -o DIR); a summary alone does not need it


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
    report: str | None = None


def where_of(bundle):
    """Where a loaded bundle (and its members) lie, as SARIF locations want them: relative to the working
    directory (the repository root in CI) when below it."""
    from .render.sarif_report import Where, base_uri
    return Where(base_uri(display(bundle.root)), tuple(where_of(m) for m in bundle.members))


def render_report(fmt: str, assessment, lang: str, ruleset, bundle) -> str:
    """The report in one format. SARIF also gets the rule metadata and the bundle's place on disk."""
    from .render import renderers
    if fmt == "sarif":
        from .render import sarif_report
        return sarif_report.render(assessment, lang, sarif_report.rule_infos(ruleset), where_of(bundle))
    return renderers()[fmt](assessment, lang)


def assess(bundle, catalog, ruleset, standards, as_of):
    """Evaluate a loaded bundle and mark its waived findings; InputError for a waiver naming no rule."""
    from .evaluate import evaluate
    problems = waivers.check(bundle, (r.id for r in ruleset.rules))
    if problems:
        raise InputError(problems)
    assessment = evaluate(bundle, catalog, ruleset, standards, as_of)
    return waivers.apply(assessment, bundle)


def rows_of(assessment, label: str) -> list[Row]:
    cells = {s.standard: (th.tally(s) if s.applicable and s.counts is not None else None) for s in assessment.standards}
    out = [Row(label, assessment.organization.name, cells)]
    for m in assessment.members:
        out += rows_of(m, f"{label}/{m.bundle}")
    return out


_STATE: tuple | None = None  # (catalog, ruleset) of this process


def _fresh_engine() -> None:
    """A forked worker starts its own durable-rules Host. One inherited from a parent that already ran the
    engine (a test, a library caller) lost its threads in the fork, and its lock may be held forever."""
    from . import engine
    if engine._host is not None:
        engine._host, engine._registered, engine._lock = None, set(), threading.Lock()


def _load_state() -> None:
    global _STATE
    if _STATE is None:
        from .catalog import load_catalog
        from .rules import load_rules
        _STATE = (load_catalog(), load_rules())


def _init_worker() -> None:
    """The initializer of each worker process."""
    _fresh_engine()
    _load_state()


def evaluate_one(index: int, path: str, name: str, opts: Options) -> Outcome:
    """Load, evaluate, judge and (optionally) render one bundle. Never raises for a broken bundle."""
    from .bundle import load_bundle
    _load_state()
    catalog, ruleset = _STATE
    try:
        bundle = load_bundle(Path(path), catalog)
        assessment, unused = assess(bundle, catalog, ruleset, opts.standards, opts.as_of)
    except InputError as err:
        return Outcome(index, path, name, EXIT_INPUT, problems=list(err.problems))
    except Exception as err:  # noqa: BLE001 — one bundle's crash must not stop the others; it is reported
        return Outcome(index, path, name, EXIT_INPUT, problems=[
            Problem(path, None, "", f"internal error while evaluating: {type(err).__name__}: {err}",
                    "please report this with the bundle; the other bundles were evaluated")])
    breaches = th.judge(assessment, opts.thresholds, name)
    report = render_report(opts.fmt, assessment, opts.lang, ruleset, bundle) if opts.render else None
    return Outcome(index, path, name, EXIT_FAIL if breaches else EXIT_OK, rows=rows_of(assessment, name),
                   breaches=breaches, unused=unused, report=report)


def run(paths: list[Path], names: list[str], opts: Options, jobs: int = 1,
        done: Callable[[Outcome], None] | None = None, state: tuple | None = None) -> list[Outcome]:
    """Evaluate every bundle; `done` is called as each finishes (for a progress bar). `state` is the
    (catalog, ruleset) already loaded by the caller, handed to forked workers for free."""
    global _STATE
    if state is not None:
        _STATE = state
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
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                out = fut.result()
            except BrokenProcessPool as err:  # a worker died (e.g. a crash inside the rules engine)
                out = Outcome(i, shown[i], names[i], EXIT_INPUT, problems=[
                    Problem(shown[i], None, "", f"the worker evaluating this bundle died: {err}", "run it alone to see the error")])
            outcomes.append(out)
            if done:
                done(out)
    return sorted(outcomes, key=lambda o: o.index)


def default_jobs(jobs: int) -> int:
    """--jobs 0 means one process per CPU."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


# ----------------------------------------------------------------------------------------- summary

_WORDS = table("batch")  # the summary's words: i18n/terms.yaml (namespace batch; exit codes 0/1/2 as keys)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cell(t: th.Tally | None, breached: bool) -> str:
    if t is None:
        return "—"
    waived = f"+{t.waived}w" if t.waived else ""
    return f"{'✗ ' if breached else ''}{t.severe}/{t.general}{waived} · {t.share:.0%}"


def summary_text(outcomes: list[Outcome], standards: list[str], lang: str, width: int = 160) -> str:
    """The bundle × standard table, as plain text (no colour: it goes to logs as often as to a screen)."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def row(*cells: str) -> None:
        # Text: bundle text is never read as console markup ([bold], [link=…]); control characters
        # (ESC above all) are dropped so a bundle cannot drive the terminal that shows the summary.
        table.add_row(*(Text(_CONTROL.sub("", c)) for c in cells))

    w = _WORDS["en" if lang == "en" else "zh"]
    table = Table(show_lines=False)
    for col in (w["bundle"], w["organization"], w["result"], *standards):
        table.add_column(col, overflow="fold")
    for o in outcomes:
        if o.exit == EXIT_INPUT:
            row(o.name, "", f"{w[2]} ({len(o.problems)} {w['problems']})", *["" for _ in standards])
            continue
        hit = {(b.bundle, b.standard) for b in o.breaches}
        for i, r in enumerate(o.rows):
            result = w[o.exit] if i == 0 else ""
            row(r.label, r.organization, result, *[_cell(r.cells.get(s), (r.label, s) in hit) for s in standards])
    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system=None, force_terminal=False, highlight=False, emoji=False)
    con.print(table)
    con.print(w["legend"])
    return buf.getvalue()


def summary_json(outcomes: list[Outcome]) -> str:
    """The same summary for machines: deterministic, sorted keys."""
    import json

    data = []
    for o in outcomes:
        item = {"bundle": o.name, "path": o.path, "exit": o.exit,
                "problems": [p.format() for p in o.problems],
                "breaches": [b.text() for b in o.breaches],
                "unused_waivers": [f"{u.where.file}:{u.where.line}: {u.names}" for u in o.unused],
                "rows": [{"bundle": r.label, "organization": r.organization,
                          "standards": {s: (dataclasses.asdict(t) | {"decided_share": round(t.share, 4)}) if t else None
                                        for s, t in r.cells.items()}} for r in o.rows]}
        data.append(item)
    return json.dumps({"exit": max((o.exit for o in outcomes), default=0), "bundles": data},
                      ensure_ascii=False, indent=2, sort_keys=True) + "\n"
