"""Build the site beside the output folder and swap it in; a failed build leaves the old one intact.

Layout: `<parent>/.<name>.build-XXXX/` holds `project/` (mkdocs.yml, docs/, overrides/ of the first
language, and the same under `project/en/` for the other one; see languages.py) and `html/` (what
`mkdocs build --strict` makes, the other language's build moved into `html/en/`). The languages are
built side by side, one MkDocs process each. Only a clean build of every language is swapped into
place: the output folder then holds the HTML site (index.html at the top), or with build=False the
MkDocs projects themselves.

Before the swap, the marker file `.cmscheck-site` is written as a JSON manifest of every file of the
site with its SHA-256. An existing output folder is replaced only when its files are exactly those its
manifest lists, unchanged: a folder holding anything else (a user's files, a bare marker) is refused.

MkDocs runs as a subprocess (`python -m mkdocs build --strict`, never `-q`: with -q, strict mode lets
warnings pass, mkdocs#4126) and any WARNING or ERROR line in its output fails the build too.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..context import ReportContext
from . import languages
from .pages import MARKER

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BAD_LINE = re.compile(r"^\s*(WARNING|ERROR|CRITICAL)\b|^\s*Aborted with", re.MULTILINE)
TIMEOUT_S = 900


class SiteBuildError(Exception):
    """The site could not be written or built; the previous output, if any, is untouched."""

    def __init__(self, message: str, fix: str = "", details: str = ""):
        super().__init__(message)
        self.message, self.fix, self.details = message, fix, details


def _files(folder: Path) -> dict[str, Path]:
    """Every file and symbolic link below `folder` (not following links), by POSIX relative path."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        for name in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            p = base / name
            out[p.relative_to(folder).as_posix()] = p
    return out


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(site: Path) -> None:
    """Record every file of the site with its digest in the marker file (replacing a plain marker)."""
    files = {rel: _digest(p) for rel, p in sorted(_files(site).items()) if rel != MARKER}
    text = json.dumps({"cmscheck-site": 1, "files": files}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (site / MARKER).write_text(text, encoding="utf-8")


def _foreign(out: Path) -> str | None:
    """Why the folder `out` is not a site cmscheck wrote (as it wrote it); None when it is one."""
    try:
        manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
        listed = manifest["files"]
        if manifest.get("cmscheck-site") != 1 or not isinstance(listed, dict):
            raise ValueError("not a site manifest")
    except (OSError, ValueError, KeyError, TypeError):
        return "was not made by cmscheck site (no manifest of the files an earlier site wrote)"
    present = {rel: p for rel, p in _files(out).items() if rel != MARKER}
    extra = sorted(set(present) - set(listed))
    if extra:
        return f"holds files an earlier cmscheck site did not write: {', '.join(extra[:3])}" + (" …" if len(extra) > 3 else "")
    changed = sorted(rel for rel, p in present.items() if p.is_symlink() or not p.is_file() or _digest(p) != listed[rel])
    if changed:
        return f"holds files changed since cmscheck site wrote them: {', '.join(changed[:3])}" + (" …" if len(changed) > 3 else "")
    return None


def check_target(out: Path) -> None:
    """Refuse to replace a folder that cmscheck did not make (an -o pointing at the wrong place), or
    one whose files were changed or added to since; refuse an -o below a file."""
    for parent in out.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise SiteBuildError(f"{parent} is a file, not a folder", "give an output path whose folders are folders, or move that file away")
            break
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteBuildError(f"{out} exists and is not a folder", "give a folder name for -o")
    if out.is_dir() and any(out.iterdir()):
        why = _foreign(out)
        if why is not None:
            raise SiteBuildError(f"{out} is not empty and {why}",
                                 "choose a new or empty folder, or one an earlier `cmscheck site` wrote and nobody changed; "
                                 "move your own files out of it")


def run_mkdocs(config: Path, dest: Path, epoch: int) -> float:
    """Build with --strict; return the seconds MkDocs took. Raise SiteBuildError on any warning."""
    return run_all([(config, dest)], epoch)


def run_all(builds: list[tuple[Path, Path]], epoch: int) -> float:
    """Run `mkdocs build --strict` for each (config, dest) side by side; return the seconds until the
    last one finished. Raise SiteBuildError if any fails or warns (the first failure in `builds` order)."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates follow the assessment, not the clock
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice: noise in our output, not a build problem
    start = dt.datetime.now()
    running = []
    try:
        for config, dest in builds:
            # output to a file, not a pipe: two processes filling pipes we read one after the other could stall
            log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
            proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
                                    cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
            running.append((proc, log))
        deadline = start + dt.timedelta(seconds=TIMEOUT_S)
        for proc, _ in running:
            try:
                proc.wait(timeout=max(1.0, (deadline - dt.datetime.now()).total_seconds()))
            except subprocess.TimeoutExpired:
                raise SiteBuildError(f"mkdocs build took longer than {TIMEOUT_S} s", "evaluate fewer standards or members at once")
        seconds = (dt.datetime.now() - start).total_seconds()
        for proc, log in running:
            log.seek(0)
            _check(proc.returncode, ANSI.sub("", log.read()))
        return seconds
    finally:
        for proc, log in running:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()


def _check(returncode: int, output: str) -> None:
    bad = [line.strip() for line in output.splitlines() if BAD_LINE.search(line)]
    if returncode != 0 or bad:
        if returncode != 0 and "No module named mkdocs" in output:
            raise SiteBuildError("mkdocs is not installed", "pip install 'cmscheck[site]'", output)
        shown = bad or output.strip().splitlines()[-5:]
        raise SiteBuildError("mkdocs build --strict failed: " + " | ".join(shown[:5]) + (f" (+{len(shown) - 5} more)" if len(shown) > 5 else ""),
                             "this is a cmscheck bug if the bundle loaded; the previous site was left as it was", output)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE) where Linux offers it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, out: Path) -> None:
    """Put `new` where `out` is; the old `out` is removed only once the new one is in place."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new)  # `new` now holds the old site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old)


def publish(ctx: ReportContext, out: Path, build: bool = True, single_language: bool = False) -> dict:
    """Write (and build) the site of one assessment (its context, comparison included) into `out`,
    atomically: ctx.lang at the root, the other language under its folder (unless single_language).
    Returns page counts and timings."""
    assessment = ctx.assessment
    out = Path(out).absolute()
    check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SiteBuildError(f"cannot create the folder {out.parent}: {e.strerror or e}", "give an output folder you can write to") from None
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.build-"))
    try:
        project = work / "project"
        project.mkdir()
        t0 = dt.datetime.now()
        langs = languages.order(ctx.lang, single_language)
        written = languages.write_project(ctx, project, langs)
        info = {"pages": sum(len(p) - 1 for p in written.values()),  # less each mkdocs.yml
                "languages": langs,
                "write_seconds": (dt.datetime.now() - t0).total_seconds()}
        if build:
            html = work / "html"
            dests = {lang: html if not languages.folder(langs, lang) else work / f"html-{lang}" for lang in langs}
            epoch = int(dt.datetime.combine(assessment.organization.as_of, dt.time(), dt.timezone.utc).timestamp())
            info["build_seconds"] = run_all([(project / languages.folder(langs, lang) / "mkdocs.yml", dests[lang]) for lang in langs], epoch)
            for lang in langs[1:]:
                os.rename(dests[lang], html / languages.folder(langs, lang).rstrip("/"))
            result = html
        else:
            result = project
        write_manifest(result)
        swap_in(result, out)
        return info
    finally:
        shutil.rmtree(work, ignore_errors=True)
