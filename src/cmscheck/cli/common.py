"""Shared steps of the commands: pick standards; write files safely."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import click

from ..problems import InputError, Problem


def _max_file_size(ctx, param, value):
    import os

    from ..evidence import limits
    if value is None:
        return None
    size = limits.parse_size(value)
    if not size:
        raise click.BadParameter(f"{value!r} is not a size; write a size such as 20MB, 500KB or 1GB")
    before = os.environ.get(limits.ENV)
    limits.set_max_bytes(size)
    # for this command only: a caller running several commands in one process gets its limits back
    ctx.call_on_close(lambda: limits.set_max_bytes(limits.parse_size(before) if before else None))
    return size


# Replaces the evidence readers' size limit per format (docs/bundle.md, "Reading evidence") for this run.
max_file_size_option = click.option(
    "--max-file-size", metavar="SIZE", callback=_max_file_size, expose_value=False,
    help="Read documents and ledgers up to this size (e.g. 50MB) instead of each format's limit; "
         "a larger document is kept as present evidence, a larger ledger is a problem.")


as_of_option = click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                             help="Judge at this date instead of the bundle's as_of.")


def as_of_day(as_of: dt.datetime | None) -> dt.date | None:
    """The --as-of date of every command that assesses; a located problem outside the years a bundle's
    dates may take (deadlines computed from it would overflow)."""
    if as_of is None:
        return None
    from ..bundle.pydantic_problems import MAX_YEAR, MIN_YEAR

    day = as_of.date()
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError([Problem("(command line)", None, "--as-of", f"the year of {day.isoformat()} is outside {MIN_YEAR}..{MAX_YEAR}",
                                  "give the assessment date in full, e.g. 2025-03-31")])
    return day


def check_waivers(bundle, ruleset) -> None:
    """Every command that loads the rules refuses a waiver naming an unknown rule, as evaluate does
    (site used to publish with it, validate to say OK)."""
    from .. import waivers

    problems = waivers.check(bundle, (r.id for r in ruleset.rules))
    if problems:
        raise InputError(problems)


def unused_waiver_lines(unused, lang: str) -> list[str]:
    """The warning for each waiver that matched no finding. A waiver's finding id is bundle text: its
    control characters are replaced before it reaches the terminal."""
    from ..i18n import t
    from ..textsafe import for_terminal
    return [for_terminal(t("cli.waiver_unused", lang, where=f"{u.where.file}:{u.where.line}", names=u.names)) for u in unused]


def select_standards(catalog, standards) -> list[str] | None:
    unknown = [s for s in standards if s not in catalog.standards]
    if unknown:
        raise InputError([Problem("(command line)", None, "--standard", f"unknown standard {u!r}",
                                  f"use one of: {', '.join(sorted(catalog.standards))}") for u in unknown])
    return sorted(set(standards)) or None


def check_output_folder(path: Path, option: str = "-o") -> None:
    """Make the folder that will hold `path`; a located problem when a file stands where a folder must be
    (e.g. -o report.txt/r.json) or the folder cannot be made."""
    path = Path(path)
    for parent in [path.parent, *path.parent.parents]:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise InputError([Problem(str(path), None, option, f"{parent} is a file, not a folder",
                                          "give an output path whose folders are folders, or move that file away")])
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError([Problem(str(path), None, option, f"cannot create the folder {path.parent}: {e.strerror or e}",
                                  "give an output path in a folder you can write to")]) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes | Iterable[str], option: str = "-o") -> None:
    """Write via a temporary file in the same folder and rename: a failed or interrupted run leaves the
    old file and no temporary file. The file gets ordinary permissions (0666 less the umask), not
    mkstemp's 0600. `text` may come in pieces (a park's report, a member at a time): each is written as
    it comes; bytes (the checklist's workbook) are written as they are."""
    commit([stage(path, text, option)])


@dataclass(frozen=True)
class Staged:
    """A report written to its temporary file, not yet renamed to its name (commit)."""

    tmp: str
    path: Path
    option: str


def stage(path: Path, text: str | bytes | Iterable[str], option: str = "-o", run: str = "") -> Staged:
    """write_atomic's first half: the text in a temporary file beside `path`. Nothing is left behind when
    writing (or making the pieces) fails; InputError when the file cannot be written. `run`: a mark in the
    temporary file's name, by which `sweep` finds what a run's dead worker process staged."""
    path = Path(path)
    if path.is_dir():
        raise InputError([Problem(str(path), None, option, "is a folder", "give a file name")])
    check_output_folder(path, option)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{run + '.' if run else ''}", suffix=".tmp")
    except OSError as e:
        raise InputError([Problem(str(path), None, option, f"cannot write to the folder {path.parent}: {e.strerror or e}",
                                  "give an output path in a folder you can write to")]) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as b:
                b.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                for piece in ([text] if isinstance(text, str) else text):
                    f.write(piece)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError([_unwritable(path, option, e)]) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Staged(tmp, path, option)


def commit(staged: list[Staged]) -> None:
    """Rename every staged file to its name, in order; when one cannot be, the rest are removed unrenamed."""
    for i, s in enumerate(staged):
        try:
            os.replace(s.tmp, s.path)
        except OSError as e:
            discard(staged[i:])
            raise InputError([_unwritable(s.path, s.option, e)]) from None
        except BaseException:
            discard(staged[i:])
            raise


def discard(staged: list[Staged]) -> None:
    """Remove staged files that will not be renamed (another report of the run failed)."""
    for s in staged:
        Path(s.tmp).unlink(missing_ok=True)


def sweep(folder: Path, run: str) -> None:
    """Remove the temporary files a run marked `run` left in `folder`: those of a worker process that died
    after staging its report and before handing it back (no one else knows their names). Every other
    staged file has been renamed or discarded by then."""
    try:
        for left in folder.glob(f".*.{run}.*.tmp"):
            left.unlink(missing_ok=True)
    except OSError:
        pass  # tidying only: it must not hide the run's own outcome or error


def _unwritable(path: Path, option: str, e: OSError) -> Problem:
    return Problem(str(path), None, option, f"cannot write the file: {e.strerror or e}",
                   "check the free space and that the file and its folder can be written")


def with_previous(bundle, inputs, opts, previous: Path, lang: str):
    """The assessment path, then the comparison with the JSON report of an earlier run: findings tracked
    (new, persisting, resolved, reopened) and the corrective-action register (evaluate and site --previous)."""
    from dataclasses import replace

    from .. import pipeline, tracking
    from ..bundle import load_bundle

    old = tracking.load_report(previous)
    loaded = load_bundle(Path(bundle), inputs.catalog)
    assessed = pipeline.assess(loaded, inputs, opts)
    a = assessed.assessment
    tr = tracking.track(tracking.seen_of_findings(a.findings()), a.organization.as_of, old, str(previous), lang,
                        loaded.manifest.records.nonconformities)
    ctx = replace(assessed.context, assessment=a.model_copy(update={"tracking": tr}))
    return replace(assessed, context=ctx)
