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
