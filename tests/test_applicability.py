"""Statements the standards make conditional (standards/applicability.yaml): the condition, read from the
bundle's declarations, makes them applicable or not, with the standard's words as the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck.applicability import applicable, load_conditions
from cmscheck.bundle.models import Manifest
from cmscheck.catalog import load_catalog
from cmscheck.problems import InputError

BASE = {"organization": {"name": "x", "kind": "enterprise", "carbon_market": "provincial",
                         "period": {"start": "2024-01-01", "end": "2024-12-31"}, "as_of": "2025-03-31"}}


def manifest(**org) -> Manifest:
    doc = {"organization": {**BASE["organization"], **org}}
    return Manifest.model_validate(doc)


def test_the_file_loads_against_the_catalog():
    entries = load_conditions(catalog=load_catalog())
    assert any("key-industry:6.4.1.s1" in e.statements for e in entries)


def test_outside_any_carbon_market_the_market_statements_do_not_apply():
    ok, why = applicable("key-industry:6.4.1.s1", manifest(carbon_market="none"))
    assert not ok and "纳入全国或省碳交易市场的" in why.zh and "carbon market" in why.en
    assert applicable("key-industry:6.4.1.s1", manifest())[0]
    assert not applicable("cms:6.1.6.d", manifest(carbon_market="none"))[0]  # 适用时


def test_a_conditional_evidence_kind_leaves_the_rest_of_the_statement():
    m = manifest(carbon_market="none")
    assert applicable("key-industry:6.7.2.e", m)[0]  # disclosure records are still demanded
    assert not applicable("key-industry:6.7.2.e", m, "trading_records")[0]
    assert applicable("key-industry:6.7.2.e", m, "disclosure")[0]


def test_changes_apply_unless_the_organization_declares_none():
    assert applicable("cms:6.3.s3", manifest())[0]  # not stated: the requirement stands
    ok, why = applicable("cms:6.3.s3", manifest(declarations={"changes_in_period": False}))
    assert not ok and "changes_in_period" in why.en
    doc = manifest(declarations={"changes_in_period": False}).model_dump(mode="json")
    doc["records"] = {"changes": [{"id": "CH-1", "date": "2024-05-01"}]}
    assert applicable("cms:6.3.s3", Manifest.model_validate(doc))[0]  # a recorded change outweighs the declaration


def test_offsets_apply_with_a_claim_or_offsets_only():
    assert not applicable("industrial:8.1.4.s1", manifest())[0]
    assert applicable("industrial:8.1.4.s1", manifest(declarations={"offsets_used": True}))[0]


def test_statements_without_a_condition_always_apply():
    assert applicable("cms:5.2.b", manifest(carbon_market="none"))[0]


@pytest.mark.parametrize("text, field", [
    ("entries:\n  - statements: [cms:9.9.9]\n    condition: in_carbon_market\n    quote: x\n", "entries[0].statements[0]"),
    ("entries:\n  - statements: [cms:6.1.6.d]\n    condition: when_raining\n    quote: x\n", "entries[0].condition"),
    ("entries:\n  - statements: [cms:6.1.6.d]\n    evidence: [nonsense]\n    condition: in_carbon_market\n    quote: x\n", "entries[0].evidence[0]"),
])
def test_a_wrong_entry_is_a_located_problem(tmp_path: Path, text, field):
    path = tmp_path / "applicability.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_conditions(path, load_catalog())
    assert any(p.field == field and p.line for p in err.value.problems), [p.format() for p in err.value.problems]
