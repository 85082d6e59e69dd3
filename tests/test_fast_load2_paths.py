"""The load's Resolver answers as resolve_inside answers: the same path, or a problem with the same words,
for every path of the hostile tree of test_fast_load_paths (links in and out, loops, '..', absolute and
Windows paths, special files, odd spellings), asked once or again, alone or after others, from a
bundle folder given relatively, through a link, or behind a link loop. Its quick way (one lstat below
a resolved folder) is taken for plain paths and declines for everything else."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from cmscheck.bundle import paths
from cmscheck.bundle.paths import Resolver, real_root, resolve_inside

from test_fast_load_paths import RELS, _outcome, tree  # noqa: F401 - tree is a fixture

MORE = ["docs/sub", "docs/sub/", "link-dir/sub/a.csv", "link-dir/sub", "self/docs/sub/a.csv", "members/m1/",
        "docs/./policy.md", "docs//policy.md", "link-out-dir/nope.md", "loop-a/b/c.md", "nope/nope/x.md"]
ALL = RELS + MORE


def _resolver_outcome(resolver: Resolver, rel, want_dir: bool):
    return _outcome(resolver, rel, want_dir)


@pytest.mark.parametrize("want_dir", [False, True])
@pytest.mark.parametrize("rel", ALL, ids=repr)
def test_same_outcome_as_resolve_inside(tree, rel, want_dir):  # noqa: F811
    expected = _outcome(resolve_inside, tree, rel, want_dir)
    resolver = Resolver(tree)
    assert _resolver_outcome(resolver, rel, want_dir) == expected
    assert _resolver_outcome(resolver, rel, want_dir) == expected  # answered from the memo


def test_one_resolver_for_every_path_in_any_order(tree):  # noqa: F811
    expected = {(i, w): _outcome(resolve_inside, tree, rel, w) for i, rel in enumerate(ALL) for w in (False, True)}
    for order in (list(expected), list(reversed(expected))):
        resolver = Resolver(tree)
        for i, w in order:
            assert _resolver_outcome(resolver, ALL[i], w) == expected[(i, w)], ALL[i]


@pytest.mark.parametrize("rel", ["docs/policy.md", "docs/sub/a.csv", "link-out.md", "link-dir/policy.md", "nope.md", "docs",
                                 "members/m1", "self/docs/policy.md"], ids=repr)
def test_same_outcome_from_a_relative_root(tree, rel, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tree.parent)
    root = Path("bundle")
    for want_dir in (False, True):
        assert _outcome(Resolver(root), rel, want_dir) == _outcome(resolve_inside, root, rel, want_dir)


@pytest.mark.parametrize("rel", ["docs/policy.md", "docs/sub/a.csv", "link-out.md", "link-in.md", "members/m1", "nope.md"], ids=repr)
def test_same_outcome_through_a_linked_root(tree, rel):  # noqa: F811
    root = tree.parent / "via-link"
    root.symlink_to(tree)
    for want_dir in (False, True):
        assert _outcome(Resolver(root), rel, want_dir) == _outcome(resolve_inside, root, rel, want_dir)


def test_root_behind_a_link_loop(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    root = tmp_path / "a"
    resolver = Resolver(root)
    assert resolver.base is None
    expected = _outcome(resolve_inside, root, "x.md")
    assert expected[0] == "problem" and "Symlink loop" in expected[1]
    assert _outcome(resolver, "x.md", False) == expected


def test_quick_way_taken_for_plain_paths(tree, monkeypatch):  # noqa: F811
    for i in range(5):
        (tree / "docs" / f"f{i}.md").write_text("x")
    expected = [resolve_inside(tree, f"docs/f{i}.md") for i in range(5)] + [resolve_inside(tree, "members/m1", True)]
    resolver = Resolver(tree)
    assert resolver.base is not None  # the bundle folder, resolved once
    realpaths = []
    real = os.path.realpath
    monkeypatch.setattr(paths.os.path, "realpath", lambda p, **k: realpaths.append(p) or real(p, **k))
    got = [resolver(f"docs/f{i}.md") for i in range(5)] + [resolver("members/m1", True)]
    monkeypatch.undo()
    assert got == expected
    # one realpath per folder written ('docs', 'members'), none per file
    assert [Path(p).name for p in realpaths] == ["docs", "members"]


@pytest.mark.parametrize("rel,want_dir", [("link-in.md", False), ("link-out.md", False), ("link-out-dir/secret.md", False),
                                          ("broken.md", False), ("loop-a/x.md", False), ("pipe.csv", False), ("docs", False),
                                          ("docs/policy.md", True), ("nope.md", False), ("docs/../docs/policy.md", False),
                                          ("./docs/policy.md", False), ("docs/policy.md/", False), ("self", True)], ids=repr)
def test_quick_way_declines(tree, rel, want_dir):  # noqa: F811
    resolver = Resolver(tree)
    assert resolver._quick(rel, want_dir) is None


def test_quick_way_found_what_resolve_inside_finds(tree):  # noqa: F811
    resolver = Resolver(tree)
    for rel, want_dir in [("docs/policy.md", False), ("docs/sub/a.csv", False), ("link-dir/sub/a.csv", False),
                          ("members/m1", True), ("docs/sub", True), ("self/docs/policy.md", False)]:
        quick = resolver._quick(rel, want_dir)
        assert quick is not None and quick == resolve_inside(tree, rel, want_dir)
        assert str(quick) == str(resolve_inside(tree, rel, want_dir))


def test_pickled_resolver_starts_afresh(tree):  # noqa: F811
    resolver = Resolver(tree)
    resolver("docs/policy.md")
    again = pickle.loads(pickle.dumps(resolver))
    assert again.root == tree and again._done == {}
    assert again("docs/policy.md") == resolver("docs/policy.md") == resolve_inside(tree, "docs/policy.md")


def test_real_root_unchanged(tree):  # noqa: F811
    assert Resolver(tree).base == real_root(tree)


def test_a_bundle_copied_onto_another_folder_resolves_there(tmp_path):
    # dataclasses.replace(bundle, root=...) must not answer from the first folder's resolver
    import dataclasses

    from cmscheck import pipeline
    from cmscheck.bundle import load_bundle

    root = Path(__file__).resolve().parent / "bundles" / "complete"
    bundle = load_bundle(root, pipeline.load_inputs().catalog)
    (tmp_path / "only-here.md").write_text("# x\n", encoding="utf-8")
    moved = dataclasses.replace(bundle, root=tmp_path)
    assert moved.resolver is not bundle.resolver and moved.resolver.root == tmp_path
    assert moved.path("only-here.md") == resolve_inside(tmp_path, "only-here.md")
    same = dataclasses.replace(bundle, members=[])
    assert same.resolver is bundle.resolver  # same folder: the load's answers are kept
