"""`cmscheck checklist BUNDLE -o checklist.xlsx`: the statements that need a person, to fill in.

One row per statement of the applicable standards that is documented — to verify, or not assessed,
with the requirement, the evidence the standard expects, what cmscheck found, and columns for the
answer. `cmscheck answers import` reads the filled workbook back. docs/loop.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import pipeline
from ..i18n import of_context, t
from ..problems import InputError, Problem
from ..render import formats
from . import report_input_errors
from .common import as_of_day, as_of_option, select_standards, write_atomic


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path), metavar="BUNDLE")
@click.option("-s", "--standard", "standards", multiple=True, help="Only this standard (repeatable). Default: all applicable.")
@click.option("--format", "fmt", type=click.Choice(formats.names("checklist")), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically); markdown and csv go to stdout without it.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@as_of_option
@report_input_errors
def checklist(bundle, standards, fmt, output, lang, as_of):
    """Write the checklist of BUNDLE's statements that need a person's answer."""
    inputs = pipeline.load_inputs()
    chosen = select_standards(inputs.catalog, standards)
    day = as_of_day(as_of)
    assessed = pipeline.load_and_assess(bundle, inputs, pipeline.Options(chosen, day, lang))
    out = formats.get(fmt, "checklist").render(assessed.context)
    if isinstance(out, bytes):
        if output is None:
            raise InputError([Problem("(command line)", None, "-o", f"--format {fmt} is a binary file",
                                      f"add -o checklist.{formats.get(fmt, 'checklist').extension}")])
        write_atomic(output, out)
    elif output is not None:
        write_atomic(output, out)
    else:
        click.echo(out, nl=False)
    rows = sum(1 for s in assessed.assessment.standards if s.applicable for r in s.statements
               if r.status in ("documented", "not_assessed"))
    if output is not None:
        click.echo(t("cli.checklist_rows", of_context(), output=output, rows=rows), err=True)
    sys.exit(0)
