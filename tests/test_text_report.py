"""The terminal report never passes a bundle's control characters to the terminal."""

import shutil
from pathlib import Path

import yaml

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.evaluate import evaluate
from cmscheck.render.text_report import render
from cmscheck.rules import load_rules

MINIMAL = Path(__file__).parent / "bundles" / "minimal"


def test_escape_sequences_in_bundle_text_are_neutralised(tmp_path):
    bundle = tmp_path / "b"
    shutil.copytree(MINIMAL, bundle)
    manifest = yaml.safe_load((bundle / "cmscheck.yaml").read_text(encoding="utf-8"))
    manifest["organization"]["name"] = "Evil\x1b]0;pwned\x07\x1b[2J Co"
    (bundle / "cmscheck.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    catalog = load_catalog()
    out = render(evaluate(load_bundle(bundle, catalog), catalog, load_rules(), ["cms"]), "en")
    assert "Evil" in out
    assert "\x1b" not in out and "\x07" not in out


def test_reports_are_printed_without_asking_the_terminal(monkeypatch):
    """Text reports, the comparison and the many-bundle summary print into a buffer: their console is
    given its height as well as its width, so rich never asks the terminal for its size (it did at every
    print: ~900 times for a steel report) and a terminal's size cannot change a report."""
    import os

    from cmscheck import pipeline
    from cmscheck.render import formats

    inputs = pipeline.load_inputs()
    ctx = pipeline.load_and_assess(MINIMAL, inputs, pipeline.Options(compare=True)).context
    asked = []
    monkeypatch.delenv("LINES", raising=False)  # rich takes a size from the environment when it has one
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda *a: asked.append(a) or os.terminal_size((300, 300)))
    report = formats.get("text").render(ctx)
    comparison = formats.get("text", "comparison").render(ctx)
    assert asked == []
    monkeypatch.setenv("LINES", "3")  # a small terminal's
    monkeypatch.setenv("COLUMNS", "20")
    assert report == formats.get("text").render(ctx) and comparison == formats.get("text", "comparison").render(ctx)


def test_the_summary_table_cuts_no_word_and_says_why_a_standard_does_not_apply():
    """Each column is as wide as its longest word: no header or name ends cut ("nonconformi…", as the
    English table had), every line fits the report's width, and a standard that does not apply says why
    on a line of its own under the table instead of in a squeezed cell."""
    import datetime as dt

    from cmscheck import pipeline

    inputs = pipeline.load_inputs()
    options = pipeline.Options(as_of=dt.date(2025, 6, 30))
    for folder, skipped in ((MINIMAL.parents[2] / "examples" / "park", 3), (MINIMAL.parents[2] / "examples" / "hubei-steel", 1)):
        a = pipeline.load_and_assess(folder, inputs, options).assessment
        for lang, not_applicable in (("en", "does not apply"), ("zh", "不适用")):
            out = render(a, lang)
            table = out[out.index("┏"): out.index("└")]
            assert "…" not in table, (folder.name, lang)
            assert all(len(line) <= 150 for line in table.splitlines())
            under = [s for s in a.standards if not s.applicable]
            assert len(under) == skipped
            for s in under:
                assert f"\n  {s.standard}: {not_applicable}: {s.applicability_reason.get(lang)}\n" in out
