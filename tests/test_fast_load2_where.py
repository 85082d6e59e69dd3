"""Bundle.where makes its EvidenceRef without validating again what the loader made: equal to the validated
EvidenceRef in every way a report can see (fields, fields set, JSON with and without unset fields, hash,
repr), for places all over the manifest, with and without a note; a value of another type is validated
as before (and refused as before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from cmscheck.bundle import load_bundle
from cmscheck.bundle.loader import _manifest_ref
from cmscheck.catalog import load_catalog
from cmscheck.findings import EvidenceRef
from cmscheck.yamlio import dotted

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def steel():
    return load_bundle(ROOT / "examples" / "hubei-steel", load_catalog())


def _same(a: EvidenceRef, b: EvidenceRef) -> None:
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    assert a.model_fields_set == b.model_fields_set
    assert list(a.__dict__) == list(b.__dict__)
    for kw in ({}, {"exclude_unset": True}, {"exclude_none": True}, {"exclude_defaults": True}):
        assert a.model_dump(**kw) == b.model_dump(**kw)
        assert a.model_dump_json(**kw) == b.model_dump_json(**kw)
    assert EvidenceRef.model_validate(a.model_dump()) == b


LOCS = [(), ("documents",), ("documents", 0, "file"), ("records", "calibrations", 2, "due"), ("organization", "as_of"),
        ("data", "inventory", 0, "sources", 3, "activity", "value"), ("no", "such", 7, "place"), ["records", "trainings"]]


@pytest.mark.parametrize("note", [None, "", "应在 2024-12-31 前 / due", "x" * 500])
@pytest.mark.parametrize("loc", LOCS, ids=repr)
def test_where_equals_the_validated_ref(steel, loc, note):
    got = steel.where(loc, note)
    t = tuple(loc)
    _same(got, EvidenceRef(file=steel.manifest_path, line=steel.lines.line(t), field=dotted(t) or None, note=note))


def test_where_of_a_generator(steel):
    _same(steel.where(iter(("organization", "name"))), steel.where(("organization", "name")))


@pytest.mark.parametrize("args", [("m.yaml", 3, "a.b", None), ("m.yaml", None, None, None), ("m.yaml", 0, "", "n")])
def test_manifest_ref_equals_the_validated_ref(args):
    file, line, field, note = args
    _same(_manifest_ref(*args), EvidenceRef(file=file, line=line, field=field, note=note))


@pytest.mark.parametrize("args", [("m.yaml", True, "a", None), ("m.yaml", "3", "a", None), ("m.yaml", 3.0, "a", None)])
def test_other_types_are_validated_as_before(args):
    file, line, field, note = args
    _same(_manifest_ref(*args), EvidenceRef(file=file, line=line, field=field, note=note))  # pydantic's lax coercion


@pytest.mark.parametrize("args", [("m.yaml", 3, "a", 5), (None, 3, "a", None), ("m.yaml", [1], "a", None), ("m.yaml", 1, 2, None)])
def test_bad_values_are_refused_as_before(args):
    file, line, field, note = args
    with pytest.raises(ValidationError):
        EvidenceRef(file=file, line=line, field=field, note=note)
    with pytest.raises(ValidationError):
        _manifest_ref(*args)
