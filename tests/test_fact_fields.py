"""Every field FACT_FIELDS declares is produced by its fact function and read by some rule or message.

A declared field no function produces is a promise the rules cannot rely on; one no rule reads is a
measurement nobody uses (or a verdict Python made that a rule only restates)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.facts import derive
from cmscheck.facts.schema import FACT_FIELDS
from cmscheck.rules import load_rules
from cmscheck.rules.loader import _fields

ROOT = Path(__file__).resolve().parents[1]
COMPLETE = ROOT / "tests" / "bundles" / "complete"

# bundles that between them hold every kind of item: the complete bundle, the same with every optional
# declaration and record filled in, and the examples
VARIANT = {
    "organization": {"planned_intervals": {"internal_audit_months": 12, "management_review_months": 12,
                                           "compliance_evaluation_months": 12, "document_review_months": 12}},
}


def _variant(tmp_path: Path) -> Path:
    root = tmp_path / "variant"
    shutil.copytree(COMPLETE, root)
    doc = yaml.safe_load((root / "cmscheck.yaml").read_text(encoding="utf-8"))
    doc["organization"].update(VARIANT["organization"])
    doc["records"]["maintenance"] = [{"id": "MT-1", "facility": "1号锅炉", "date": "2024-06-01", "due": "2024-06-15"}]
    doc["data"]["baseline"].update(year=2024, output={"value": 100000, "unit": "t"}, intensity={"value": 0.56, "unit": "tCO2e/t"})
    doc["data"]["neutrality_claim"] = True
    doc["data"]["offsets"].append({"id": "CCER-1", "kind": "ccer", "quantity": {"value": 100, "unit": "tCO2e"}})
    doc["data"]["offsets"][0].update(held=120, cancelled=100)  # green certificates held and cancelled
    doc["data"]["materiality"] = 0.05
    doc["data"]["targets"][0]["base_year"] = 2022
    doc["data"]["boundary"] = {"facilities": [{"id": "F-main", "name": "主厂区"}], "sources": [
        {"id": s["id"], "name": s["name"], "type": s["type"], "facility": "F-main"} for s in doc["data"]["inventory"][0]["sources"]]}
    (root / "cmscheck.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _produced(tmp_path) -> dict[str, set[str]]:
    catalog, ruleset = load_catalog(), load_rules()
    roots = [COMPLETE, _variant(tmp_path)] + sorted(p for p in (ROOT / "examples").iterdir() if (p / "cmscheck.yaml").exists())
    seen: dict[str, set[str]] = {}
    for root in roots:
        bundle = load_bundle(root, catalog)
        for b in [bundle, *bundle.members]:
            for fact in derive(b, catalog, ruleset).facts:
                seen.setdefault(fact["type"], set()).update(fact)
    return seen


def _read() -> set[tuple[str, str]]:
    from cmscheck.rules.loader import fact_types

    out = set()
    for rule in load_rules().rules:
        types = fact_types(rule.when)
        for bindings in rule.when.values():
            for binding in bindings:
                for expr in binding.values():
                    out |= {(t, f) for t in types for f in _fields(expr)}
        names = set(re.findall(r"\{(\w+)\}", rule.finding.message.zh + rule.finding.message.en))
        out |= {(t, n) for t in types for n in names}
    return out


def test_every_declared_field_is_produced(tmp_path):
    seen = _produced(tmp_path)
    missing = [f"{t}.{f}" for t, fields in FACT_FIELDS.items() for f in fields if f not in seen.get(t, set())]
    assert not missing, f"declared but produced by no fact function on the test bundles: {missing}"


def test_every_produced_field_is_declared(tmp_path):
    seen = _produced(tmp_path)
    extra = [f"{t}.{f}" for t, fields in seen.items() for f in fields - {"id", "type"} if f not in FACT_FIELDS.get(t, {})]
    assert not extra, f"produced but not declared in FACT_FIELDS: {extra}"


# Fields the evaluator itself reads: a per_evidence_kind firing is narrowed by the fact's `kind`, a content
# firing by its `statements`; `checked: false` marks an unmeasured fact (witness.py); the subject fields
# name a finding (finding_ids.py).
from cmscheck.finding_ids import SUBJECT_FIELDS  # noqa: E402

READ_BY_EVALUATION = {"kind", "statements", "checked", "present", *SUBJECT_FIELDS}


def test_every_declared_field_is_read_by_a_rule_or_message():
    read = _read()
    unread = [f"{t}.{f}" for t, fields in FACT_FIELDS.items() for f in fields
              if (t, f) not in read and f not in READ_BY_EVALUATION]
    assert not unread, f"declared but read by no rule condition or message: {unread}"


def test_every_fact_type_names_its_subject():
    """Stable finding ids (finding_ids.py) name a finding by its fact's subject fields: every fact type has
    an entry, and its fields are declared for that type."""
    from cmscheck.finding_ids import SUBJECTS

    assert set(SUBJECTS) == set(FACT_FIELDS)
    for ftype, fields in SUBJECTS.items():
        assert set(fields) <= set(FACT_FIELDS[ftype]), ftype
