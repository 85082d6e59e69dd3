"""resolve_inside with one realpath and one stat per path (the bundle folder resolved once by the caller)
gives what the pathlib version it replaced gave: the same path, or the same problem with the same words,
for files, folders, links inside and out, link loops, broken links, special files, '..', absolute and
Windows paths, odd spellings, with and without the resolved folder passed in."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from cmscheck.bundle import paths
from cmscheck.bundle.paths import PathProblem, _nearby, _q, real_root, resolve_inside


def _pathlib_resolve_inside(root: Path, rel: Any, want_dir: bool = False) -> Path:
    """The version before the fast one, kept verbatim as the reference."""
    if not isinstance(rel, str) or not rel.strip():
        raise PathProblem("empty path", "write the path of the file, relative to the bundle folder")
    if "\x00" in rel:
        raise PathProblem("path contains a NUL character", "write a plain relative path")
    if re.match(r"^([A-Za-z]:[\\/]|\\\\)", rel):
        raise PathProblem(f"path {_q(rel)} is a Windows absolute path; paths are relative to the bundle folder",
                          "copy the file into the bundle folder and give the path inside the bundle, e.g. docs/policy.md")
    if "\\" in rel:
        raise PathProblem(f"path {_q(rel)} uses '\\' between folders", f"write it with '/': {rel.replace(chr(92), '/')!r}")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", rel) or rel.startswith("~"):
        raise PathProblem(f"path {_q(rel)} is absolute; paths are relative to the bundle folder",
                          "copy the file into the bundle folder and write its path relative to the folder, e.g. docs/policy.md")
    if os.path.normpath(rel).split("/")[0] == "..":
        raise PathProblem(f"path {_q(rel)} leads out of the bundle folder ('..')",
                          "keep the file (or folder) inside the bundle folder and write its path relative to that folder")
    try:
        base = root.resolve()
        real = (root / pure).resolve()
        if real != base and not real.is_relative_to(base):
            raise PathProblem(f"path {_q(rel)} leads out of the bundle folder through a symbolic link",
                              "replace the link with a copy of the file inside the bundle folder")
        if not real.exists():
            raise PathProblem(f"{'folder' if want_dir else 'file'} {_q(rel)} not found in the bundle folder{_nearby(root, pure)}",
                              "check the spelling (names are case-sensitive) or add the file to the bundle folder")
        if want_dir:
            if not real.is_dir():
                raise PathProblem(f"{_q(rel)} is not a folder", "give the folder that holds the member's cmscheck.yaml")
            return real
        if real.is_dir():
            raise PathProblem(f"{_q(rel)} is a folder, not a file", "give the path of a file")
        if not real.is_file():
            raise PathProblem(f"{_q(rel)} is not a regular file", "give the path of an ordinary file")
    except (OSError, RuntimeError) as e:
        raise PathProblem(f"path {_q(rel)} cannot be used: {getattr(e, 'strerror', None) or e}",
                          "check that the file exists and can be read") from None
    return real


def _outcome(f, *args, **kw):
    try:
        return "path", f(*args, **kw)
    except PathProblem as p:
        return "problem", p.message, p.fix


@pytest.fixture
def tree(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    root = tmp_path / "bundle"
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "docs" / "policy.md").write_text("# p")
    (root / "docs" / "sub" / "a.csv").write_text("month,v\n")
    (root / "members" / "m1").mkdir(parents=True)
    (root / "link-in.md").symlink_to(root / "docs" / "policy.md")
    (root / "link-dir").symlink_to(root / "docs")
    (root / "link-out.md").symlink_to(outside / "secret.md")
    (root / "link-out-dir").symlink_to(outside)
    (root / "broken.md").symlink_to(root / "nowhere.md")
    (root / "loop-a").symlink_to(root / "loop-b")
    (root / "loop-b").symlink_to(root / "loop-a")
    (root / "self").symlink_to(root)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.csv")
    return root


RELS = ["docs/policy.md", "./docs//policy.md", "docs/policy.md/", "docs/sub/a.csv", "docs/sub/../policy.md", "docs/../docs/policy.md",
        "docs", "docs/", "members/m1", "members", ".", "link-in.md", "link-dir/policy.md", "link-out.md", "link-out-dir/secret.md",
        "link-out-dir", "broken.md", "loop-a", "loop-a/x.md", "self", "self/docs/policy.md", "pipe.csv", "docs/polcy.md",
        "docs/nope/x.md", "nope.md", "../outside/secret.md", "docs/../../outside/secret.md", "/etc/passwd", "~/x.md",
        "C:\\x\\y.md", "c:x.md", "\\\\srv\\share\\x", "docs\\policy.md", "", "   ", "a\x00b", 7, None, "docs/policy.md/x",
        "链接/文件.md", "docs/ policy.md", "x" * 300, "a/" * 200 + "b"]


@pytest.mark.parametrize("want_dir", [False, True])
@pytest.mark.parametrize("rel", RELS, ids=repr)
def test_same_outcome_as_pathlib_version(tree, rel, want_dir):
    expected = _outcome(_pathlib_resolve_inside, tree, rel, want_dir)
    assert _outcome(resolve_inside, tree, rel, want_dir) == expected
    assert _outcome(resolve_inside, tree, rel, want_dir, real_root(tree)) == expected


@pytest.mark.parametrize("rel", ["docs/policy.md", "link-out.md", "nope.md", "docs"], ids=repr)
def test_same_outcome_from_a_relative_root(tree, rel, monkeypatch):
    monkeypatch.chdir(tree.parent)
    root = Path("bundle")
    expected = _outcome(_pathlib_resolve_inside, root, rel)
    assert _outcome(resolve_inside, root, rel) == _outcome(resolve_inside, root, rel, False, real_root(root)) == expected


def test_root_behind_a_link_loop(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    root = tmp_path / "a"
    assert real_root(root) is None
    expected = _outcome(_pathlib_resolve_inside, root, "x.md")
    assert expected[0] == "problem" and "Symlink loop" in expected[1]
    assert _outcome(resolve_inside, root, "x.md", False, real_root(root)) == expected


def test_one_stat_per_path(tree, monkeypatch):
    base = real_root(tree)
    calls = []
    real_stat = os.stat
    monkeypatch.setattr(paths.os, "stat", lambda *a, **k: calls.append(a) or real_stat(*a, **k))
    resolve_inside(tree, "docs/policy.md", base=base)
    assert len(calls) == 1  # pathlib's resolve, exists, is_dir and is_file made four
