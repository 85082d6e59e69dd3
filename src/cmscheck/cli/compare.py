"""`cmscheck compare BUNDLE`: one evaluation per standard, side by side, and why verdicts differ."""

from __future__ import annotations

from pathlib import Path

import click

from .. import pipeline
from ..render import formats
from . import report_input_errors
from .common import as_of_day, as_of_option, select_standards, write_atomic


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("-s", "--standard", "standards", multiple=True, help="Compare only these standards (repeatable). Default: all five.")
@click.option("--format", "fmt", type=click.Choice(formats.names("comparison")), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (atomically) instead of stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@as_of_option
@report_input_errors
def compare(bundle, standards, fmt, output, lang, as_of):
    """Evaluate BUNDLE against each standard and compare: topics × standards, and why verdicts differ.

    A requirements standard is compared as certifiable conformity, a guideline as gaps against guidance.
    Waived findings count as they do in every report. Exit 0 when the comparison was made (whatever it
    shows), 2 when the input cannot be evaluated.
    """
    inputs = pipeline.load_inputs()
    chosen = select_standards(inputs.catalog, standards)
    day = as_of_day(as_of)
    assessed = pipeline.load_and_assess(bundle, inputs, pipeline.Options(chosen, day, lang, compare=True))
    text = formats.get(fmt, "comparison").render(assessed.context)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
