#!/usr/bin/env python3
"""Precision and recall of the content recognisers on the held-out sentences (tests/content/heldout).

Each held-out sentence is judged alone (no heading). recall = positives found / positives;
precision = positives found / all sentences found (positives + false alarms among the negatives).
`--adversarial` scores tests/content/adversarial instead (paraphrases written after the cue lists).
Usage: PYTHONPATH=src python3 tools/content_scores.py [--adversarial] [-v]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cmscheck.content.loader import load_content  # noqa: E402
from cmscheck.content.recognise import Recogniser  # noqa: E402

HELDOUT = ROOT / "tests" / "content" / "heldout"
ADVERSARIAL = ROOT / "tests" / "content" / "adversarial"


@dataclass
class Score:
    kind: str
    element: str
    positives: int
    negatives: int
    true_pos: int
    false_pos: int
    missed: list[str]
    false_alarms: list[str]

    @property
    def recall(self) -> float:
        return self.true_pos / self.positives if self.positives else 1.0

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0


def scores(heldout: Path = HELDOUT) -> list[Score]:
    catalog = load_content()
    by_key = {(k.kind, e.id): e for k, e in catalog.elements()}
    out: list[Score] = []
    for path in sorted(heldout.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, cases in data["elements"].items():
            kind, element_id = (data["kind"], key) if "kind" in data else key.split("/")
            element = by_key[(kind, element_id)]  # a held-out element the data lacks is an error
            r = Recogniser(element, catalog.negation.cues)
            pos, neg = cases["positive"], cases["negative"]
            missed = [s for s in pos if not r.sentence(s)]
            alarms = [s for s in neg if r.sentence(s)]
            out.append(Score(kind, element_id, len(pos), len(neg), len(pos) - len(missed), len(alarms), missed, alarms))
    return out


def main(argv: list[str]) -> int:
    rows = scores(ADVERSARIAL if "--adversarial" in argv else HELDOUT)
    verbose = "-v" in argv
    print(f"{'kind':28} {'element':26} {'pos':>3} {'neg':>3} {'recall':>6} {'prec':>6}")
    for s in rows:
        print(f"{s.kind:28} {s.element:26} {s.positives:3d} {s.negatives:3d} {s.recall:6.2f} {s.precision:6.2f}")
        if verbose:
            for m in s.missed:
                print(f"    missed: {m}")
            for a in s.false_alarms:
                print(f"    false alarm: {a}")
    tp = sum(s.true_pos for s in rows)
    fp = sum(s.false_pos for s in rows)
    pos = sum(s.positives for s in rows)
    print(f"{'all':55} {pos:3d} {sum(s.negatives for s in rows):3d} {tp / pos:6.2f} {tp / (tp + fp):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
