"""`cmscheck diff OLD.json NEW.json`: findings new, persisting, resolved and reopened between two JSON
reports (by their stable ids), and the corrective-action register. The model: docs/loop.md.

Exit 0, or 1 when the register has an overdue severe action (as `evaluate --previous`), 2 for bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import tracking
from ..i18n import t
from ..render import formats
from . import report_input_errors
from .common import write_atomic


@click.command()
@click.argument("old", type=click.Path(path_type=Path), metavar="OLD.json")
@click.argument("new", type=click.Path(path_type=Path), metavar="NEW.json")
@click.option("--format", "fmt", type=click.Choice(formats.names("tracking")), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (atomically) instead of stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@report_input_errors
def diff(old, new, fmt, output, lang):
    """Compare two JSON reports of `cmscheck evaluate --format json` of the same bundle."""
    before, after = tracking.load_report(old), tracking.load_report(new)
    as_of = tracking.as_date(after["organization"]["as_of"])
    register = (after.get("tracking") or {}).get("corrective_actions", [])
    tr = tracking.track(tracking.seen_of_report(after), as_of, before, str(old), lang, old_register=register)
    text = formats.get(fmt, "tracking").render(formats.TrackingView(tr, lang))
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    overdue = tracking.overdue_severe(tr)
    for a in overdue:
        click.echo(t("cli.action_overdue", lang, id=a.id, grade=t(f"report.{a.grade}", lang), due=a.due, status=a.status), err=True)
    sys.exit(1 if overdue else 0)
