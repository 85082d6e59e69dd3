"""The cache of parsed project data between runs (datacache.py): a hit is the same catalog, an edited
file or a corrupt cache file means a rebuild, and a cache that cannot be written changes nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from cmscheck import paths, units
from cmscheck import datacache as cache
from cmscheck.catalog import loader as catalog_loader
from cmscheck.catalog.models import Catalog
from cmscheck.content import loader as content_loader
from cmscheck.rules import loader as rules_loader


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(d))
    monkeypatch.delenv("CMSCHECK_NO_CACHE", raising=False)
    return d


@pytest.fixture
def standards(tmp_path) -> Path:
    d = tmp_path / "standards"
    shutil.copytree(paths.standards_dir(), d)
    return d


def _load(root: Path) -> Catalog:
    return catalog_loader._cached.__wrapped__(str(root))  # past the per-process lru_cache, through the disk cache


def _never():
    raise AssertionError("built although the cache holds this result")


def test_hit_is_the_same_catalog(folder, standards):
    built = _load(standards)
    assert len(list(folder.glob("catalog-*.json"))) == 1
    again = _load(standards)
    assert again == built
    assert again.model_dump() == built.model_dump()
    assert again is not built
    assert [s.id for s in again.all_statements()] == [s.id for s in built.all_statements()]


def test_hit_does_not_call_build(folder, standards):
    files = catalog_loader.catalog_files(standards)
    built = cache.cached("catalog", Catalog, files, lambda: catalog_loader.load_catalog_from(standards))
    assert cache.cached("catalog", Catalog, files, _never) == built


def test_edited_file_rebuilds(folder, standards):
    before = _load(standards)
    path = standards / "cms.yaml"
    text = path.read_text(encoding="utf-8")
    zh = before.standards["cms"].title.zh
    assert text.count(zh) >= 1
    path.write_text(text.replace(zh, zh + "（修订）", 1), encoding="utf-8")
    after = _load(standards)
    assert after.standards["cms"].title.zh == zh + "（修订）"
    assert len(list(folder.glob("catalog-*.json"))) == 2  # one per digest


def test_broken_edit_is_reported_not_served_from_cache(folder, standards):
    _load(standards)
    path = standards / "cms.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("modality: shall", "modality: must", 1), encoding="utf-8")
    from cmscheck.problems import InputError

    with pytest.raises(InputError) as e:
        _load(standards)
    assert any("cms.yaml" in p.file and p.line for p in e.value.problems)


@pytest.mark.parametrize("garbage", [b"", b"{\"vocabulary\": ", b"\x00\xff not json", b"{\"vocabulary\": {}, \"standards\": {}}", b"[]"])
def test_corrupt_cache_file_rebuilds(folder, standards, garbage):
    built = _load(standards)
    (path,) = folder.glob("catalog-*.json")
    path.write_bytes(garbage)
    again = _load(standards)
    assert again == built
    assert Catalog.model_validate_json(path.read_bytes()) == built  # rewritten whole


def test_unwritable_folder_still_works(tmp_path, monkeypatch, standards):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(blocker / "cache"))  # cannot be created: its parent is a file
    first = _load(standards)
    assert _load(standards) == first
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_still_works(folder, standards):
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert _load(standards) == catalog_loader.load_catalog_from(standards)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_no_cache_env_writes_nothing(folder, standards, monkeypatch):
    monkeypatch.setenv("CMSCHECK_NO_CACHE", "1")
    assert _load(standards) == catalog_loader.load_catalog_from(standards)
    assert not folder.exists()
    assert cache.cache_dir() is None


def test_rules_and_content_hits_equal_a_parse(folder):
    root, cat = str(paths.rules_dir().resolve()), str(paths.standards_dir().resolve())
    catalog = catalog_loader.load_catalog()
    for mod, sub in ((rules_loader, ""), (content_loader, "content")):
        r = str(Path(root) / sub) if sub else root
        first = mod._cached.__wrapped__(r, cat)
        second = mod._cached.__wrapped__(r, cat)
        parsed = (mod.load_rules_from if mod is rules_loader else mod.load_content_from)(Path(r), catalog)
        assert first == second == parsed
    names = {p.name.split("-")[0] for p in folder.glob("*.json")}
    assert {"content", "rules"} <= names


class _IntKeys(BaseModel):
    values: dict[Any, str]


def test_result_json_cannot_carry_is_not_cached(folder, tmp_path):
    src = tmp_path / "data.txt"
    src.write_text("x", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return _IntKeys(values={1: "one"})  # JSON would bring the key back as "1"

    assert cache.cached("toy", _IntKeys, [src], build).values == {1: "one"}
    assert cache.cached("toy", _IntKeys, [src], build).values == {1: "one"}
    assert len(calls) == 2
    assert not list(folder.glob("toy-*.json"))


def test_pint_cache_only_in_a_private_folder(folder, monkeypatch):
    private = cache.private_folder("pint-test")
    assert private is not None and private.parent == folder
    if hasattr(os, "geteuid"):
        private.chmod(0o777)  # writable by others: its pickles are not to be trusted
        assert cache.private_folder("pint-test") is None
        private.chmod(0o700)
        (private / "planted.pickle").symlink_to(folder / "elsewhere")
        assert cache.private_folder("pint-test") is None


def test_corrupt_pint_cache_rebuilds(folder):
    units.registry.cache_clear()
    try:
        assert units.convert(1, "tC", "tCO2e") == pytest.approx(44 / 12)
        units.registry.cache_clear()
        pint_folder = units._pint_cache()
        pickles = list(pint_folder.glob("*.pickle"))
        assert pickles
        for p in pickles:
            p.write_bytes(p.read_bytes()[:50])
        assert units.convert(1, "tC", "tCO2e") == pytest.approx(44 / 12)
    finally:
        units.registry.cache_clear()
        units._parse.cache_clear()


def test_crosswalk_and_reference_hits_equal_a_parse(folder):
    from cmscheck import reference
    from cmscheck.crosswalk import loader as crosswalk_loader

    path = str(crosswalk_loader.crosswalk_path().resolve())
    first = crosswalk_loader._cached.__wrapped__(path)
    assert list(folder.glob("crosswalk-*.json"))
    assert crosswalk_loader._cached.__wrapped__(path) == first
    assert first == crosswalk_loader.load_crosswalk_from(Path(path), catalog_loader.load_catalog())
    parsed, hit = reference.Reference(), reference.Reference()
    assert list(folder.glob("reference-*.json"))
    for attr in ("guidelines", "tables", "scopes", "announcements", "markets"):
        assert getattr(hit, attr) == getattr(parsed, attr)


def test_any_change_to_cmscheck_code_changes_every_key(monkeypatch):
    """Loaders, models and registered fact functions all over the package shape a cached result: the key
    covers the source of every module, not only the loader's."""
    from cmscheck import datacache
    from cmscheck.catalog.models import Catalog

    before = datacache.digest("catalog", Catalog, [])
    monkeypatch.setattr(datacache, "package_code", lambda: b"other code")
    assert datacache.digest("catalog", Catalog, []) != before
