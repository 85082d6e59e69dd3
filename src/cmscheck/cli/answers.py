"""`cmscheck answers import CHECKLIST.xlsx BUNDLE [--write]`: a filled checklist back into the bundle.

Without --write: prints the YAML it would add and a summary; the manifest is not touched. With --write:
updates the `answers:` and `exclusions:` blocks of BUNDLE/cmscheck.yaml in place (the rest of the
text, comments included, stays), atomically, keeping the old file as cmscheck.yaml.bak; the bundle is
then loaded again and, should it not load, the old manifest is put back. Bad cells: exit 2, each
located by sheet, row and column with the bad value and the fix.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from .. import pipeline
from ..i18n import of_context, t
from ..problems import InputError, Problem, display
from . import report_input_errors
from .common import write_atomic


@click.group()
def answers() -> None:
    """Answers to statements no rule decides: import them from a filled checklist."""


@answers.command("import")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="CHECKLIST.xlsx")
@click.argument("bundle", type=click.Path(path_type=Path), metavar="BUNDLE")
@click.option("--write", is_flag=True, help="Update BUNDLE/cmscheck.yaml in place (a .bak keeps the old one).")
@report_input_errors
def import_(workbook, bundle, write):
    """Read the answers of a filled CHECKLIST.xlsx into BUNDLE's manifest."""
    from ..bundle import load_bundle
    from ..checklist import manifest, reader  # imported here: only this command reads workbooks

    inputs = pipeline.load_inputs()
    path = Path(bundle) / "cmscheck.yaml"
    if not path.is_file():
        raise InputError([Problem(display(path), None, "", "no cmscheck.yaml in this folder", "give the bundle folder")])
    load_bundle(Path(bundle), inputs.catalog)  # the bundle must load before anything is added to it
    got = reader.read(workbook, inputs.catalog)
    if got.problems:
        raise InputError(got.problems)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    new_text = manifest.update(text, got.answers, got.exclusions)
    if b"\r\n" in raw:  # keep the file's line endings (and its byte-order mark)
        new_text = new_text.replace("\n", "\r\n")
    if raw.startswith(b"\xef\xbb\xbf"):
        new_text = "\ufeff" + new_text
    lang = of_context()
    summary = t("cli.answers_summary", lang, answers=len(got.answers),
                conforming=sum(1 for a in got.answers if a["status"] == "conforming"),
                nonconforming=sum(1 for a in got.answers if a["status"] == "nonconforming"), exclusions=len(got.exclusions))
    if not write:
        click.echo(t("cli.answers_would_add", lang, path=display(path)))
        if got.answers:
            click.echo("answers:\n" + manifest.entry_text(got.answers), nl=False)
        if got.exclusions:
            click.echo("exclusions:\n" + manifest.entry_text(got.exclusions), nl=False)
        click.echo(t("cli.answers_dry", lang, summary=summary), err=True)
        sys.exit(0)
    backup = path.with_name(path.name + ".bak")
    shutil.copyfile(path, backup)
    write_atomic(path, new_text)
    try:
        load_bundle(Path(bundle), inputs.catalog)
    except InputError:
        shutil.copyfile(backup, path)  # never leave a manifest that no longer loads
        raise
    click.echo(t("cli.answers_written", lang, path=display(path), summary=summary, backup=display(backup)), err=True)
    sys.exit(0)
