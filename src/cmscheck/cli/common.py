"""Shared steps of the commands: pick standards; write files safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..problems import InputError, Problem


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
