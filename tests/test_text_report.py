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
