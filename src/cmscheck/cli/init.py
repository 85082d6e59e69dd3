"""`cmscheck init [DIR]`: a starter bundle a compliance office can fill in, like `mkdocs new`.

It writes a manifest commented in Chinese and English, the folders, a policy template with the headings
the standards ask for, and an empty ledger. The bundle validates at once and evaluates to an honest
"not yet": the template's placeholders state no commitment, so no rule finds one. Templates are
package data (cmscheck/init_templates/); nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from string import Template

import click

from ..i18n import detect, t
from ..problems import InputError, Problem, display
from . import report_input_errors

FOLDERS = ("docs", "records", "ledgers")


def _template(name: str) -> str:
    return resources.files("cmscheck").joinpath("init_templates", name).read_text(encoding="utf-8")


def _check_target(target: Path) -> None:
    if target.is_file():
        raise InputError([Problem(display(target), None, "DIR", "is a file, not a folder", "give a folder name")])
    if target.is_dir() and any(target.iterdir()):
        raise InputError([Problem(display(target), None, "DIR", "the folder is not empty",
                                  "choose a new or empty folder; cmscheck init never overwrites files")])


def _check_sector(sector: str) -> None:
    from ..catalog import load_catalog

    sectors = [s.id for s in load_catalog().vocabulary.sectors]
    if sector not in sectors:
        raise InputError([Problem("(command line)", None, "--sector", f"unknown sector {sector!r}",
                                  f"use one of: {', '.join(sectors)}")])


def starter_files(kind: str, sector: str, lang: str, folder: str, today: dt.date) -> dict[str, str]:
    """Relative path -> text of every file of the starter bundle."""
    from ..catalog import load_catalog

    year = today.year - 1  # the last full calendar year: the period an office usually assesses first
    values = {
        "name": t("init.name", lang), "kind": kind, "sector": sector, "today": today.isoformat(), "folder": folder,
        "sectors": ", ".join(s.id for s in load_catalog().vocabulary.sectors),
        "started": f"{year}-01-01", "start": f"{year}-01-01", "end": f"{year}-12-31", "as_of": today.isoformat(),
        "year": str(year), "policy_title": t("init.policy_title", lang),
        "members": _template("members.tmpl").rstrip("\n") if kind == "park" else "",
    }
    files = {
        "cmscheck.yaml": Template(_template("cmscheck.yaml.tmpl")).substitute(values),
        "docs/policy.md": Template(_template(f"policy.{lang}.md")).substitute(values),
        "ledgers/energy.csv": _template("ledger.csv"),
    }
    for sub in FOLDERS + (("members",) if kind == "park" else ()):
        files[f"{sub}/README.md"] = _template(f"README.{sub}.md")
    return files


def write_starter(target: Path, files: dict[str, str]) -> None:
    """Write into a temporary sibling folder, then rename it into place: a failed run leaves nothing."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if target.is_dir():
            target.rmdir()  # empty (checked before): replaced by the filled one
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@click.command("init")
@click.argument("directory", default=".", type=click.Path(path_type=Path), metavar="[DIR]")
@click.option("--kind", type=click.Choice(["enterprise", "park"]), default="enterprise", show_default=True,
              help="An enterprise's bundle, or a park's (with a members/ folder).")
@click.option("--sector", default="other", show_default=True, metavar="ID",
              help="The sector id (standards/vocabulary.yaml), e.g. steel, chemical, manufacturing.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the policy template and of the messages. Default: the locale's.")
@report_input_errors
def init(directory: Path, kind: str, sector: str, lang: str | None) -> None:
    """Create a starter evidence bundle in DIR (default: the current folder, which must be empty).

    The manifest is commented in Chinese and English; `cmscheck validate DIR` passes at once and
    `cmscheck evaluate DIR` reports what is not there yet.
    """
    lang = lang or detect(env=os.environ)
    _check_target(directory)
    _check_sector(sector)
    shown = display(directory.absolute())
    files = starter_files(kind, sector, lang, shown, dt.date.today())
    write_starter(directory, files)
    click.echo(t("init.created", lang, folder=shown))
    for rel in sorted(files):
        click.echo(f"  {rel}")
    click.echo(t("init.next", lang, folder=shown))
