"""The caches between runs (datacache.py) after the start-up work of issue 16: a first run writes every
one of them (a result that would not come back equal is never cached, so a too strict comparison would
quietly turn a cache off), and what the next run reads back equals what was built, field by field."""

from __future__ import annotations

from cmscheck import datacache, trusted
from cmscheck.catalog import loader as catalog_loader
from cmscheck.catalog.models import Catalog
from cmscheck import paths


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CMSCHECK_NO_CACHE", raising=False)
    from cmscheck.catalog.loader import _cached as catalog_cached
    from cmscheck.content.loader import _cached as content_cached
    from cmscheck.crosswalk.loader import _cached as crosswalk_cached
    from cmscheck.reference import reference
    from cmscheck.rules.loader import _cached as rules_cached
    for memo in (catalog_cached, content_cached, crosswalk_cached, reference, rules_cached):
        memo.cache_clear()


def _load_all():
    from cmscheck.catalog import load_catalog
    from cmscheck.content.loader import load_content
    from cmscheck.crosswalk.loader import load_crosswalk
    from cmscheck.reference import reference
    from cmscheck.rules.loader import load_rules
    return {"catalog": load_catalog(), "rules": load_rules(), "content": load_content(),
            "crosswalk": load_crosswalk(), "reference": reference()}


def test_a_first_run_writes_every_cache_and_the_next_reads_the_same(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    built = _load_all()
    written = sorted(p.name.split("-")[0] for p in tmp_path.glob("*.json"))
    assert written == ["catalog", "content", "crosswalk", "reference", "rules"]
    _fresh(monkeypatch, tmp_path)
    again = _load_all()
    for name in ("catalog", "rules", "content", "crosswalk"):
        assert again[name] is not built[name] and again[name] == built[name], name
        assert again[name].model_dump() == built[name].model_dump(), name
    for attr in ("guidelines", "tables", "scopes", "announcements", "markets"):
        assert getattr(again["reference"], attr) == getattr(built["reference"], attr), attr


def test_the_comparison_before_writing_refuses_what_would_not_come_back(monkeypatch, tmp_path):
    """A result whose read-back differs (here: a rebuilt catalog missing a statement) is not written."""
    _fresh(monkeypatch, tmp_path)
    root = paths.standards_dir()
    built = catalog_loader.load_catalog_from(root)
    real_load = trusted.load

    def lossy(model, data):
        out = real_load(model, data)
        first = next(iter(out.standards.values()))
        object.__setattr__(first, "clauses", first.clauses[:-1])
        return out

    monkeypatch.setattr(trusted, "load", lossy)
    result = datacache.cached("catalog", Catalog, catalog_loader.catalog_files(root), lambda: built, trusted=True)
    assert result is built
    assert not list(tmp_path.glob("catalog-*.json"))
