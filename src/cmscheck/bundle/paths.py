"""Paths and files inside a bundle: a path written in the manifest is resolved and kept inside the
bundle folder (no absolute paths, no `..` or symbolic link leading out). Reading a file is the
evidence readers' job (`cmscheck.evidence.read_file`, with a size limit per format): a path is never
refused for its size, so a large scan still counts as present evidence. `read_checked` remains for
callers that want a UTF-8 text file as a string."""

from __future__ import annotations

import difflib
import errno
import functools
import os
import re
from pathlib import Path, PurePosixPath
from stat import S_ISDIR, S_ISREG
from typing import Any

from ..evidence.limits import missing

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


def real_root(root: Path) -> Path | None:
    """The bundle folder with its symbolic links resolved, once for the many paths of a manifest; None
    when it cannot be resolved (resolve_inside then tries for each path, and says why)."""
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return None


_ELOOP_WINERROR = 1921  # what pathlib treats as a symbolic link loop on Windows


def _stat(real: str) -> tuple[os.stat_result | None, OSError | None]:
    """One stat of a resolved path, in place of the four pathlib makes (resolve, exists, is_dir,
    is_file): a symbolic link loop raises as Path.resolve raises it."""
    try:
        return os.stat(real), None
    except OSError as e:
        if e.errno == errno.ELOOP or getattr(e, "winerror", 0) == _ELOOP_WINERROR:
            raise RuntimeError("Symlink loop from %r" % e.filename) from None
        return None, e


def resolve_inside(root: Path, rel: Any, want_dir: bool = False, base: Path | None = None) -> Path:
    """Resolve a path written in the manifest; raise PathProblem unless it names an existing file
    (or folder) inside `root`. `base` is `real_root(root)` when the caller has it."""
    _check_written(rel)
    return _resolve(root, rel, want_dir, base)


def _check_written(rel: Any) -> None:
    """The problems a path has as written, before any look at the disk."""
    if not isinstance(rel, str) or not rel.strip():
        raise PathProblem("empty path", "write the path of the file, relative to the bundle folder")
    if "\x00" in rel:
        raise PathProblem("path contains a NUL character", "write a plain relative path")
    if _WINDOWS_ABSOLUTE.match(rel):  # C:\... or \\server\share: a path on the writer's own computer
        raise PathProblem(f"path {_q(rel)} is a Windows absolute path; paths are relative to the bundle folder",
                          "copy the file into the bundle folder and give the path inside the bundle, e.g. docs/policy.md")
    if "\\" in rel:
        raise PathProblem(f"path {_q(rel)} uses '\\' between folders", f"write it with '/': {rel.replace(chr(92), '/')!r}")
    if rel.startswith("/") or _DRIVE.match(rel) or rel.startswith("~"):
        raise PathProblem(f"path {_q(rel)} is absolute; paths are relative to the bundle folder",
                          "copy the file into the bundle folder and write its path relative to the folder, e.g. docs/policy.md")
    if os.path.normpath(rel).split("/")[0] == "..":
        raise PathProblem(f"path {_q(rel)} leads out of the bundle folder ('..')",
                          "keep the file (or folder) inside the bundle folder and write its path relative to that folder")


def _resolve(root: Path, rel: str, want_dir: bool, base: Path | None) -> Path:
    try:
        if base is None:
            base = root.resolve()
        # os.path.realpath on the joined text is what Path.resolve does ('.' and doubled '/' drop out alike)
        text = os.path.realpath(os.path.join(root, rel))
        st, err = _stat(text)
        real = Path(text)
        if real != base and not real.is_relative_to(base):
            raise PathProblem(f"path {_q(rel)} leads out of the bundle folder through a symbolic link",
                              "replace the link with a copy of the file inside the bundle folder")
        if err is not None and not missing(err):
            raise err  # permission denied and the like: pathlib's exists() raises it too
        if st is None:
            raise PathProblem(f"{'folder' if want_dir else 'file'} {_q(rel)} not found in the bundle folder{_nearby(root, PurePosixPath(rel))}",
                              "check the spelling (names are case-sensitive) or add the file to the bundle folder")
        if want_dir:
            if not S_ISDIR(st.st_mode):
                raise PathProblem(f"{_q(rel)} is not a folder", "give the folder that holds the member's cmscheck.yaml")
            return real
        if S_ISDIR(st.st_mode):
            raise PathProblem(f"{_q(rel)} is a folder, not a file", "give the path of a file")
        if not S_ISREG(st.st_mode):
            raise PathProblem(f"{_q(rel)} is not a regular file", "give the path of an ordinary file")
    except (OSError, RuntimeError) as e:  # permission denied, symlink loop, name too long, ...
        raise PathProblem(f"path {_q(rel)} cannot be used: {getattr(e, 'strerror', None) or e}",
                          "check that the file exists and can be read") from None
    return real


class Resolver:
    """resolve_inside for the many paths of one loaded bundle: the same answers (a path, or a PathProblem
    with the same words), each path answered once (the checker, the ledger reader and the fact functions
    ask for the same files), and a plain path (`docs/policy.md`) found with one lstat once its folder is
    resolved. Made per load and kept on its Bundle: nothing here outlives the bundle it was made for."""

    def __init__(self, root: Path):
        self.root = root
        self._base: Path | None | bool = False  # False: the folder is resolved when first asked for
        self._inside: str | None = None
        self._dirs: dict[str, tuple[str, Path] | None] = {}  # folder as written -> its real path (text, Path), when inside the bundle
        self._done: dict[tuple[str, bool], Path | PathProblem] = {}

    @property
    def base(self) -> Path | None:
        """real_root(root), found once."""
        if self._base is False:
            self._base = real_root(self.root)
            text = str(self._base) if self._base is not None else ""
            # the quick way needs a plain POSIX folder below '/' ('//x' is a name of its own to pathlib)
            plain = os.sep == "/" and text.startswith("/") and not text.startswith("//") and text != "/"
            self._inside = text + "/" if plain else None
        return self._base  # type: ignore[return-value]

    def __reduce__(self):  # a packed member keeps its folder only; its answers are found again when asked
        return (Resolver, (self.root,))

    def __call__(self, rel: Any, want_dir: bool = False) -> Path:
        if type(rel) is not str:
            return resolve_inside(self.root, rel, want_dir, self.base)
        key = (rel, want_dir)
        done = self._done.get(key)
        if done is None:
            try:
                _check_written(rel)
                done = self._quick(rel, want_dir) or _resolve(self.root, rel, want_dir, self.base)
            except PathProblem as p:
                done = p
            self._done[key] = done
        if isinstance(done, PathProblem):
            raise PathProblem(done.message, done.fix)
        return done

    def plain_file(self, name: str) -> bool:
        """Whether `name` is a regular file (not a link) directly in the bundle folder: then its real path
        is the folder's real path joined with it, inside the bundle (what _quick finds, without the answer
        being kept)."""
        return self._quick(name, False) is not None

    def _quick(self, rel: str, want_dir: bool) -> Path | None:
        """The resolved path of a plain relative path (names only, no '.', '..' or empty part) to an
        existing file (folder) inside the bundle, none of it a symbolic link below its resolved folder;
        None otherwise, and _resolve answers. Sound because realpath resolves name after name: the real
        path of folder/name is the folder's real path joined with name when name is no link."""
        if self.base is None or self._inside is None:
            return None
        folder, _, name = rel.rpartition("/")
        if name in ("", ".", ".."):
            return None
        real_folder = self._dirs.get(folder, False)  # False: not asked yet
        if real_folder is False:
            text = self._folder(folder)
            real_folder = self._dirs[folder] = (text, Path(text)) if text is not None else None
        if real_folder is None:
            return None
        try:
            st = os.lstat(real_folder[0] + "/" + name)
        except (OSError, ValueError):
            return None
        if S_ISDIR(st.st_mode) if want_dir else S_ISREG(st.st_mode):  # a link is neither: _resolve follows it
            return real_folder[1] / name  # Path(folder + "/" + name), without parsing the folder again
        return None

    def _folder(self, folder: str) -> str | None:
        """The real path of a folder written in the manifest, when it is plain and inside the bundle."""
        assert self._inside is not None
        if not folder:
            return self._inside[:-1]
        if any(part in ("", ".", "..") for part in folder.split("/")):
            return None
        try:
            text = os.path.realpath(os.path.join(self.root, folder))
        except (OSError, ValueError):
            return None
        return text if (text + "/").startswith(self._inside) else None


_WINDOWS_ABSOLUTE = re.compile(r"^([A-Za-z]:[\\/]|\\\\)")
_DRIVE = re.compile(r"^[A-Za-z]:")


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


@functools.lru_cache(maxsize=4096)
def _posix(rel: str) -> str:
    """A path as written in the manifest, normalised with '/' (the key of its reading): a pure function of
    a short string, asked for by the checker, the ledger reader and Bundle.cite, so remembered."""
    return PurePosixPath(os.path.normpath(rel)).as_posix()
