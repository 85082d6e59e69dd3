"""`cmscheck crosswalk [A B]`: how the standards' statements correspond, and what each asks alone."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..problems import InputError, Problem
from . import report_input_errors

LABELS = {
    "zh": {"equivalent": "等同", "subset": "被包含", "superset": "包含", "intersects": "交叉",
           "no_counterpart": "对方无对应条款", "guidance_only": "对方仅作指导（可/资料性），不是要求",
           "asks": "{a} 要求而 {b} 未要求", "maps": "对应关系（{a} → {b}）", "pairs": "两两对照", "standards": "各标准覆盖",
           "legend": "关系读作“{a} 的条款 … {b} 的条款”：等同、被包含（{b} 要求更多）、包含（{a} 要求更多）、交叉。"},
    "en": {"equivalent": "equivalent", "subset": "subset", "superset": "superset", "intersects": "intersects",
           "no_counterpart": "no counterpart", "guidance_only": "the other gives it only as guidance (may/informative)",
           "asks": "what {a} asks that {b} does not", "maps": "mappings ({a} → {b})", "pairs": "pairs", "standards": "coverage per standard",
           "legend": "read as '{a} statement … {b} statement': equivalent, subset ({b} asks more), superset ({a} asks more), intersects."},
}


def _t(lang, key, **kw):
    return LABELS[lang][key].format(**kw)


def _console() -> Console:
    con = Console(highlight=False, emoji=False, soft_wrap=False)
    if not con.is_terminal:
        con.width = 160
    return con


def _check(catalog, ids):
    bad = [s for s in ids if s not in catalog.standards]
    if bad:
        raise InputError([Problem("(command line)", None, "STANDARD", f"unknown standard {s!r}",
                                  f"use one of: {', '.join(sorted(catalog.standards))}") for s in bad])
    if len(ids) == 2 and ids[0] == ids[1]:
        raise InputError([Problem("(command line)", None, "B", "A and B are the same standard", "name two different standards")])


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@click.command()
@click.argument("standards", nargs=-1, metavar="[A B]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--unique-only", is_flag=True, help="With A B: show only what each asks that the other does not.")
@report_input_errors
def crosswalk(standards, fmt, lang, unique_only):
    """The crosswalk: without arguments, how many statements map for each pair of standards;
    with A B, the mappings from A to B and what each asks that the other does not."""
    from ..catalog import load_catalog
    from ..crosswalk import load_crosswalk
    from ..crosswalk.report import overview, pair_report

    if len(standards) not in (0, 2):
        raise click.UsageError("give no standard, or two (A B)")
    catalog = load_catalog()
    _check(catalog, list(standards))
    cw = load_crosswalk()
    if not standards:
        ov = overview(catalog, cw)
        if fmt == "json":
            click.echo(json.dumps(ov.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True))
            return
        _print_overview(ov, lang)
        return
    a, b = standards
    rep = pair_report(catalog, cw, a, b)
    if fmt == "json":
        data = rep.model_dump(mode="json")
        if unique_only:
            data.pop("rows")
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    _print_pair(rep, a, b, lang, unique_only)


def _print_overview(ov, lang):
    con = _console()
    table = Table(title=_t(lang, "standards"))
    for col in ("standard", "statements", "mapped", "unique"):
        table.add_column(col)
    for s in ov.standards:
        table.add_row(s.standard, str(s.statements), str(s.mapped), str(s.unique))
    con.print(table)
    table = Table(title=_t(lang, "pairs"))
    for col in ("A", "B", "mappings", "A mapped", "A unique", "B mapped", "B unique", "A shall/should unique", "B shall/should unique"):
        table.add_column(col)
    for p in ov.pairs:
        table.add_row(p.a.standard, p.b.standard, str(p.mappings), str(p.a.mapped), str(p.a.unique), str(p.b.mapped), str(p.b.unique),
                      f"{p.a.normative_unique}/{p.a.normative}", f"{p.b.normative_unique}/{p.b.normative}")
    con.print(table)


def _print_pair(rep, a, b, lang, unique_only):
    con = _console()
    s = rep.summary
    con.print(Text(f"{a} ↔ {b}: {s.mappings} mappings ({s.curated} curated) · "
                   + ", ".join(f"{_t(lang, k)} {v}" for k, v in s.by_relationship.items())))
    for side in (s.a, s.b):
        con.print(Text(f"  {side.standard}: {side.mapped}/{side.statements} statements map, {side.unique} do not; "
                       f"shall/should: {side.normative_mapped}/{side.normative} map, {side.normative_unique} do not"))
    if not unique_only:
        con.print(Text("\n" + _t(lang, "maps", a=a, b=b)))
        con.print(Text("  " + _t(lang, "legend", a=a, b=b)))
        table = Table(show_lines=False)
        for col in (a, "", b, ""):
            table.add_column(col, overflow="fold")
        for r in rep.rows:
            first = True
            for c in r.counterparts:
                table.add_row(f"{r.id} [{r.modality}]" if first else "", _clip(r.text, 40) if first else "",
                              f"{_t(lang, c.relationship)} {c.id} [{c.modality}]" + (" *" if c.source == "curated" else ""), "")
                first = False
        con.print(table)
    for x, y, items in ((a, b, rep.a_only), (b, a, rep.b_only)):
        con.print(Text(f"\n{_t(lang, 'asks', a=x, b=y)}: {len(items)}"))
        for it in items:
            con.print(Text(f"  {it.id} [{it.modality}] {_clip(it.text)}  — {_t(lang, it.why)}"))
