"""`cmscheck site BUNDLE -o DIR`: publish the assessment as a browsable MkDocs site."""

from __future__ import annotations

from pathlib import Path

import click

from .. import pipeline
from ..i18n import of_context, t
from ..problems import InputError, Problem
from . import report_input_errors
from .common import as_of_day, as_of_option, select_standards, unused_waiver_lines, with_previous


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("-s", "--standard", "standards", multiple=True, help="Evaluate only this standard (repeatable). Default: all.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Folder for the site: replaced atomically, and only when the build succeeds.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The site's first language, at the top of the folder; the other one is built under its folder (en/ or zh/).")
@click.option("--single-language", is_flag=True, help="Build only the --lang pages, without the language switch.")
@as_of_option
@click.option("--no-build", is_flag=True, help="Write the MkDocs project (mkdocs.yml, docs/) instead of the built HTML.")
@click.option("--previous", type=click.Path(path_type=Path), metavar="OLD.json",
              help="A JSON report of an earlier run: the register shows each finding's status (new, persisting, "
                   "reopened, overdue) and owner. See docs/loop.md.")
@report_input_errors
def site(bundle, standards, output, lang, single_language, as_of, no_build, previous):
    """Evaluate BUNDLE and publish the result as an MkDocs site in the folder -o.

    The HTML is built with `mkdocs build --strict` beside the folder and swapped in; a failed build
    leaves the previous site as it was and exits 2. Open index.html from disk or serve the folder.
    Waived findings are shown as waived, as in every report. Both languages are built from the one
    assessment, --lang at the top and the other under its folder, with a switch between them on every
    page; report.html is the whole assessment as one page to print or save as PDF.
    """
    from ..site import SiteBuildError, publish

    inputs = pipeline.load_inputs()
    chosen = select_standards(inputs.catalog, standards)
    day = as_of_day(as_of)
    opts = pipeline.Options(chosen, day, lang, compare=True, site=True)
    if previous is None:
        assessed = pipeline.load_and_assess(bundle, inputs, opts)
    else:
        assessed = with_previous(bundle, inputs, opts, previous, lang)
    try:
        info = publish(assessed.context, output, build=not no_build, single_language=single_language)
    except SiteBuildError as e:
        raise InputError([Problem(str(output), None, "site", e.message, e.fix)]) from None
    msg = of_context()
    for line in unused_waiver_lines(assessed.unused, msg):
        click.echo("cmscheck: " + line, err=True)
    what = t("cli.site_what_project" if no_build else "cli.site_what_site", msg)
    timing = t("cli.site_timing", msg, seconds=f"{info['build_seconds']:.1f}") if "build_seconds" in info else ""
    click.echo(t("cli.site_written", msg, what=what, output=output, pages=info["pages"], timing=timing), err=True)
