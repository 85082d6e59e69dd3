"""`cmscheck evaluate DIR_OR_BUNDLE...`: evaluate evidence bundles and report conformity gaps.

One bundle: the report on stdout (or -o FILE), exit 0/1/2 as always. Several bundles (or a folder of
bundle folders): each is evaluated (in --jobs worker processes), a bundle × standard summary goes to
stdout, -o DIR receives one report per bundle, and a broken bundle is reported on stderr while the
others run. The exit code is then the worst of the bundles': 2 (some bundle could not be evaluated)
over 1 (some bundle breaks a threshold) over 0. docs/ci.md explains thresholds, waivers and CI use.
"""

from __future__ import annotations

import functools
import secrets
import sys
import tempfile
from pathlib import Path

import click

from .. import batch, pipeline
from .. import thresholds as th
from ..i18n import of_context, t
from ..problems import InputError, Problem
from ..render import formats
from ..textsafe import for_terminal
from . import report_input_errors
from .common import (Staged, as_of_day, as_of_option, commit, discard, max_file_size_option, select_standards, stage,
                     sweep, unused_waiver_lines, with_previous)


def _thresholds(catalog, threshold: Path | None, fail_on: str | None) -> th.Thresholds:
    if threshold is not None and fail_on is not None:
        raise InputError([Problem("(command line)", None, "--threshold", "give either --threshold or --fail-on, not both",
                                  "put the limits you want in the threshold file (docs/ci.md)")])
    if threshold is not None:
        return th.load(threshold, catalog.standards)
    return th.from_fail_on(fail_on or "severe")


def _warn(lines) -> None:
    for line in lines:
        click.echo(f"cmscheck: {for_terminal(line)}", err=True)  # ids and paths in them are bundle text


def _unused(unused) -> list[str]:
    return unused_waiver_lines(unused, of_context())


@click.command()
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DIR_OR_BUNDLE...")
@click.option("-s", "--standard", "standards", multiple=True, help="Evaluate only this standard (repeatable). Default: all.")
@click.option("--format", "fmts", multiple=True, metavar="NAME[:FILE]", callback=lambda c, p, v: _parse_formats(v),
              help=f"Report format: {', '.join(formats.names('assessment'))} (default text). Repeat as NAME:FILE "
                   "to write several reports of one evaluation, e.g. --format json:out.json --format text; "
                   "at most one without a FILE goes to stdout (or -o).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="One bundle: write the report to this file (atomically) instead of stdout. "
                   "Several bundles: write one report per bundle into this folder.")
@click.option("--fail-on", type=click.Choice(["severe", "general", "never"]), default=None,
              help="Exit 1 when a nonconformity of this grade or worse is found. Default: severe.")
@click.option("--threshold", type=click.Path(path_type=Path), metavar="FILE",
              help="YAML limits per standard (max_severe, max_general, min_decided_share) that decide the exit code; "
                   "instead of --fail-on. See docs/ci.md.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Several bundles: evaluate in this many processes (0: one per CPU).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@as_of_option
@max_file_size_option
@click.option("--previous", type=click.Path(path_type=Path), metavar="OLD.json",
              help="A JSON report of an earlier run: track findings (new, persisting, resolved, reopened) and add the "
                   "corrective-action register; an overdue severe action exits 1. See docs/loop.md.")
@report_input_errors
def evaluate(bundles, standards, fmts, output, fail_on, threshold, jobs, lang, as_of, previous):
    """Evaluate DIR_OR_BUNDLE (a folder with cmscheck.yaml, or a folder of such folders) against the standards.

    Exit 0 when nothing breaks the limits (--fail-on or --threshold), 1 when something does, 2 when an
    input cannot be evaluated. With several bundles the worst of them decides.
    """
    day = as_of_day(as_of)
    paths, many = batch.discover(list(bundles))
    if not many:
        _single(paths[0], standards, fmts, output, fail_on, threshold, lang, day, previous)
    else:
        if len(fmts) > 1 or any(f for _, f in fmts) or previous is not None:
            raise InputError([Problem("(command line)", None, "--format", "several bundles take one --format NAME and no --previous",
                                      "evaluate one bundle for NAME:FILE outputs or --previous; -o DIR takes one report per bundle")])
        _many(paths, standards, fmts[0][0], output, fail_on, threshold, jobs, lang, day)


def _parse_formats(values) -> list[tuple[str, Path | None]]:
    """--format NAME or NAME:FILE, repeatable; at most one without a FILE (it goes to stdout or -o)."""
    known = formats.names("assessment")
    out: list[tuple[str, Path | None]] = []
    for v in values:
        name, sep, file = v.partition(":")
        if name not in known:
            raise click.BadParameter(f"{name!r} is not a format; use one of: {', '.join(known)} (optionally NAME:FILE)")
        if sep and not file:
            raise click.BadParameter(f"{v!r} names no file after ':'; write NAME:FILE or NAME")
        out.append((name, Path(file) if file else None))
    if sum(1 for _, f in out if f is None) > 1:
        raise click.BadParameter("at most one --format without a FILE: give the others as NAME:FILE")
    return out or [("text", None)]


def _single(bundle, standards, fmts, output, fail_on, threshold, lang, day, previous) -> None:
    inputs = pipeline.load_inputs()
    chosen = select_standards(inputs.catalog, standards)
    limits = _thresholds(inputs.catalog, threshold, fail_on)
    opts = pipeline.Options(chosen, day, lang, limits)
    if previous is None:
        assessed = pipeline.load_and_assess(bundle, inputs, opts)
    else:
        assessed = with_previous(bundle, inputs, opts, previous, lang)
    # every report written to its temporary file before any is renamed, and stdout's printed last: one
    # failing renderer leaves no half-written set. A park's reports are written a member at a time
    # (chunks), stdout's too (spooled until the files are renamed)
    staged, shown = [], None
    try:
        for name, file in fmts:
            target = file or output
            if target:
                staged.append(stage(target, formats.get(name).chunks(assessed.context)))
            else:
                shown = _spool(formats.get(name).chunks(assessed.context))
    except BaseException:
        discard(staged)
        if shown is not None:
            shown.close()
        raise
    commit(staged)
    if shown is not None:
        _print(shown)
    _warn(_unused(assessed.unused))
    if threshold is not None:  # --fail-on stays as quiet as it always was; a threshold file says what broke
        _warn(b.text(of_context()) for b in assessed.breaches)
    overdue = _overdue(assessed, fail_on, of_context())
    sys.exit(1 if assessed.breaches or overdue else 0)


_SPOOL_BYTES = 8 * 1024 * 1024  # a report larger than this waits in a temporary file, not in memory


def _spool(pieces) -> tempfile.SpooledTemporaryFile:
    out = tempfile.SpooledTemporaryFile(_SPOOL_BYTES, "w+", encoding="utf-8", newline="")
    try:
        for piece in pieces:
            out.write(piece)
    except BaseException:
        out.close()
        raise
    return out


def _print(spooled: tempfile.SpooledTemporaryFile) -> None:
    """The spooled report on stdout, whole lines at a time: click strips terminal escapes per call (where
    stdout is no terminal), so none may be cut in two."""
    with spooled:
        spooled.seek(0)
        lines: list[str] = []
        size = 0
        for line in spooled:
            lines.append(line)
            size += len(line)
            if size >= _SPOOL_BYTES // 8:
                click.echo("".join(lines), nl=False)
                lines, size = [], 0
        if lines:
            click.echo("".join(lines), nl=False)


def _overdue(assessed, fail_on, lang: str) -> list:
    """Overdue severe corrective actions of the register (with --previous) fail the run unless --fail-on never;
    each is warned of in the language of the command's messages, as `diff` warns of it."""
    tr = assessed.assessment.tracking
    if tr is None or fail_on == "never":
        return []
    from ..tracking import overdue_severe
    rows = overdue_severe(tr)
    _warn(t("cli.action_overdue_at", lang, id=a.id, grade=t(f"report.{a.grade}", lang), due=a.due, status=a.status,
            as_of=tr.as_of) for a in rows)
    return rows


def _many(paths, standards, fmt, output, fail_on, threshold, jobs, lang, day) -> None:
    inputs = pipeline.load_inputs()
    chosen = select_standards(inputs.catalog, standards)
    limits = _thresholds(inputs.catalog, threshold, fail_on)
    if output is not None and output.exists() and not output.is_dir():
        raise InputError([Problem(str(output), None, "-o", "is a file; with several bundles -o names a folder",
                                  "give a folder: one report per bundle is written into it")])
    if output is None and fmt not in formats.names("summary"):
        raise InputError([Problem("(command line)", None, "--format", f"with several bundles, --format {fmt} needs -o DIR",
                                  "add -o DIR: one report per bundle is written into it; the summary goes to stdout")])
    names = batch.report_names(paths)
    # each report staged where its bundle is evaluated, a park's a member at a time, and renamed as the bundle
    # is done: held until the last was done, 200 steel bundles' JSON reports took 316 MB at the peak, not 91
    # the run's mark in its temporary files' names: what a worker that dies after staging leaves is swept
    run = secrets.token_hex(4)
    write = functools.partial(_stage_report, output, formats.get(fmt).extension, run) if output is not None else None
    opts = batch.Options(pipeline.Options(chosen, day, lang, limits), fmt, render=output is not None, write=write)

    def written(o: batch.Outcome) -> None:
        if o.written is not None:
            staged, o.written = o.written, None
            commit([staged])

    def unwritten(o: batch.Outcome) -> None:
        if o.written is not None:
            discard([o.written])

    try:
        outcomes = _run_with_progress(paths, names, opts, batch.default_jobs(jobs), written, unwritten)
    finally:
        if output is not None and output.is_dir():
            sweep(output, run)
    for o in outcomes:
        if o.problems:
            n = len(o.problems)
            click.echo(t("cli.problems_in", of_context(), path=o.path, n=n, s="s" if n != 1 else ""), err=True)
            for p in o.problems:
                click.echo("  " + p.format(of_context()).replace("\n", "\n  "), err=True)
        _warn(f"{o.path}: {line}" for line in _unused(o.unused))
        if threshold is not None:
            _warn(b.text(of_context()) for b in o.breaches)
    shown = chosen or sorted(inputs.catalog.standards)
    # the summary on stdout in the report's format where there is one (text, json), else as text
    summary = formats.get(fmt if fmt in formats.names("summary") else "text", "summary")
    click.echo(summary.summarize(outcomes, shown, lang), nl=False)
    sys.exit(max(o.exit for o in outcomes))


def _stage_report(folder: Path, ext: str, run: str, name: str, pieces) -> Staged:
    """A bundle's report written to its temporary file in the -o folder (in the worker that evaluated it),
    its name marked with the run's mark."""
    return stage(folder / f"{name}.{ext}", pieces, run=run)


def _run_with_progress(paths, names, opts, jobs, written, unwritten):
    """batch.run, `written` called with each outcome as it comes (`unwritten` with those left when the run
    stops early); a progress bar on a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return batch.run(paths, names, opts, jobs, done=written, undo=unwritten)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # No refresh thread (auto_refresh=False): worker processes may fork while the bar is up.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("cmscheck evaluate", total=len(paths))
        progress.refresh()

        def done(outcome) -> None:
            written(outcome)
            progress.update(task, advance=1, description=f"cmscheck evaluate: {outcome.name}")
            progress.refresh()

        return batch.run(paths, names, opts, jobs, done=done, undo=unwritten)
