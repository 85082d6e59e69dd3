"""Every rule tested as data: tests/rules/<rule-id>.yaml holds `fires:` and `quiet:` cases.

A case patches the complete bundle (tests/bundles/complete), on which no rule fires, and says what
the evaluation with all standards must show. tests/rules/README.md describes the case format;
tests/rules/_situations.yaml holds one bundle per severe situation 1–12, tests/rules/_errors.yaml the
bundles that cannot be evaluated (exit 2) with the problem they must report.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.evaluate import evaluate
from cmscheck.problems import InputError
from cmscheck.rules import load_rules

HERE = Path(__file__).resolve().parent
CASES = HERE / "rules"
COMPLETE = HERE / "bundles" / "complete"
CASE_KEYS = {"name", "patch", "set", "remove", "files", "expect", "also", "as_of"}
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: writing is a third of a case's time
EXPECT_KEYS = {"standard", "statements", "grade", "type", "situation", "possible_situation", "message", "verdict", "count"}


@lru_cache(maxsize=1)
def inputs():
    return load_catalog(), load_rules()


# --------------------------------------------------------------------------------------------- patching


def _split(path: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def _walk(doc: Any, parts: list[Any], path: str) -> Any:
    for p in parts:
        try:
            doc = doc[p]
        except (KeyError, IndexError, TypeError):
            raise AssertionError(f"path {path!r}: no {p!r} in the complete bundle") from None
    return doc


def deep_merge(base: Any, patch: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) replaces."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = deep_merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(patch)


def apply_case(manifest: dict, case: dict) -> dict:
    doc = deep_merge(manifest, case.get("patch") or {})
    for path, value in (case.get("set") or {}).items():
        *parent, last = _split(path)
        holder = _walk(doc, parent, path)
        if isinstance(holder, list) and last == len(holder):
            holder.append(copy.deepcopy(value))  # one past the end appends
            continue
        if isinstance(holder, list):
            _walk(holder, [last], path)  # an index must exist
        holder[last] = copy.deepcopy(value)
    for path in case.get("remove") or []:
        *parent, last = _split(path)
        holder = _walk(doc, parent, path)
        _walk(holder, [last], path)
        del holder[last]
    if case.get("as_of"):
        doc["organization"]["as_of"] = case["as_of"]
    return doc


@lru_cache(maxsize=1)
def complete_manifest() -> dict:
    return yaml.safe_load((COMPLETE / "cmscheck.yaml").read_text(encoding="utf-8"))


def build(tmp_path: Path, case: dict) -> Path:
    root = tmp_path / "bundle"
    shutil.copytree(COMPLETE, root)
    manifest = copy.deepcopy(complete_manifest())
    text = yaml.dump(apply_case(manifest, case), Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    (root / "cmscheck.yaml").write_text(text, encoding="utf-8")
    for rel, text in (case.get("files") or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def run(tmp_path: Path, case: dict):
    catalog, ruleset = inputs()
    return evaluate(load_bundle(build(tmp_path, case), catalog), catalog, ruleset)


def findings(assessment) -> list:
    """The bundle's own findings from rules (a park's members are judged in their own assessments)."""
    return [f for s in assessment.standards for f in s.findings if f.source == "rule"]


# ------------------------------------------------------------------------------------------ case files


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def rule_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(CASES.glob("*.yaml")) if not p.name.startswith("_")}


def cases() -> list:
    out = []
    for rule_id, path in rule_files().items():
        doc = _load(path)
        for kind in ("fires", "quiet"):
            for i, case in enumerate(doc.get(kind) or []):
                out.append(pytest.param(rule_id, kind, case, id=f"{rule_id}:{kind}:{case.get('name', i)}"))
    return out


def _matches(f, expect: dict) -> bool:
    if "standard" in expect and f.standard != expect["standard"]:
        return False
    if not set(expect.get("statements") or []) <= set(f.statements):
        return False
    for key in ("grade", "type", "situation", "possible_situation", "verdict"):
        if key in expect and getattr(f, key) != expect[key]:
            return False
    if "message" in expect and expect["message"] not in f.message.en and expect["message"] not in f.message.zh:
        return False
    return True


@pytest.mark.parametrize("rule_id, kind, case", cases())
def test_rule_case(tmp_path, rule_id, kind, case):
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case keys {sorted(unknown)} (allowed: {sorted(CASE_KEYS)})"
    got = findings(run(tmp_path, case))
    fired = {f.rule for f in got}
    also = set(case.get("also") or [])
    if kind == "quiet":
        assert rule_id not in fired, [f.message.en for f in got if f.rule == rule_id]
        assert fired == also, f"other rules fired: {sorted(fired - also)}; expected only {sorted(also)}"
        return
    mine = [f for f in got if f.rule == rule_id]
    assert mine, f"{rule_id} did not fire; fired: {sorted(fired)}"
    assert fired - {rule_id} == also, f"rules fired besides {rule_id}: {sorted(fired - {rule_id})}; case lists {sorted(also)}"
    expect = case.get("expect") or {}
    assert not set(expect) - EXPECT_KEYS, f"unknown expect keys {sorted(set(expect) - EXPECT_KEYS)}"
    hits = [f for f in mine if _matches(f, expect)]
    assert hits, f"no {rule_id} finding matches {expect}: " + "; ".join(
        f"{f.standard} {f.verdict} {f.type}/{f.grade} s{f.situation} {f.statements} {f.message.en}" for f in mine)
    if "count" in expect:
        assert len(hits) == expect["count"], [f.id for f in hits]
    for f in hits:
        if f.grade == "severe":
            assert f.deadline == _three_months(f), f"{f.id}: deadline {f.deadline}"


def _three_months(f) -> dt.date:
    from cmscheck.dates import add_months
    as_of = complete_manifest()["organization"]["as_of"]
    return add_months(dt.date.fromisoformat(str(as_of)), 3)


# ------------------------------------------------------------------------------------------ meta tests


def test_every_rule_has_cases_of_both_kinds():
    _, ruleset = inputs()
    ids = {r.id for r in ruleset.rules}
    files = rule_files()
    assert not set(files) - ids, f"case files for unknown rules: {sorted(set(files) - ids)}"
    for rule in ruleset.rules:
        assert rule.id in files, f"no tests/rules/{rule.id}.yaml"
        doc = _load(files[rule.id])
        assert set(doc) <= {"rule", "fires", "quiet"}, f"{rule.id}: unknown keys {sorted(set(doc))}"
        assert doc.get("rule", rule.id) == rule.id, f"{files[rule.id].name} names rule {doc.get('rule')!r}"
        assert doc.get("fires"), f"{rule.id}: no fires case"
        assert doc.get("quiet"), f"{rule.id}: no quiet case"
        if rule.finding.grade == "severe":
            for case in doc["fires"]:
                expect = case.get("expect") or {}
                assert expect.get("grade") == "severe" and expect.get("situation") == rule.finding.situation, (
                    f"{rule.id}: a fires case of a severe rule expects grade severe and situation {rule.finding.situation}")
        if rule.finding.possible_situation is not None:
            for case in doc["fires"]:
                expect = case.get("expect") or {}
                assert expect.get("grade") == "general" and expect.get("possible_situation") == rule.finding.possible_situation, (
                    f"{rule.id}: a fires case expects grade general and possible_situation {rule.finding.possible_situation}")


def test_every_rule_decides_statements_and_speaks_both_languages():
    from cmscheck.selection import decided_by

    catalog, ruleset = inputs()
    for rule in ruleset.rules:
        decided = [s for std in catalog.standards for s in decided_by(rule, catalog, std)]
        assert decided, f"{rule.id} decides no statement"
        for text in (rule.title, rule.finding.message):
            assert text.zh.strip() and text.en.strip(), rule.id
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), f"{rule.id}: zh text has no Chinese"


def test_complete_bundle_has_no_findings(tmp_path):
    a = run(tmp_path, {})
    assert findings(a) == []
    # and it is not empty: the rules did decide statements there
    assert sum(s.counts.by_decision["rule"] for s in a.standards if s.applicable) > 0


# ------------------------------------------------------------------------------------ severe situations


def _situations() -> list:
    doc = _load(CASES / "_situations.yaml")
    return [pytest.param(n, doc["situations"][n], id=f"situation-{n}") for n in sorted(doc["situations"])]


def test_situation_file_covers_all_twelve():
    assert sorted(_load(CASES / "_situations.yaml")["situations"]) == list(range(1, 13))


# situations whose words need a judgement the bundle's evidence does not make: only "possible"
AUDITOR_JUDGES = {9, 11}


@pytest.mark.parametrize("number, case", _situations())
def test_bundle_per_severe_situation(tmp_path, number, case):
    if "undetected" in case:  # said so in the file, with the reason, rather than faked
        pytest.skip(f"situation {number}: {case['undetected']}")
    got = findings(run(tmp_path, case))
    severe = [f for f in got if f.grade == "severe"]
    if number in AUDITOR_JUDGES:
        assert not severe, sorted({(f.rule, f.situation) for f in severe})
        possible = [f for f in got if f.possible_situation == number]
        assert possible and all(f.grade == "general" for f in possible)
        assert all(f"第 {number} 种严重情形" in f.message.zh and f"situation {number}" in f.message.en for f in possible)
        return
    assert severe, f"situation {number}: no severe finding"
    assert {f.situation for f in severe} == {number}, sorted({(f.rule, f.situation) for f in severe})
    assert all(f.verdict == "nonconforming" and f.deadline for f in severe)


# ------------------------------------------------------------------------------------ input problems


def _errors() -> list:
    doc = _load(CASES / "_errors.yaml")
    return [pytest.param(case, id=case["name"]) for case in doc["errors"]]


@pytest.mark.parametrize("case", _errors())
def test_bundle_that_cannot_be_evaluated(tmp_path, case):
    want = case["problem"]
    with pytest.raises(InputError) as err:
        run(tmp_path, {k: v for k, v in case.items() if k in CASE_KEYS})
    problems = err.value.problems
    hit = [p for p in problems if want["message"] in p.message and want.get("field", p.field) == p.field
           and p.file.endswith(want.get("file", p.file)) and (p.line is not None) == want.get("located", True)]
    assert hit, "\n".join(p.format() for p in problems)


def test_rules_readme_documents_every_fact_field():
    from cmscheck.facts.schema import FACT_FIELDS

    readme = (HERE.parent / "rules" / "README.md").read_text(encoding="utf-8")
    for ftype, fields in FACT_FIELDS.items():
        section = readme.partition(f"### `{ftype}`")[2].partition("\n### ")[0]
        assert section, f"rules/README.md has no section for fact type {ftype}"
        for field in fields:
            assert f"| `{field}` |" in section, f"rules/README.md: {ftype}.{field} is not documented"
