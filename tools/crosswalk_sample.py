#!/usr/bin/env python3
"""Draw a reproducible random sample of derived crosswalk mappings for a reviewer to judge by hand.

    python3 tools/crosswalk_sample.py [--n 60] [--seed 14] [--yaml] [--exclude tests/crosswalk_review.yaml]

Prints each sampled mapping with both statements' texts and where they stand (clause title and, for a
list item, the sentence that introduces it), so the mapping can be judged by reading the two texts.
--yaml prints review entries (verdict and reason left blank) to paste into tests/crosswalk_review.yaml;
--exclude leaves out pairs already judged there, so a second round draws a fresh sample.
The sample is random.Random(seed).sample over the derived entries in file order: the same file and
seed give the same sample.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

from cmscheck.catalog import load_catalog
from cmscheck.crosswalk.derive import _parent
from cmscheck.crosswalk.loader import crosswalk_path, read_file


def places(catalog) -> dict[str, tuple[str, str | None]]:
    """statement id -> (clause number and title, the text of the sentence a list item hangs under)."""
    out = {}
    for std in catalog.standards.values():
        for c in std.walk():
            ids = [s.id for s in c.statements]
            texts = {s.id: s.text for s in c.statements}
            for i, s in enumerate(c.statements):
                p = _parent(ids, i)
                out[s.id] = (f"{c.number} {c.title.zh}", texts[p] if p else None)
    return out


def judged_pairs(path: Path) -> set[frozenset]:
    if not path.exists():
        return set()
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {frozenset((e["from"], e["to"])) for r in doc.get("rounds", []) for e in r.get("mappings", [])}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--yaml", action="store_true", help="print review entries for tests/crosswalk_review.yaml")
    ap.add_argument("--exclude", type=Path, help="a review file whose judged pairs are not drawn again")
    args = ap.parse_args(argv)

    catalog = load_catalog()
    f, _ = read_file(crosswalk_path())
    pool = list(f.derived)
    if args.exclude:
        seen = judged_pairs(args.exclude)
        pool = [m for m in pool if frozenset((m.from_, m.to)) not in seen]
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    where = places(catalog)
    if args.yaml:
        for m in sample:
            print(f"  - {{from: {json.dumps(m.from_)}, to: {json.dumps(m.to)}, relationship: {m.relationship}, "
                  f"verdict: , reason: \"\"}}")
        return 0
    print(f"# {len(sample)} of {len(pool)} derived mappings, seed {args.seed}")
    for i, m in enumerate(sample, 1):
        print(f"\n[{i}] {m.from_} --{m.relationship}--> {m.to}   score {m.score}  topics {','.join(m.topics)}"
              f"  evidence {','.join(m.evidence) or '-'}")
        for sid in (m.from_, m.to):
            st = catalog.statement(sid)
            clause, lead = where[sid]
            print(f"  {sid} [{st.modality}] ({clause})")
            if lead:
                print(f"    under: {lead}")
            print(f"    {st.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
