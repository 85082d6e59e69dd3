"""Round 6 of issue 16: the bundle folder resolved once per load (context.real_root, shown_root) for the
assessment's name and the report's place, and applies() kept per process. Against the general forms:
bundle.root.resolve(), problems.display(bundle.root), and applies() worked out afresh."""

from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from cmscheck import applicability
from cmscheck.bundle import load_bundle
from cmscheck.context import real_root, shown_root
from cmscheck.problems import display

from test_fast_judge import ROOT, _inputs

STEEL = ROOT / "examples" / "hubei-steel"


def _same(bundle):
    assert real_root(bundle) == bundle.root.resolve()
    assert shown_root(bundle) == display(bundle.root)


def test_the_root_resolved_at_load_is_the_root_resolved_again(tmp_path, monkeypatch):
    catalog = _inputs().catalog
    shutil.copytree(STEEL, tmp_path / "steel")
    (tmp_path / "link").symlink_to(tmp_path / "steel")
    for folder in (STEEL, tmp_path / "steel", tmp_path / "link", tmp_path / "link" / ".." / "steel"):
        bundle = load_bundle(folder, catalog)
        _same(bundle)  # outside the working directory (an absolute place), or below it
        monkeypatch.chdir(tmp_path)
        _same(bundle)
        _same(load_bundle(Path(os.path.relpath(folder, tmp_path)), catalog))  # given relative to it
        monkeypatch.chdir(ROOT)
        _same(dataclasses.replace(bundle, root=tmp_path / "link"))  # another root than its resolver's
    _same(SimpleNamespace(root=tmp_path / "link"))  # no resolver at all


def test_a_root_that_cannot_be_resolved_at_load_is_resolved_as_before(tmp_path):
    bundle = load_bundle(STEEL, _inputs().catalog)
    bundle.resolver._base = None  # what Resolver.base keeps when real_root failed
    _same(bundle)


def _orgs():
    for kind, sector, market in itertools.product(("enterprise", "park"), (None, "steel", "cement", "其他"),
                                                  ("none", "national", "provincial")):
        yield SimpleNamespace(kind=kind, sector=sector, carbon_market=market)


def test_applies_kept_per_process_is_applies_afresh():
    standards = _inputs().catalog.standards
    for org in _orgs():
        for std in standards.values():
            kept = applicability.applies(std, org)
            assert kept == applicability._applies(std, org)
            assert applicability.applies(std, org) is kept  # the second time, the one kept


def test_applies_kept_for_another_standard_of_the_same_id_is_not_given(monkeypatch):
    std = next(iter(_inputs().catalog.standards.values()))
    org = SimpleNamespace(kind="enterprise", sector="steel", carbon_market="national")
    stale = (object(), (False, None))
    monkeypatch.setitem(applicability._APPLIES_KEPT, (id(std), "enterprise", "steel", "national"), stale)
    assert applicability.applies(std, org) == applicability._applies(std, org)


def test_applies_keeps_no_more_than_its_limit(monkeypatch):
    monkeypatch.setattr(applicability, "_APPLIES_LIMIT", 3)
    monkeypatch.setattr(applicability, "_APPLIES_KEPT", {})
    std = next(iter(_inputs().catalog.standards.values()))
    for i in range(10):
        org = SimpleNamespace(kind="enterprise", sector=f"s{i}", carbon_market="none")
        assert applicability.applies(std, org) == applicability._applies(std, org)
        assert len(applicability._APPLIES_KEPT) <= 3
