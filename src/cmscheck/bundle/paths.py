"""Paths and files inside a bundle: a path written in the manifest is resolved and kept inside the
bundle folder (no absolute paths, no `..` or symbolic link leading out). Reading a file is the
evidence readers' job (`cmscheck.evidence.read_file`, with a size limit per format): a path is never
refused for its size, so a large scan still counts as present evidence. `read_checked` remains for
callers that want a UTF-8 text file as a string."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST_NAME = "cmscheck.yaml"
MAX_FILE_BYTES = 10 * 1024 * 1024  # a file named by the manifest
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".csv", ".yaml", ".yml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


class PathProblem(Exception):
    """A path named in the bundle cannot be used; carries the message and the fix."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix

def _q(text: str, limit: int = 120) -> str:
    """A user's text quoted for a message, cut short when it is very long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def resolve_inside(root: Path, rel: Any, want_dir: bool = False) -> Path:
    """Resolve a path written in the manifest; raise PathProblem unless it names an existing file
    (or folder) inside `root`."""
    if not isinstance(rel, str) or not rel.strip():
        raise PathProblem("empty path", "write the path of the file, relative to the bundle folder")
    if "\x00" in rel:
        raise PathProblem("path contains a NUL character", "write a plain relative path")
    if re.match(r"^([A-Za-z]:[\\/]|\\\\)", rel):  # C:\... or \\server\share: a path on the writer's own computer
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
    except (OSError, RuntimeError) as e:  # permission denied, symlink loop, name too long, ...
        raise PathProblem(f"path {_q(rel)} cannot be used: {getattr(e, 'strerror', None) or e}",
                          "check that the file exists and can be read") from None
    return real


def _nearby(root: Path, pure: PurePosixPath) -> str:
    folder = root / pure.parent
    try:
        if not folder.is_dir() or not folder.resolve().is_relative_to(root.resolve()):
            return ""
        names = sorted(p.name for _, p in zip(range(2000), folder.iterdir()))
    except OSError:
        return ""
    close = difflib.get_close_matches(pure.name, names, n=3, cutoff=0.6)
    if not close:
        return ""
    prefix = "" if str(pure.parent) == "." else f"{pure.parent}/"
    return "; did you mean " + ", ".join(repr(prefix + c) for c in close) + "?"


def read_checked(real: Path, rel: str) -> str | None:
    """The text of a text file (.md .txt .csv .yaml), checked to be UTF-8 without NUL bytes.
    Other files (pdf, xlsx, images, ...) are opaque evidence: None, never read."""
    if real.suffix.lower() not in TEXT_SUFFIXES:
        return None
    try:
        with real.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise PathProblem(f"file {_q(rel)} cannot be read: {e.strerror or e}", "check the file's permissions") from None
    if len(raw) > MAX_FILE_BYTES:
        raise PathProblem(f"file {_q(rel)} is over the limit of {_mb(MAX_FILE_BYTES)}", "keep a smaller file in the bundle")
    if b"\x00" in raw:
        raise PathProblem(f"file {_q(rel)} is binary (contains NUL bytes), not {real.suffix} text",
                          "save it as UTF-8 text, or give it an extension that matches its content (e.g. .pdf)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise PathProblem(f"file {_q(rel)} is not valid UTF-8 text (first bad byte on its line {line})",
                          "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)") from None


def _posix(rel: str) -> str:
    return PurePosixPath(os.path.normpath(rel)).as_posix()
