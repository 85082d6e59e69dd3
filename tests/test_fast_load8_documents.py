"""Round 8 of the loader: `Bundle.documents` makes each document view (`from_result`) when a caller
first asks for it, not while the bundle loads. An evaluation never asks (content facts read the readings
themselves), so it builds none. Compared with the dict the loader used to build up front."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from cmscheck import pipeline
from cmscheck.bundle import checks, load_bundle, markdown
from cmscheck.bundle.checks import PATH_FIELDS
from cmscheck.bundle.markdown import Documents, ParsedDocument, from_result
from cmscheck.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "small-manufacturer", ROOT / "tests" / "bundles" / "complete"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _eager(bundle) -> dict[str, ParsedDocument]:
    """The dict the loader built before: for each document and record with a file read (not a CSV), in
    manifest order, the first one of an id, its view."""
    out: dict[str, ParsedDocument] = {}
    m = bundle.manifest
    items = [(d.id, d.file) for d in m.documents]
    for name in type(m.records).model_fields:
        for r in getattr(m.records, name):
            for attr in PATH_FIELDS:
                rel = getattr(r, attr, None)
                if isinstance(rel, str):
                    items.append((r.id, rel))
    for ident, rel in items:
        reading = bundle.readings.get(rel) if rel else None
        if reading is not None and reading.status == "read" and reading.format != "csv":
            out.setdefault(ident, from_result(reading))
    return out


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_the_same_views_as_built_up_front(path, catalog):
    bundle = load_bundle(path, catalog)
    eager = _eager(bundle)
    assert eager  # each of these bundles holds documents to view
    assert set(bundle.documents) == set(eager) and len(bundle.documents) == len(eager)
    assert list(bundle.documents) == list(eager)  # manifest order
    assert dict(bundle.documents.items()) == eager
    assert bundle.documents == eager and repr(bundle.documents) == repr(eager)
    first = next(iter(eager))
    assert bundle.documents[first] is bundle.documents[first]  # made once
    assert "no-such-id" not in bundle.documents and bundle.documents.get("no-such-id") is None
    with pytest.raises(KeyError):
        bundle.documents["no-such-id"]


def test_an_evaluation_builds_no_view(monkeypatch, catalog):
    built = []
    real = markdown.from_result
    counting = lambda result: (built.append(result.file), real(result))[1]  # noqa: E731
    monkeypatch.setattr(markdown, "from_result", counting)
    monkeypatch.setattr(checks, "from_result", counting)  # where the loader made them up front
    inputs = pipeline.load_inputs()
    assessed = pipeline.load_and_assess(ROOT / "examples" / "hubei-steel", inputs, pipeline.Options())
    assert assessed.assessment.standards and not built
    bundle = load_bundle(ROOT / "examples" / "hubei-steel", catalog)
    view = bundle.documents[next(iter(bundle.documents))]  # asked for: made then
    assert built == [view.file]


def test_the_first_reading_of_an_id_stays_and_pickling_keeps_the_readings(catalog):
    bundle = load_bundle(ROOT / "examples" / "hubei-steel", catalog)
    readings = [r for r in bundle.readings.values() if r.status == "read" and r.format != "csv"]
    docs = Documents()
    docs.add("x", readings[0])
    docs.add("x", readings[1])
    assert docs["x"] == from_result(readings[0]) and len(docs) == 1
    again = pickle.loads(pickle.dumps(docs))
    assert again == docs and list(again) == ["x"] and again["x"] is not docs["x"]
    built_before = Documents({"a": readings[1]})
    assert built_before["a"] == from_result(readings[1])
