"""`cmscheck schema bundle|report`: the JSON Schema of the bundle manifest or of the JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from . import report_input_errors
from .common import write_atomic

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of the manifest (`bundle`) or of the assessment report (`report`)."""
    if kind == "bundle":
        from ..bundle.models import Manifest

        out = Manifest.model_json_schema(mode="validation")
        out["title"] = "cmscheck evidence bundle manifest (cmscheck.yaml)"
    elif kind == "report":
        from ..assessment import Assessment

        out = Assessment.model_json_schema(mode="serialization")
        out["title"] = "cmscheck assessment report (cmscheck evaluate --format json)"
    else:
        raise ValueError(f"unknown schema {kind!r}")
    return {"$schema": SCHEMA_DIALECT, **out}


def schema_text(kind: str) -> str:
    """The schema as published: sorted keys, 2-space indent, UTF-8, trailing newline; the same bytes every run."""
    return json.dumps(schema_of(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@click.command("schema")
@click.argument("kind", type=click.Choice(["bundle", "report"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="write the schema to this file instead of stdout")
@report_input_errors
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of the bundle manifest (bundle) or of the JSON report (report)."""
    text = schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
