"""A cache, between runs, of the project data cmscheck parses at start: the catalog, the rules, the
content cue lists, the reference data and i18n's words (and a private folder for pint's own cache, units.py).

Parsing and checking standards/*.yaml and rules/*.yaml costs most of a short run; the result only
changes when those files (or cmscheck) change. So the checked result is kept as JSON of its pydantic
dump in the user cache folder (platformdirs' user_cache_dir("cmscheck"); CMSCHECK_CACHE_DIR overrides
it, CMSCHECK_NO_CACHE=1 turns the cache off) under a name that is a SHA-256 digest of:
  cmscheck's version, pydantic's version, the cache's name and model, the source of every Python file
  of cmscheck (so an edited checkout does not reuse a stale result), and the name and bytes of every
  data file the result is built from.
A changed file gives a new digest, hence a new cache file. Reading one back is plain JSON validated by
the same models (model_validate_json): nothing in a cache file can run code, and a file that is corrupt,
truncated or does not validate is ignored and rebuilt (a validator that needs a heavy library, such as
the reference data's pint units, may skip a check the context marks as done: CACHED). The catalog, whose
validators only check, is rebuilt from its JSON without validation (trusted.py): what it refuses (any
shape cmscheck does not write) is validated instead, hence ignored and rebuilt too. Before a result
is written, its JSON is read back and compared with it; a result that would not come back identical is
never cached. A folder that cannot be written only means the next run parses again: the cache never
makes a run fail.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from pydantic import BaseModel

from . import __version__

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
FORMAT = "1"  # bump when the layout of a cache file changes
CACHED = "cmscheck.cached"  # validation context key: the values were checked when the cache was written
KEEP = 3  # cache files kept per name: older digests are removed when a new one is written


def cache_dir() -> Path | None:
    """Where cache files go; None when caching is off (CMSCHECK_NO_CACHE=1) or no folder can be named."""
    if os.environ.get("CMSCHECK_NO_CACHE", "") not in ("", "0"):
        return None
    override = os.environ.get("CMSCHECK_CACHE_DIR")
    if override:
        return Path(override)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("cmscheck", appauthor=False))
    except Exception:  # platformdirs missing or no home folder: run without a cache
        return None


def private_folder(name: str) -> Path | None:
    """A folder of the cache that only this user can write, for caches kept as pickles (pint's), or None.

    Unpickling can run code, so such a cache is trusted only as far as whoever can write it: the folder
    and every file in it must belong to this user, be writable by no one else and be no symbolic link;
    the cache root must be too. Whoever could plant a pickle there could as well edit this user's own
    files (shell profile, site-packages), so an HMAC would add nothing: its key would have to sit
    under the same user's control. None when caching is off, on systems without user ids (Windows),
    or when any check fails: the caller then works without the cache."""
    root = cache_dir()
    if root is None or not hasattr(os, "geteuid"):
        return None
    folder = root / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in (root, folder, *folder.iterdir()):
            st = path.lstat()
            if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or stat.S_ISLNK(st.st_mode):
                return None
    except OSError:
        return None
    return folder


@functools.lru_cache(maxsize=1)
def package_code() -> bytes:
    """A digest of every Python file of cmscheck: a cached result is parsed and validated by code all over
    the package (loaders, models, registered fact functions), so any code change rebuilds it. Read once
    per process (a few ms)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def digest(name: str, model: type, files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """The key of a cached result: changes whenever an input of it changes (extra: anything else the
    result holds, e.g. the file names as shown, which depend on the working folder)."""
    import pydantic

    h = hashlib.sha256()
    for part in (FORMAT, __version__, pydantic.VERSION, name, f"{model.__module__}.{model.__qualname__}", *extra):
        h.update(part.encode() + b"\0")
    h.update(package_code())
    for path in files:
        data = path.read_bytes()
        h.update(f"{path.name}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def _load(model: type[M], data: bytes | str, trusted: bool) -> M:
    """A cache file's model: rebuilt without validation when the caller trusts the model to it
    (trusted.py; it refuses data of any other shape), else validated as JSON."""
    if trusted:
        from . import trusted as builder
        try:
            return builder.load(model, data)  # type: ignore[return-value]
        except builder.Declined:
            pass
    return model.model_validate_json(data, context={CACHED: True})


def _write_text(folder: Path, name: str, key: str, text: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, folder / f"{name}-{key}.json")  # atomic: a reader sees the old file or the whole new one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        old = sorted(folder.glob(f"{name}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # unwritable or full: the next run parses again


def cached(name: str, model: type[M], files: Iterable[Path], build: Callable[[], M], extra: Iterable[str] = (),
           trusted: bool = False) -> M:
    """build()'s result, from the cache when the files, cmscheck's code and versions are those it was built from.

    build() raising (a broken catalog: InputError) is passed on and nothing is cached. trusted: the
    cache file is read back without validation (trusted.py), for models whose validators only check."""
    return _cached(name, lambda: digest(name, model, files, extra), build,
                   dump=lambda result: result.model_dump_json(by_alias=True),  # aliased fields (crosswalk's "from") validate by their alias
                   load=lambda data: _load(model, data, trusted),
                   same=lambda again, result: again == result)  # field by field, of the same model types


def cached_json(name: str, files: Iterable[Path], build: Callable[[], T], encode: Callable[[T], Any],
                decode: Callable[[Any], T]) -> T:
    """As cached(), for plain data that is no model (i18n's words): kept as the JSON of encode(result);
    decode() turns it back and raises on any shape but the one encode() writes."""
    return _cached(name, lambda: digest(name, dict, files), build,
                   dump=lambda result: json.dumps(encode(result), ensure_ascii=False),
                   load=lambda data: decode(json.loads(data)),
                   same=lambda again, result: again == result)


def _cached(name: str, key_of: Callable[[], str], build: Callable[[], T], dump: Callable[[T], str],
            load: Callable[[bytes | str], T], same: Callable[[T, T], bool]) -> T:
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = key_of()
    except OSError:
        return build()  # a file that cannot be read: build() reports it with its location
    try:
        return load((folder / f"{name}-{key}.json").read_bytes())
    except Exception:  # missing, unreadable, corrupt, of an older model or another shape: build it instead
        pass
    result = build()
    try:
        text = dump(result)
        # read back as the next run will read it: a value JSON cannot carry exactly is never served
        if same(load(text), result):
            _write_text(folder, name, key, text)
    except Exception:  # a result that cannot be dumped or read back is simply not cached
        pass
    return result
