"""A park's SARIF report written a member at a time (render/sarif_report.chunks): the same bytes as one
json.dumps of the whole log (sarif_report.build), the results of each member encoded in a piece of
their own; and `evaluate` still writes every report of a run or none (cli/common.stage and commit)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.render import formats, sarif_report

from texts import differs

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = sorted(p for base in (ROOT / "examples", ROOT / "tests" / "bundles")
                 for p in base.iterdir() if (p / "cmscheck.yaml").is_file())
PARK = ROOT / "examples" / "park"


def _one_piece(ctx) -> str:
    """The SARIF report as it was written before it came in pieces: the whole log, dumped at once."""
    data = sarif_report.to_json(sarif_report.build(ctx.assessment, ctx.lang, ctx.rules, ctx.where))
    data = {"$schema": data.pop("$schema"), "version": data.pop("version"), **data}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _pieces(ctx) -> list[str]:
    return list(formats.get("sarif").chunks(ctx))


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_inputs()


@pytest.fixture(scope="module")
def contexts(inputs):
    """Each bundle's report context in each language, evaluated once for the module."""
    return {(p.name, lang): pipeline.load_and_assess(p, inputs, pipeline.Options(lang=lang)).context
            for p in BUNDLES for lang in ("zh", "en")}


def test_the_bundles_include_parks():
    assert {"park", "injection"} <= {p.name for p in BUNDLES}


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pieces_make_the_one_piece_report(path, lang, contexts):
    ctx = contexts[path.name, lang]
    assert ctx.where is not None and ctx.rules, "the report is placed and its rules described, as evaluate does"
    whole = _one_piece(ctx)
    assert differs("".join(_pieces(ctx)), whole) is None and differs(formats.get("sarif").render(ctx), whole) is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_park_comes_in_one_piece_per_member(lang, contexts):
    """The log's head, the park's own results, each member's results, the log's end: every middle piece
    holds the results of its bundle alone, and is empty for a bundle without findings."""
    ctx = contexts["park", lang]
    a = ctx.assessment
    walked = [(x.bundle, len(x.findings())) for x, _ in sarif_report._walk(a, ctx.where)]
    assert len(a.members) >= 2 and len(walked) == len(a.members) + 1
    assert sum(1 for _, n in walked if n) >= 3, "the park and at least two members have findings"
    pieces = _pieces(ctx)
    assert len(pieces) == len(walked) + 2
    for piece, (bundle, n) in zip(pieces[1:-1], walked):
        results = json.loads("[" + piece.lstrip(",") + "]")
        assert len(results) == n and {r["properties"]["bundle"] for r in results} <= {bundle}


def _without_findings(a, members: bool):
    """The assessment with no findings of its own (and, with `members`, none of its members')."""
    standards = [s.model_copy(update={"findings": []}) for s in a.standards]
    update = {"standards": standards}
    if members:
        update["members"] = [_without_findings(m, True) for m in a.members]
    return a.model_copy(update=update)


@pytest.mark.parametrize("members", [False, True], ids=["members-only", "none"])
def test_results_from_members_only_or_none_at_all(members, contexts):
    """No result before the members' (the first item has no comma), or none at all (an empty list)."""
    ctx = contexts["park", "zh"]
    bare = replace(ctx, assessment=_without_findings(ctx.assessment, members))
    text = "".join(_pieces(bare))
    assert differs(text, _one_piece(bare)) is None
    assert ('"results": []' in text) == members


def test_text_holding_the_results_key_is_no_split_point(contexts):
    """The run's results list is found by its place (a line break, six spaces): text holding the same
    words, as an organization's name may, is written inside quotes with its line breaks escaped."""
    ctx = contexts["park", "zh"]
    a = ctx.assessment
    org = a.organization.model_copy(update={"name": 'x\n      "results": []\n y'})
    tricky = replace(ctx, assessment=a.model_copy(update={"organization": org}))
    assert differs("".join(_pieces(tricky)), _one_piece(tricky)) is None


def test_a_streamed_report_is_written_whole(tmp_path, contexts):
    out = tmp_path / "park.sarif"
    res = CliRunner().invoke(cli_main, ["evaluate", str(PARK), "--format", f"sarif:{out}", "--format", "text",
                                        "--fail-on", "never"], catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.strip()
    assert differs(out.read_text(encoding="utf-8"), _one_piece(contexts["park", "zh"])) is None
    assert [p.name for p in tmp_path.iterdir()] == ["park.sarif"]
