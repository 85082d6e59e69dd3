"""`cmscheck site BUNDLE -o DIR`: publish the assessment as a browsable MkDocs site."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, Problem
from . import report_input_errors
from .common import load_inputs, select_standards


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("-s", "--standard", "standards", multiple=True, help="Evaluate only this standard (repeatable). Default: all.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Folder for the site: replaced atomically, and only when the build succeeds.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--no-build", is_flag=True, help="Write the MkDocs project (mkdocs.yml, docs/) instead of the built HTML.")
@report_input_errors
def site(bundle, standards, output, lang, no_build):
    """Evaluate BUNDLE and publish the result as an MkDocs site in the folder -o.

    The HTML is built with `mkdocs build --strict` beside the folder and swapped in; a failed build
    leaves the previous site as it was and exits 2. Open index.html from disk or serve the folder.
    """
    from ..evaluate import evaluate as run_evaluation
    from ..site import SiteBuildError, publish

    catalog, ruleset, loaded = load_inputs(bundle)
    chosen = select_standards(catalog, standards)
    assessment = run_evaluation(loaded, catalog, ruleset, chosen)
    try:
        info = publish(assessment, catalog, output, lang=lang, build=not no_build)
    except SiteBuildError as e:
        raise InputError([Problem(str(output), None, "site", e.message, e.fix)]) from None
    what = "MkDocs project" if no_build else "site"
    timing = f", mkdocs build {info['build_seconds']:.1f} s" if "build_seconds" in info else ""
    click.echo(f"cmscheck: wrote the {what} to {output} ({info['pages']} pages{timing})", err=True)
