"""`cmscheck validate BUNDLE`: check an evidence bundle without evaluating it."""

from __future__ import annotations

from pathlib import Path

import click

from ..bundle import load_bundle
from ..catalog import load_catalog
from ..problems import display
from . import _plain, report_input_errors
from .common import max_file_size_option


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command("validate")
@click.argument("bundle", type=click.Path(path_type=Path))
@max_file_size_option
@report_input_errors
def validate(bundle: Path) -> None:
    """Check the evidence bundle BUNDLE (a folder holding cmscheck.yaml, or the manifest itself).

    Reports every problem with its file, line, field and fix and exits 2; exits 0 when the bundle
    can be evaluated.
    """
    catalog = load_catalog()
    b = load_bundle(bundle, catalog)
    from ..rules import load_rules
    from .common import check_waivers
    check_waivers(b, load_rules())  # what evaluate would refuse, validate refuses too
    m = b.manifest
    parts = [
        _plural(len(m.documents), "document"),
        _plural(b.record_count, "record"),
        _plural(len(m.answers), "answer"),
    ]
    if m.organization.kind == "park":
        parts.append(_plural(len(b.members), "member"))
    click.echo(f"{b.manifest_file}: OK: {m.organization.name} ({m.organization.kind}): {', '.join(parts)}")
    # Files that are present evidence but whose content no rule can look at: said on stderr, not a problem.
    for bundle_ in [b, *b.members]:
        for rel, r in sorted(bundle_.readings.items()):
            if r.status != "read":
                click.echo(_plain(f"cmscheck: note: {display(bundle_.root / rel)}: {r.status}: {r.reason}", 1000), err=True)
