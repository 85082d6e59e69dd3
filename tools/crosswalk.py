#!/usr/bin/env python3
"""Regenerate the derived part of standards/crosswalk.yaml from the catalog.

    python3 tools/crosswalk.py           rewrite the part below the marker line
    python3 tools/crosswalk.py --check   exit 1 (and write nothing) when the file is not up to date

The curated entries above the marker are read, kept byte for byte, and win over derived pairings of
the same two statements. See docs/compare.md for how pairs are derived.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cmscheck import yamlio
from cmscheck.catalog import load_catalog
from cmscheck.cli.common import write_atomic
from cmscheck.crosswalk.derive import derive
from cmscheck.crosswalk.emit import generated_part, split
from cmscheck.crosswalk.loader import crosswalk_path
from cmscheck.crosswalk.models import CrosswalkFile
from cmscheck.problems import InputError
from cmscheck.validation import validate


def regenerate(path: Path) -> str:
    head = split(path.read_text(encoding="utf-8"))
    doc = yamlio.loads(head, str(path))
    curated = validate(CrosswalkFile, doc).curated
    derived, unique = derive(load_catalog(), curated)
    return head + generated_part(derived, unique)


def main(argv: list[str]) -> int:
    path = crosswalk_path()
    try:
        text = regenerate(path)
    except InputError as e:
        print(e, file=sys.stderr)
        return 2
    if "--check" in argv:
        if path.read_text(encoding="utf-8") != text:
            print(f"{path} is not up to date: run python3 tools/crosswalk.py", file=sys.stderr)
            return 1
        return 0
    write_atomic(path, text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
