"""Shared, session-cached inputs for the site tests: each bundle is evaluated once and the minimal
bundle's site is built once (through the CLI), however many site test modules use them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

TESTS = Path(__file__).parent
MINIMAL = TESTS / "bundles" / "minimal"  # severe nonconformities with evidence
INJECTION = TESTS / "bundles" / "injection"  # a hostile park with two members

_cache: dict = {}


def catalog():
    from cmscheck.catalog import load_catalog
    return load_catalog()


def context(bundle: Path, lang: str = "zh"):
    """The bundle's report context from the one assessment path, comparison included (as `cmscheck site`)."""
    if ("context", bundle, lang) not in _cache:
        from cmscheck import pipeline
        _cache[("context", bundle, lang)] = pipeline.load_and_assess(
            bundle, pipeline.load_inputs(), pipeline.Options(lang=lang, compare=True, site=True)).context
    return _cache[("context", bundle, lang)]


def assessment(bundle: Path):
    return context(bundle).assessment


def minimal_site(tmp_path_factory) -> Path:
    """The minimal bundle's site (zh at the top, en under en/) built by `cmscheck site`, over an earlier --no-build output of the
    same folder so that the build really swaps one folder for another."""
    if "minimal_site" not in _cache:
        from cmscheck.cli import main
        from cmscheck.site import publish
        out = tmp_path_factory.mktemp("site-minimal") / "site"
        publish(context(MINIMAL), out, build=False)
        assert (out / "mkdocs.yml").is_file()
        result = CliRunner().invoke(main, ["site", str(MINIMAL), "-o", str(out)])
        assert result.exit_code == 0, result.output
        _cache["minimal_site"] = out
    return _cache["minimal_site"]


def site_words(lang: str) -> dict[str, str]:
    """The site's own words in one language (namespace site_lang of the message catalog)."""
    from cmscheck.i18n import table
    return table("site_lang")[lang]


def test_support_caches_what_it_builds(tmp_path_factory):
    assert assessment(MINIMAL) is assessment(MINIMAL)
