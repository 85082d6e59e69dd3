"""A park's JSON report written a member at a time (render/json_report.chunks): the same bytes as one
json.dumps of the whole model's dump, in one piece per member; and `evaluate` still writes every report
of a run or none (cli/common.stage and commit)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.render import formats, json_report

from texts import differs

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "park", ROOT / "tests" / "bundles" / "injection", ROOT / "examples" / "hubei-steel",
           ROOT / "tests" / "bundles" / "minimal"]


def _one_piece(assessment) -> str:
    """The JSON report as it was written before it came in pieces."""
    return json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_inputs()


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pieces_make_the_one_piece_report(path, lang, inputs):
    a = pipeline.load_and_assess(path, inputs, pipeline.Options(lang=lang)).assessment
    pieces = list(json_report.chunks(a, lang))
    whole = _one_piece(a)
    assert differs("".join(pieces), whole) is None and differs(json_report.render(a, lang), whole) is None
    # a park: its own fields, one piece per member, then the rest; anything else: one piece
    assert len(pieces) == (len(a.members) + 2 if a.members else 1)
    if a.members:
        assert len(a.members) >= 2
        for piece, member in zip(pieces[1:-1], a.members):
            assert piece.count('\n      "bundle": ') == 1 and json.dumps(member.bundle, ensure_ascii=False) in piece


def test_a_member_holding_the_members_key_in_its_text_is_no_split_point(inputs):
    """The park's own members key is found by its place (a line break, two spaces): text holding the
    same words, as a name or note may, is written inside quotes with its line breaks escaped."""
    a = pipeline.load_and_assess(ROOT / "examples" / "park", inputs, pipeline.Options()).assessment
    org = a.organization.model_copy(update={"name": 'x\n  "members": [],\n y'})
    tricky = a.model_copy(update={"organization": org})
    assert differs(json_report.render(tricky), _one_piece(tricky)) is None


STREAMED = [f for f in formats.names("assessment") if formats.get(f).stream is not None]


def test_every_format_of_a_park_streams():
    assert sorted(STREAMED) == ["json", "junit", "markdown", "oscal-ar", "oscal-poam", "sarif", "text"]


@pytest.mark.expect_bug
@pytest.mark.parametrize("fmt", STREAMED)
def test_every_report_of_a_run_or_none(fmt, tmp_path, monkeypatch):
    """A renderer failing after another report was streamed in full to its temporary file leaves neither
    report, no temporary file, and an older report where it was."""
    park = ROOT / "examples" / "park"
    old = tmp_path / f"out.{formats.get(fmt).extension}"
    old.write_text("older report\n", encoding="utf-8")
    other = "sarif" if fmt != "sarif" else "junit"
    victim, real_get = formats.get(other), formats.get

    def broken(mod, ctx):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(formats, "get", lambda name, subject="assessment": (
        formats.Format(victim.name, victim.extension, victim.subject, victim.module, broken) if name == other
        else real_get(name, subject)))
    res = CliRunner().invoke(cli_main, ["evaluate", str(park), "--format", f"{fmt}:{old}", "--format",
                                        f"{other}:{tmp_path / 'other.out'}", "--fail-on", "never"], catch_exceptions=False)
    assert res.exit_code == 3  # a renderer's failure is a bug in cmscheck, reported as one
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]
    assert old.read_text(encoding="utf-8") == "older report\n"


@pytest.mark.expect_bug
@pytest.mark.parametrize("fmt", STREAMED)
def test_a_report_failing_between_its_pieces_leaves_no_file(fmt, tmp_path, monkeypatch):
    """The renderer itself fails after its first pieces (the park's own part, its first members') were
    written to the temporary file: no file and no temporary file."""
    real, real_get, calls = formats.get(fmt), formats.get, []

    def breaks_on_the_third(mod, ctx):
        for piece in real.stream(mod, ctx):
            calls.append(piece)
            if len(calls) == 3:
                raise RuntimeError("renderer broke")
            yield piece

    monkeypatch.setattr(formats, "get", lambda name, subject="assessment": (
        dataclasses.replace(real, stream=breaks_on_the_third) if name == fmt else real_get(name, subject)))
    out = tmp_path / f"park.{real.extension}"
    res = CliRunner().invoke(cli_main, ["evaluate", str(ROOT / "examples" / "park"), "--format", f"{fmt}:{out}",
                                        "--fail-on", "never"], catch_exceptions=False)
    assert res.exit_code == 3 and len(calls) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_streamed_report_is_written_whole(tmp_path, inputs):
    park = ROOT / "examples" / "park"
    out = tmp_path / "park.json"
    res = CliRunner().invoke(cli_main, ["evaluate", str(park), "--format", f"json:{out}", "--format", "text",
                                        "--fail-on", "never"], catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.strip()
    a = pipeline.load_and_assess(park, inputs, pipeline.Options()).assessment
    assert differs(out.read_text(encoding="utf-8"), _one_piece(a)) is None
    assert [p.name for p in tmp_path.iterdir()] == ["park.json"]


def test_a_report_on_stdout_is_spooled_and_printed_whole(monkeypatch, inputs):
    """stdout's report is written to a spool as it comes (a file past _SPOOL_BYTES), printed once every
    file is renamed, whole lines at a time: the same bytes as the report rendered at once."""
    from cmscheck.cli import evaluate as cli_evaluate

    made = []
    real = cli_evaluate.tempfile.SpooledTemporaryFile

    def spy(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(cli_evaluate, "_SPOOL_BYTES", 4096)
    monkeypatch.setattr(cli_evaluate.tempfile, "SpooledTemporaryFile", spy)
    park = ROOT / "examples" / "park"
    res = CliRunner().invoke(cli_main, ["evaluate", str(park), "--format", "json", "--fail-on", "never"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    a = pipeline.load_and_assess(park, inputs, pipeline.Options()).assessment
    assert differs(res.stdout, _one_piece(a)) is None
    assert len(made) == 1 and made[0]._rolled and made[0].closed  # it went to a file, and the file is gone
