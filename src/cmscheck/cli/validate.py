"""`cmscheck validate BUNDLE`: check an evidence bundle without evaluating it."""

from __future__ import annotations

import itertools
from pathlib import Path

import click

from ..i18n import of_context, t

from ..bundle import load_bundle
from ..catalog import load_catalog
from ..problems import display
from . import _plain, report_input_errors
from .common import max_file_size_option


def _count(n: int, word: str, lang: str) -> str:
    return t(f"cli.count_{word}", lang, n=n, s="" if n == 1 else "s")


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
    m, lang = b.manifest, of_context()
    parts = [_count(len(m.documents), "document", lang), _count(b.record_count, "record", lang),
             _count(len(m.answers), "answer", lang)]
    if m.organization.kind == "park":
        parts.append(_count(len(b.members), "member", lang))
    click.echo(t("cli.validate_ok", lang, file=b.manifest_file, name=_plain(m.organization.name, 1000),
                 kind=t(f"cli.{m.organization.kind}", lang), parts=("、" if lang == "zh" else ", ").join(parts)))
    # Files that are present evidence but whose content no rule can look at: said on stderr, not a problem.
    # A park's members are looked at one at a time (each is rebuilt from its packed form on access): a
    # list of them all would hold every member at once (a park of 1,000 members: 251 MB instead of ~110).
    for bundle_ in itertools.chain((b,), b.members):
        for rel, r in sorted(bundle_.readings.items()):
            if r.status != "read":
                reason = (r.reason_zh or r.reason) if lang == "zh" else r.reason
                note = t("cli.unread_note", lang, path=display(bundle_.root / rel), status=t(f"cli.read_{r.status}", lang), reason=reason)
                click.echo(_plain(note, 1000), err=True)
