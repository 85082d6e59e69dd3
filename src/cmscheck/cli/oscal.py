"""`cmscheck oscal catalog STANDARD`: a standard of the catalog as an OSCAL 1.1 catalog (JSON).

Assessment results and the POA&M come from `cmscheck evaluate BUNDLE --format oscal-ar | oscal-poam`,
whose statement targets are the item ids of this catalog. docs/loop.md.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import pipeline
from . import report_input_errors
from .common import select_standards, write_atomic


@click.group()
def oscal() -> None:
    """OSCAL (NIST) documents: the catalog of a standard."""


@oscal.command("catalog")
@click.argument("standard")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically) instead of stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default="1970-01-01", show_default=True,
              help="last-modified of the catalog (the standards carry no date of their own): the same date, the same bytes.")
@report_input_errors
def catalog(standard, output, lang, day):
    """Write STANDARD (cms, enterprise, industrial, key-industry, park) as an OSCAL catalog."""
    from importlib.metadata import PackageNotFoundError, version  # imported here: other commands need neither

    from ..render import oscal_catalog

    inputs = pipeline.load_inputs()
    select_standards(inputs.catalog, [standard])
    try:
        ver = version("cmscheck")
    except PackageNotFoundError:
        ver = "0"
    text = oscal_catalog.catalog(inputs.catalog.standards[standard], lang, day.date(), ver)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
