#!/usr/bin/env python3
"""Regenerate the reference tables of rules/README.md and docs/data.md from the rule files and the fact vocabulary.

    python3 tools/ruledocs.py           rewrite the marked regions (rules/README.md, docs/data.md)
    python3 tools/ruledocs.py --check   exit 1 (and write nothing) when a region is out of date

A region is the text between `<!-- ruledocs:NAME -->` and `<!-- /ruledocs:NAME -->`; everything
outside the markers is written by hand and kept byte for byte. tests/test_ruledocs.py fails when
the file is stale, so the tables cannot drift from rules/*.yaml and src/cmscheck/facts/schema.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from cmscheck.facts.schema import FACT_FIELDS
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "rules" / "README.md"
DATA_MD = ROOT / "docs" / "data.md"

# what a bundle must hold for a rule testing this fact type to decide anything
NEEDS = {
    "source": "`data.inventory[].sources[]`", "series": "`data.inventory[].monitoring[]`",
    "inventory": "an inventory year with `total`", "market": "`data.carbon_market[]`", "target": "`data.targets[]`",
    "offset": "`data.offsets[]`", "neutrality": "`data.neutrality_claim: true`", "resources": "`data.resources`",
    "baseline": "`data.baseline`", "instrument": "`data.instruments` or instruments named by sources, `records.calibrations`",
    "prior_nc": "`records.nonconformities[]`", "communication": "`records.communications[]` with `due`",
    "maintenance": "`records.maintenance[]` with `due`", "member": "a park's `organization.members`",
    "role": "— (`people`; fires on absence)", "records": "— (fires on absence)", "evidence": "— (fires on absence)",
    "document": "`documents[]`", "activity": "— (fires on absence)", "mentions": "readable Markdown documents",
}


def _cell(text: str) -> str:
    return text.replace("|", "&#124;").replace("\n", " ")


def _firing_only(rule, sid: str) -> str:
    """A statement the rule's silence does not vouch for is decided by a firing only (rules/README.md)."""
    return " (firing only)" if sid in rule.decides.unvouched else ""


def _decides(rule) -> str:
    d = rule.decides
    parts = []
    if d.statements:
        parts.append(", ".join(f"`{s}`" + _firing_only(rule, s) for s in d.statements))
    if d.evidence:
        parts.append("evidence " + ", ".join(f"`{k}`" for k in d.evidence))
    if d.evidence_categories:
        parts.append("categories " + ", ".join(d.evidence_categories))
    if d.topics:
        parts.append("topics " + ", ".join(d.topics))
    return "; ".join(parts)


def rules_table(ruleset) -> str:
    rows = ["| rule | file | basis | type / grade | 7.2.4 situation | decides | the words it follows |", "|---|---|---|---|---|---|---|"]
    for rule in sorted(ruleset.rules, key=lambda r: (Path(ruleset.files[r.id]).name, r.id)):
        f = rule.finding
        situation = str(f.situation) if f.situation else (f"possible {f.possible_situation}" if f.possible_situation else "")
        rows.append("| `{}` | `{}` | {} | {} / {} | {} | {} | {} |".format(
            rule.id, Path(ruleset.files[rule.id]).name, rule.basis, f.type, f.grade, situation,
            _cell(_decides(rule)), _cell(f.quote or "")))
    return "\n".join(rows)


def facts_tables() -> str:
    out = []
    for ftype, fields in FACT_FIELDS.items():
        out += [f"### `{ftype}`", "", "| field | meaning |", "|---|---|"]
        out += [f"| `{name}` | {_cell(meaning)} |" for name, meaning in fields.items()]
        out.append("")
    return "\n".join(out).rstrip()


def _statements(rule) -> str:
    by_std: dict[str, list[str]] = {}
    for sid in rule.decides.statements:
        std, _, num = sid.partition(":")
        by_std.setdefault(std, []).append(num + _firing_only(rule, sid))
    text = "; ".join(f"{std} {', '.join(nums)}" for std, nums in by_std.items())
    extra = [f"statements demanding `{k}`" for k in rule.decides.evidence]
    return "; ".join(x for x in [text, *extra] if x)


def checks_table(ruleset) -> str:
    """docs/data.md's table: the checks on numbers, records and schedules (every rule outside documents.yaml)."""
    from cmscheck.rules.loader import fact_types

    rows = ["| check (rule) | decides (statements) | type · grade (situation) | the bundle must contain |", "|---|---|---|---|"]
    for rule in sorted(ruleset.rules, key=lambda r: (Path(ruleset.files[r.id]).name, r.id)):
        if Path(ruleset.files[rule.id]).name == "documents.yaml":
            continue
        f = rule.finding
        grade = f"{f.type} · {f.grade}" + (f" ({f.situation})" if f.situation else "") + (
            f" (possible {f.possible_situation})" if f.possible_situation else "")
        needs = "; ".join(NEEDS.get(t, t) for t in fact_types(rule.when))
        rows.append(f"| {_cell(rule.title.en)} (`{rule.id}`) | {_cell(_statements(rule))} | {grade} | {_cell(needs)} |")
    return "\n".join(rows)


def regions() -> dict[str, str]:
    return {"rules": rules_table(load_rules()), "facts": facts_tables()}


def data_regions() -> dict[str, str]:
    return {"checks": checks_table(load_rules())}


def render(text: str, generated: dict[str, str], where: Path = README) -> str:
    for name, body in generated.items():
        pattern = re.compile(rf"(<!-- ruledocs:{name} -->\n).*?(<!-- /ruledocs:{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{where}: no region <!-- ruledocs:{name} --> … <!-- /ruledocs:{name} -->")
        text = pattern.sub(lambda m: m.group(1) + "<!-- generated by tools/ruledocs.py: do not edit -->\n" + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    stale = 0
    for path, generated in ((README, regions()), (DATA_MD, data_regions())):
        current = path.read_text(encoding="utf-8")
        fresh = render(current, generated, path)
        if fresh == current:
            continue
        if "--check" in argv:
            print(f"{path} is out of date: run python3 tools/ruledocs.py", file=sys.stderr)
            stale = 1
        else:
            path.write_text(fresh, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
