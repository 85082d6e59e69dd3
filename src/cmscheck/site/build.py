"""Build the site beside the output folder and swap it in; a failed build leaves the old one intact.

Layout: `<parent>/.<name>.build-XXXX/` holds `project/` (mkdocs.yml, docs/, overrides/) and `html/`
(what `mkdocs build --strict` makes). Only a clean build is swapped into place: the output folder then
holds the HTML site (index.html at the top), or with build=False the MkDocs project itself.

MkDocs runs as a subprocess (`python -m mkdocs build --strict`, never `-q`: with -q, strict mode lets
warnings pass, mkdocs#4126) and any WARNING or ERROR line in its output fails the build too.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..context import ReportContext
from .pages import MARKER, write_pages

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BAD_LINE = re.compile(r"^\s*(WARNING|ERROR|CRITICAL)\b|^\s*Aborted with", re.MULTILINE)
TIMEOUT_S = 900


class SiteBuildError(Exception):
    """The site could not be written or built; the previous output, if any, is untouched."""

    def __init__(self, message: str, fix: str = "", details: str = ""):
        super().__init__(message)
        self.message, self.fix, self.details = message, fix, details


def check_target(out: Path) -> None:
    """Refuse to replace a folder that cmscheck did not make (an -o pointing at the wrong place)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteBuildError(f"{out} exists and is not a folder", "give a folder name for -o")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteBuildError(f"{out} is not empty and was not made by cmscheck site",
                             "choose a new or empty folder, or one an earlier `cmscheck site` wrote")


def run_mkdocs(config: Path, dest: Path, epoch: int) -> float:
    """Build with --strict; return the seconds MkDocs took. Raise SiteBuildError on any warning."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates follow the assessment, not the clock
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice: noise in our output, not a build problem
    start = dt.datetime.now()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
            cwd=config.parent, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise SiteBuildError(f"mkdocs build took longer than {TIMEOUT_S} s", "evaluate fewer standards or members at once")
    seconds = (dt.datetime.now() - start).total_seconds()
    output = ANSI.sub("", (proc.stdout or "") + (proc.stderr or ""))
    bad = [line.strip() for line in output.splitlines() if BAD_LINE.search(line)]
    if proc.returncode != 0 or bad:
        if proc.returncode != 0 and "No module named mkdocs" in output:
            raise SiteBuildError("mkdocs is not installed", "pip install 'cmscheck[site]'", output)
        shown = bad or output.strip().splitlines()[-5:]
        raise SiteBuildError("mkdocs build --strict failed: " + " | ".join(shown[:5]) + (f" (+{len(shown) - 5} more)" if len(shown) > 5 else ""),
                             "this is a cmscheck bug if the bundle loaded; the previous site was left as it was", output)
    return seconds


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


def publish(ctx: ReportContext, out: Path, build: bool = True) -> dict:
    """Write (and build) the site of one assessment (its context, comparison included) into `out`,
    atomically. Returns timings."""
    assessment = ctx.assessment
    out = Path(out).absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.build-"))
    try:
        project = work / "project"
        project.mkdir()
        t0 = dt.datetime.now()
        pages = write_pages(ctx, project)
        info = {"pages": len(pages) - 1, "write_seconds": (dt.datetime.now() - t0).total_seconds()}
        if build:
            html = work / "html"
            epoch = int(dt.datetime.combine(assessment.organization.as_of, dt.time(), dt.timezone.utc).timestamp())
            info["build_seconds"] = run_mkdocs(project / "mkdocs.yml", html, epoch)
            (html / MARKER).write_text("cmscheck site (built HTML)\n", encoding="utf-8")
            result = html
        else:
            result = project
        swap_in(result, out)
        return info
    finally:
        shutil.rmtree(work, ignore_errors=True)
