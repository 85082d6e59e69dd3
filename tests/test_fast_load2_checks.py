"""The checker takes the items of a valid manifest from the manifest validated as a whole, instead of
validating each raw item again: the same items, so the same problems, documents and readings, on every
bundle of the examples and tests (valid or broken), and on patched manifests where the whole manifest
is invalid or the list holds another model (the quick way declines and each item is validated)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pydantic import ValidationError

from cmscheck import yamlio
from cmscheck.bundle import checks, load_bundle
from cmscheck.bundle.checks import _Checker
from cmscheck.bundle.manifest_yaml import _read_manifest
from cmscheck.bundle.models import Activity, Answer, Calibration, Document, Manifest, Organization, Records, Training
from cmscheck.bundle.pydantic_problems import _unwrap_model
from cmscheck.catalog import load_catalog
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml"),
                    *ROOT.glob("tests/broken/*/bundle/**/cmscheck.yaml")})
LISTS = [(("documents",), Document), (("answers",), Answer), (("records", "calibrations"), Calibration)] + [
    (("records", name), _unwrap_model(info.annotation)) for name, info in Records.model_fields.items()]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _doc(path: Path):
    try:
        return _read_manifest(path, str(path))  # with the alias guard
    except InputError:
        return None


def _manifest(data):
    try:
        return Manifest.model_validate(data)
    except ValidationError:
        return None


def _state(checker: _Checker) -> tuple:
    return (repr(checker.problems), repr(checker.documents), repr(checker.readings), checker.ids, checker.member_dirs)


def _run(path: Path, doc, catalog, manifest) -> _Checker:
    checker = _Checker(path.parent, doc, catalog, member=False, manifest=manifest)
    checker.run()
    return checker


READABLE = [p for p in MANIFESTS if _doc(p) is not None]  # the others' YAML itself is refused: no checker runs


def test_some_manifests_are_readable():
    assert len(READABLE) > 10


@pytest.mark.parametrize("path", READABLE, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_same_checks_with_the_validated_manifest(path, catalog):
    doc = _doc(path)
    manifest = _manifest(doc.data)
    general = _run(path, doc, catalog, None)
    quick = _run(path, doc, catalog, manifest)
    assert _state(quick) == _state(general)
    for loc, model in LISTS + [(("data", "inventory"), checks.Inventory), (("waivers",), checks.Waiver)]:
        assert list(quick.items(loc, model)) == list(general.items(loc, model))
    assert quick.one(("organization",), Organization) == general.one(("organization",), Organization)


def test_items_come_from_the_manifest_when_it_is_valid(catalog):
    path = ROOT / "examples" / "hubei-steel" / "cmscheck.yaml"
    doc = yamlio.load(path)
    manifest = Manifest.model_validate(doc.data)
    checker = _Checker(path.parent, doc, catalog, member=False, manifest=manifest)
    assert [d for _, d in checker.items(("documents",), Document)] == manifest.documents
    assert all(a is b for (_, a), b in zip(checker.items(("documents",), Document), manifest.documents))
    assert checker.one(("organization",), Organization) is manifest.organization


def test_declines_for_another_model(catalog):
    path = ROOT / "examples" / "hubei-steel" / "cmscheck.yaml"
    doc = yamlio.load(path)
    manifest = Manifest.model_validate(doc.data)
    assert manifest.records.trainings  # Training items, asked for as Activity: validated one by one
    quick = _Checker(path.parent, doc, catalog, member=False, manifest=manifest)
    general = _Checker(path.parent, doc, catalog, member=False)
    assert quick.validated(("records", "trainings"), Activity) is None
    got = list(quick.items(("records", "trainings"), Activity))
    assert got == list(general.items(("records", "trainings"), Activity))
    assert all(type(item) is Activity for _, item in got)
    assert quick.validated(("records", "trainings"), Training) is manifest.records.trainings


def test_declines_where_the_manifest_only_has_a_default(catalog, tmp_path):
    path = ROOT / "tests" / "bundles" / "minimal" / "cmscheck.yaml"
    doc = yamlio.load(path)
    data = copy.deepcopy(doc.data)
    data.pop("records", None)
    manifest = Manifest.model_validate(data)
    located = yamlio.Located(data, doc.lines, doc.file)
    quick = _Checker(path.parent, located, catalog, member=False, manifest=manifest)
    assert quick.one(("records",), Records) is None  # nothing written there: as validating None gives
    assert quick.one(("records",), Records) == _Checker(path.parent, located, catalog, member=False).one(("records",), Records)
    assert list(quick.items(("records", "trainings"), Training)) == []


def test_invalid_item_is_skipped_as_before(catalog):
    path = ROOT / "examples" / "hubei-steel" / "cmscheck.yaml"
    doc = yamlio.load(path)
    data = copy.deepcopy(doc.data)
    data["documents"][1]["issued"] = "2024-02-30"  # this item alone is invalid: so is the manifest
    assert _manifest(data) is None
    located = yamlio.Located(data, doc.lines, doc.file)
    checker = _Checker(path.parent, located, catalog, member=False, manifest=None)
    got = [loc for loc, _ in checker.items(("documents",), Document)]
    assert ("documents", 1) not in got and ("documents", 0) in got and len(got) == len(data["documents"]) - 1


@pytest.mark.parametrize("path", sorted(ROOT.glob("tests/broken/*/bundle")), ids=lambda p: p.parent.name)
def test_same_problems_when_every_item_is_validated_again(path, catalog, monkeypatch):
    def outcome():
        try:
            load_bundle(path, catalog)
            return "loaded"
        except InputError as err:
            return [repr(p) for p in err.problems]

    quick = outcome()
    monkeypatch.setattr(_Checker, "validated", lambda self, loc, model: None)
    assert quick == outcome()
