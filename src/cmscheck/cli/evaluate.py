"""`cmscheck evaluate BUNDLE`: evaluate an evidence bundle and report conformity gaps."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..problems import InputError, Problem
from . import report_input_errors
from .common import load_inputs, select_standards, write_atomic

GRADE_ORDER = {"severe": 2, "general": 1}


def exit_code(assessment, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = GRADE_ORDER[fail_on]
    for a in [assessment, *assessment.members]:
        for f in a.findings():
            if f.verdict == "nonconforming" and GRADE_ORDER[f.grade] >= threshold:
                return 1
    return 0


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("-s", "--standard", "standards", multiple=True, help="Evaluate only this standard (repeatable). Default: all.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "sarif", "junit"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(["severe", "general", "never"]), default="severe", show_default=True,
              help="Exit 1 when a nonconformity of this grade or worse is found.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge at this date instead of the bundle's as_of.")
@report_input_errors
def evaluate(bundle, standards, fmt, output, fail_on, lang, as_of):
    """Evaluate BUNDLE (a folder with cmscheck.yaml) against the standards.

    Exit 0 when nothing reaches --fail-on, 1 when something does, 2 when the input cannot be evaluated.
    """
    from ..evaluate import evaluate as run_evaluation
    from ..render import renderers

    catalog, ruleset, loaded = load_inputs(bundle)
    chosen = select_standards(catalog, standards)
    table = renderers()
    if fmt not in table:
        raise InputError([Problem("(command line)", None, "--format", f"the {fmt} format is not available in this build", "use text, json or markdown")])
    assessment = run_evaluation(loaded, catalog, ruleset, chosen, as_of.date() if isinstance(as_of, dt.datetime) else None)
    text = table[fmt](assessment, lang)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(exit_code(assessment, fail_on))
