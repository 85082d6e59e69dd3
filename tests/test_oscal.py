"""OSCAL export validated against compliance-trestle's OSCAL models for every example and every standard:
assessment results target the statements of the exported catalogs, the basis is the method, status
follows the verdict, the POA&M holds exactly the open nonconformities, and bytes are deterministic."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from trestle.oscal import assessment_results as oscal_ar
from trestle.oscal import catalog as oscal_catalog
from trestle.oscal import poam as oscal_poam

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.render import formats

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "cmscheck.yaml").is_file())
STANDARDS = ("cms", "enterprise", "industrial", "key-industry", "park")


@lru_cache(maxsize=None)
def _assessed(path: Path, lang: str = "zh"):
    return pipeline.load_and_assess(path, pipeline.load_inputs(), pipeline.Options(lang=lang))


@lru_cache(maxsize=None)
def _catalog(std: str) -> dict:
    res = CliRunner().invoke(cli_main, ["oscal", "catalog", std, "--lang", "en"], catch_exceptions=False)
    assert res.exit_code == 0
    return json.loads(res.stdout)


def _walk_parts(controls):
    for c in controls:
        yield c["id"]
        for p in c.get("parts", []):
            yield p["id"]
            for q in p.get("parts", []):
                yield q["id"]
        yield from _walk_parts(c.get("controls", []))


@pytest.mark.parametrize("std", STANDARDS)
def test_catalog_validates_and_holds_every_statement(std):
    doc = _catalog(std)
    oscal_catalog.Model.model_validate(doc)
    ids = list(_walk_parts(doc["catalog"]["controls"]))
    assert len(ids) == len(set(ids))  # OSCAL ids are unique in a document
    statements = [s.id for s in pipeline.load_inputs().catalog.standards[std].statements()]
    assert {s.replace(":", "_") for s in statements} <= set(ids)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_assessment_results_validate_and_target_catalog_statements(example):
    ctx = _assessed(example).context
    text = formats.get("oscal-ar").render(ctx)
    assert text == formats.get("oscal-ar").render(ctx)
    doc = json.loads(text)
    oscal_ar.Model.model_validate(doc)
    targets = {i for std in STANDARDS for i in _walk_parts(_catalog(std)["catalog"]["controls"])}
    results = {r["uuid"]: r for r in doc["assessment-results"]["results"]}
    expected = {}
    for a in [ctx.assessment, *ctx.assessment.members]:
        for s in a.standards:
            for r in s.statements:
                if r.basis in ("checked", "documented", "answered"):
                    expected[(a.bundle, r.id)] = r
    seen = 0
    for result in results.values():
        bundle = next(p["value"] for p in result["props"] if p["name"] == "bundle")
        obs = {o["uuid"]: o for o in result.get("observations", [])}
        for f in result.get("findings", []):
            sid = next(p["value"] for p in f["props"] if p["name"] == "statement")
            r = expected[(bundle, sid)]
            assert f["target"]["target-id"] in targets
            assert f["target"]["status"]["state"] == ("satisfied" if r.status == "conforming" else "not-satisfied")
            o = obs[f["related-observations"][0]["observation-uuid"]]
            assert o["methods"] == [{"checked": "TEST", "documented": "EXAMINE", "answered": "INTERVIEW"}[r.basis]]
            seen += 1
    assert seen == len(expected) > 0
    uuids = [o["uuid"] for r in results.values() for o in r.get("observations", []) + r.get("findings", [])]
    assert len(uuids) == len(set(uuids))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_poam_holds_the_open_nonconformities(example):
    ctx = _assessed(example).context
    doc = json.loads(formats.get("oscal-poam").render(ctx))
    oscal_poam.Model.model_validate(doc)
    want = sorted(f.id for a in [ctx.assessment, *ctx.assessment.members] for f in a.findings() if f.verdict == "nonconforming")
    got = sorted(i["title"] for i in doc["plan-of-action-and-milestones"]["poam-items"])
    assert got == want
    risks = {r["title"]: r for r in doc["plan-of-action-and-milestones"].get("risks", [])}
    severe = [f for f in ctx.assessment.findings() if f.verdict == "nonconforming" and f.deadline is not None]
    for f in severe:
        assert risks[f.id]["deadline"] == f"{f.deadline}T00:00:00Z"


def test_the_models_do_refuse_a_broken_document():
    """The validation above means something: an id that is no OSCAL token, or a missing method, is refused."""
    doc = json.loads(formats.get("oscal-ar").render(_assessed(EXAMPLES[0]).context))
    bad = copy.deepcopy(doc)
    bad["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "cms:4.1.s1"
    with pytest.raises(ValidationError):
        oscal_ar.Model.model_validate(bad)
    bad = copy.deepcopy(doc)
    bad["assessment-results"]["results"][0]["observations"][0]["methods"] = []
    with pytest.raises(ValidationError):
        oscal_ar.Model.model_validate(bad)


def test_oscal_timestamps_come_from_as_of():
    ctx = _assessed(EXAMPLES[0]).context
    doc = json.loads(formats.get("oscal-ar").render(ctx))
    assert doc["assessment-results"]["metadata"]["last-modified"] == f"{ctx.assessment.organization.as_of}T00:00:00Z"


@pytest.mark.parametrize("parts", [(), ("a",), ("result", "钢铁", 2024, None), ("x" * 5000,), ("\x00|\ud7ff", 1.5)], ids=repr)
def test_uid_is_the_uuid5_of_the_parts(parts):
    """uid builds the UUID without uuid.UUID (800 of them a steel report); it must be uuid5's, to the character."""
    import uuid

    from cmscheck.render.oscal_common import _ROOT, uid

    assert uid(*parts) == str(uuid.uuid5(_ROOT, "|".join(str(p) for p in parts)))
