"""A park's OSCAL documents written a piece at a time: the assessment results a result at a time
(render/oscal_results.assessment_results_chunks), the POA&M an item at a time (poam_chunks). The bytes of
one dump of the whole document, so a park's members are encoded and let go in turn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.render import oscal_results
from cmscheck.render.oscal_common import dump

from texts import differs

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "park", ROOT / "tests" / "bundles" / "injection", ROOT / "examples" / "hubei-steel",
           ROOT / "tests" / "bundles" / "minimal"]


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_inputs()


def _applicable(a) -> int:
    return sum(1 for s in a.standards if s.applicable) + sum(_applicable(m) for m in a.members)


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pieces_make_one_dump_of_the_document(path, lang, inputs):
    ctx = pipeline.load_and_assess(path, inputs, pipeline.Options(lang=lang)).context
    pieces = list(oscal_results.assessment_results_chunks(ctx))
    whole = "".join(pieces)
    assert differs(whole, oscal_results.assessment_results(ctx)) is None
    # what one json.dumps of the same document writes: every piece indented where it stands
    doc = json.loads(whole)
    assert differs(dump(doc), whole) is None
    results = doc["assessment-results"]["results"]
    # the document's own fields, one piece per result (at least one: "no applicable standard"), the rest
    assert len(pieces) == len(results) + 2 == max(_applicable(ctx.assessment), 1) + 2
    if ctx.assessment.members:  # every member's standards are there, after the park's own
        bundles = [next(p["value"] for p in r["props"] if p["name"] == "bundle") for r in results]
        assert bundles[-1] == ctx.assessment.members[-1].bundle and len(set(bundles)) == len(ctx.assessment.members) + 1


def test_no_applicable_standard_is_one_result(inputs):
    ctx = pipeline.load_and_assess(ROOT / "tests" / "bundles" / "minimal", inputs, pipeline.Options()).context
    none = ctx.assessment.model_copy(update={
        "standards": [s.model_copy(update={"applicable": False}) for s in ctx.assessment.standards]})
    whole = oscal_results.assessment_results(_replace(ctx, none))
    results = json.loads(whole)["assessment-results"]["results"]
    assert [r["description"] for r in results] == ["no applicable standard"]
    assert differs(dump(json.loads(whole)), whole) is None


def _replace(ctx, assessment):
    from dataclasses import replace
    return replace(ctx, assessment=assessment)


def test_a_name_holding_the_results_key_is_no_split_point(inputs):
    """The results key is found by its place (a line break, four spaces): a name holding the same words is
    written inside quotes with its line breaks escaped."""
    ctx = pipeline.load_and_assess(ROOT / "examples" / "park", inputs, pipeline.Options()).context
    org = ctx.assessment.organization.model_copy(update={"name": 'x\n    "results": [],\n y'})
    tricky = _replace(ctx, ctx.assessment.model_copy(update={"organization": org}))
    whole = oscal_results.assessment_results(tricky)
    assert differs(dump(json.loads(whole)), whole) is None


def test_a_streamed_document_is_written_whole(tmp_path, inputs):
    park = ROOT / "examples" / "park"
    out = tmp_path / "park.oscal-ar.json"
    res = CliRunner().invoke(cli_main, ["evaluate", str(park), "--format", f"oscal-ar:{out}", "--fail-on", "never"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    ctx = pipeline.load_and_assess(park, inputs, pipeline.Options()).context
    assert differs(out.read_text(encoding="utf-8"), oscal_results.assessment_results(ctx)) is None
    assert [p.name for p in tmp_path.iterdir()] == ["park.oscal-ar.json"]


def _nonconformities(a) -> int:
    return sum(1 for f in a.findings() if f.verdict == "nonconforming") + sum(_nonconformities(m) for m in a.members)


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_poam_pieces_make_one_dump_of_the_document(path, lang, inputs):
    ctx = pipeline.load_and_assess(path, inputs, pipeline.Options(lang=lang)).context
    pieces = list(oscal_results.poam_chunks(ctx))
    whole = "".join(pieces)
    assert differs(whole, oscal_results.poam(ctx)) is None
    doc = json.loads(whole)["plan-of-action-and-milestones"]
    assert differs(dump({"plan-of-action-and-milestones": doc}), whole) is None
    items = doc["poam-items"]
    assert len(items) == _nonconformities(ctx.assessment)  # no --previous: no records
    # each item's risk, in the same order; no risks key without items
    assert [i["related-risks"][0]["risk-uuid"] for i in items] == [r["uuid"] for r in doc.get("risks", [])]
    assert ("risks" in doc) == bool(items)
    # its own fields, one piece per item, the risks' list opened, the risks (read back from where they
    # waited, in pieces of at most a quarter of _SPOOL_BYTES), the rest; without items: head, rest
    if items:
        opened = next(i for i, p in enumerate(pieces) if '"risks": [' in p)
        assert opened == len(items) + 1 and pieces[opened].startswith("\n    ]")
        assert 1 <= len(pieces) - opened - 2 <= 1 + len("".join(pieces[opened + 1:-1])) // (oscal_results._SPOOL_BYTES // 4)
    else:
        assert len(pieces) == 2


def test_the_poam_risks_wait_in_a_file_past_the_spool_size(inputs, monkeypatch):
    """Risks past _SPOOL_BYTES are written to a temporary file and read back in pieces: the same bytes."""
    ctx = pipeline.load_and_assess(ROOT / "examples" / "park", inputs, pipeline.Options()).context
    whole = oscal_results.poam(ctx)
    rolled = []
    real = oscal_results.tempfile.SpooledTemporaryFile

    def spy(*args, **kwargs):
        f = real(*args, **kwargs)
        rolled.append(f)
        return f

    monkeypatch.setattr(oscal_results, "_SPOOL_BYTES", 4096)
    monkeypatch.setattr(oscal_results.tempfile, "SpooledTemporaryFile", spy)
    pieces = list(oscal_results.poam_chunks(ctx))
    assert differs("".join(pieces), whole) is None
    assert rolled and rolled[0]._rolled  # it went to a file
    assert max(len(p) for p in pieces[-3:-1]) <= 1024  # read back a quarter of the spool size at a time


def test_a_poam_without_nonconformities_has_no_risks(inputs):
    ctx = pipeline.load_and_assess(ROOT / "tests" / "bundles" / "complete", inputs, pipeline.Options()).context
    clean = ctx.assessment.model_copy(update={"standards": [s.model_copy(update={"findings": []})
                                                            for s in ctx.assessment.standards]})
    whole = oscal_results.poam(_replace(ctx, clean))
    doc = json.loads(whole)["plan-of-action-and-milestones"]
    assert doc["poam-items"] == [] and "risks" not in doc
    assert differs(dump({"plan-of-action-and-milestones": doc}), whole) is None


def test_a_poam_with_open_records_streams_them_last(tmp_path, inputs):
    """--previous: the bundle's open nonconformity records (the steel example keeps one from 2023) come
    after every finding's risk, and the file written in pieces is the document dumped whole."""
    from cmscheck.cli.common import with_previous

    steel = ROOT / "examples" / "hubei-steel"
    old, out = tmp_path / "old.json", tmp_path / "steel.oscal-poam.json"
    args = ["evaluate", str(steel), "--fail-on", "never", "--lang", "en"]
    assert CliRunner().invoke(cli_main, args + ["--format", f"json:{old}"], catch_exceptions=False).exit_code == 0
    res = CliRunner().invoke(cli_main, args + ["--previous", str(old), "--format", f"oscal-poam:{out}"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    ctx = with_previous(steel, inputs, pipeline.Options(lang="en"), old, "en").context
    whole = out.read_text(encoding="utf-8")
    assert differs(whole, oscal_results.poam(ctx)) is None
    doc = json.loads(whole)["plan-of-action-and-milestones"]
    assert differs(dump({"plan-of-action-and-milestones": doc}), whole) is None
    records = [i for i, r in enumerate(doc["risks"]) if any(p["name"] == "nonconformity-record" for p in r["props"])]
    assert records and records == list(range(len(doc["risks"]) - len(records), len(doc["risks"])))
    assert len(doc["poam-items"]) == len(doc["risks"]) == _nonconformities(ctx.assessment) + len(records)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json", "steel.oscal-poam.json"]
