"""Shared steps of the commands: load catalog, rules and bundle; pick standards; write files safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


def load_inputs(bundle_path: Path):
    from ..bundle import load_bundle
    from ..catalog import load_catalog
    from ..rules import load_rules

    catalog = load_catalog()
    ruleset = load_rules()
    return catalog, ruleset, load_bundle(bundle_path, catalog)


def select_standards(catalog, standards) -> list[str] | None:
    unknown = [s for s in standards if s not in catalog.standards]
    if unknown:
        raise InputError([Problem("(command line)", None, "--standard", f"unknown standard {u!r}",
                                  f"use one of: {', '.join(sorted(catalog.standards))}") for u in unknown])
    return sorted(set(standards)) or None


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: a failed run leaves the old file."""
    path = Path(path)
    if path.is_dir():
        raise InputError([Problem(str(path), None, "-o", "is a folder", "give a file name")])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
