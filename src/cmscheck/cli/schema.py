"""`cmscheck schema bundle|report`: the JSON Schema of the bundle manifest or of the JSON report."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from . import report_input_errors

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


def write_atomic(path: Path, text: str) -> None:
    """Write text to path via a temporary file in the same folder, so a failure leaves the old file intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
