"""A park's text and Markdown reports written a member at a time (text_report.chunks, markdown_report.chunks):
the bytes of the report made at once, one piece for the bundle's own part and one per member."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.render import formats, markdown_report, text_report
from cmscheck.render.console import report_console

from texts import differs

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "park", ROOT / "tests" / "bundles" / "injection", ROOT / "examples" / "hubei-steel",
           ROOT / "tests" / "bundles" / "minimal"]


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_inputs()


def _text_at_once(a, lang: str) -> str:
    """The text report as it was made before it came in pieces: everything printed, then the buffer read."""
    buf = io.StringIO()
    con = report_console(buf, 150)
    for _ in text_report._render(con, a, lang):
        pass
    return buf.getvalue()


def _markdown_at_once(a, lang: str) -> str:
    out: list[str] = []
    for _ in markdown_report._render(out, a, lang, level=1):
        pass
    return "\n".join(out).rstrip() + "\n"


def _members(a) -> int:
    return sum(1 + _members(m) for m in a.members)


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pieces_make_the_report_made_at_once(path, lang, inputs):
    a = pipeline.load_and_assess(path, inputs, pipeline.Options(lang=lang)).assessment
    text = list(text_report.chunks(a, lang))
    assert differs("".join(text), _text_at_once(a, lang)) is None
    assert len(text) == 1 + _members(a)  # the bundle's own part, then one per member
    md = list(markdown_report.chunks(a, lang))
    assert differs("".join(md), _markdown_at_once(a, lang)) is None
    assert len(md) == 2 + _members(a)  # and the closing line break
    if a.members:
        for piece, member in zip(text[1:], a.members):
            assert piece.startswith("\n" + "=" * 20 + (" 成员企业 " if lang == "zh" else " member ")) and member.organization.name in piece
        for piece, member in zip(md[1:], a.members):
            assert piece.lstrip("\n").startswith("## ")


def test_trailing_whitespace_goes_only_at_the_end(inputs):
    """Markdown drops the whitespace that ends the report; whitespace ending a member's piece is kept in front of
    the next, as the report made at once keeps it."""
    a = pipeline.load_and_assess(ROOT / "examples" / "park", inputs, pipeline.Options()).assessment
    pieces = list(markdown_report.chunks(a))
    assert all(p == p.rstrip() for p in pieces[:-1]) and pieces[-1] == "\n"
    assert all(p.startswith("\n\n") for p in pieces[1:-1])  # the blank line a member's piece held back


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_park_report_file_is_written_in_pieces(fmt, tmp_path, inputs):
    park = ROOT / "examples" / "park"
    out = tmp_path / f"park.{fmt}"
    res = CliRunner().invoke(cli_main, ["evaluate", str(park), "--format", f"{fmt}:{out}", "--fail-on", "never"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    ctx = pipeline.load_and_assess(park, inputs, pipeline.Options()).context
    f = formats.get(fmt)
    assert f.stream is not None
    assert differs(out.read_text(encoding="utf-8"), f.render(ctx)) is None
    assert [p.name for p in tmp_path.iterdir()] == [f"park.{fmt}"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_register_follows_the_report(fmt, tmp_path, inputs):
    """--previous: the tracking register comes after the report, in the file written in pieces too."""
    steel = ROOT / "examples" / "hubei-steel"
    old, out = tmp_path / "old.json", tmp_path / f"steel.{fmt}"
    args = ["evaluate", str(steel), "--fail-on", "never", "--lang", "en"]
    assert CliRunner().invoke(cli_main, args + ["--format", f"json:{old}"], catch_exceptions=False).exit_code == 0
    res = CliRunner().invoke(cli_main, args + ["--previous", str(old), "--format", f"{fmt}:{out}"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    from cmscheck.cli.common import with_previous
    from cmscheck.render import register

    ctx = with_previous(steel, inputs, pipeline.Options(lang="en"), old, "en").context
    report = text_report.render(ctx.assessment, "en") if fmt == "text" else markdown_report.render(ctx.assessment, "en")
    written = out.read_text(encoding="utf-8")
    assert differs(written, report + getattr(register, fmt)(ctx.assessment.tracking, "en")) is None
    assert len(written) > len(report)
