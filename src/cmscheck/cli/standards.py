"""`cmscheck standards list|show|glossary`: browse the catalog."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..problems import InputError, Problem
from . import report_input_errors


def _catalog():
    from ..catalog import load_catalog
    return load_catalog()


def _console() -> Console:
    con = Console(highlight=False, emoji=False, soft_wrap=False)
    if not con.is_terminal:
        con.width = 160  # piped or captured: do not squeeze Chinese titles into 80 columns
    return con


def _standard(catalog, std_id):
    if std_id not in catalog.standards:
        raise InputError([Problem("(command line)", None, "ID", f"unknown standard {std_id!r}", f"use one of: {', '.join(sorted(catalog.standards))}")])
    return catalog.standards[std_id]


@click.group()
def standards() -> None:
    """Browse the five standards of the catalog."""


@standards.command("list")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@report_input_errors
def list_(lang, fmt):
    """A table: id, code, title, kind, clauses, statements by modality."""
    catalog = _catalog()
    rows = []
    for sid in sorted(catalog.standards):
        s = catalog.standards[sid]
        counts = {m: 0 for m in ("shall", "should", "may", "informative")}
        for st in s.statements():
            counts[st.modality] += 1
        rows.append({"id": sid, "code": s.code, "title": s.title.get(lang), "kind": s.kind,
                     "clauses": sum(1 for _ in s.walk()), "statements": counts})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table()
    for col in ("id", "code", "title", "kind", "clauses", "shall", "should", "may", "informative"):
        table.add_column(col)
    for r in rows:
        c = r["statements"]
        table.add_row(r["id"], r["code"] or "—", r["title"], r["kind"], str(r["clauses"]),
                      str(c["shall"]), str(c["should"]), str(c["may"]), str(c["informative"]))
    _console().print(table)


def _clause_json(clause):
    return clause.model_dump(mode="json")


@standards.command("show")
@click.argument("std_id", metavar="ID")
@click.argument("clause", required=False)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@report_input_errors
def show(std_id, clause, lang, fmt):
    """The clause tree of standard ID, or one CLAUSE with its statements."""
    catalog = _catalog()
    std = _standard(catalog, std_id)
    if clause:
        node = std.clause(clause)
        if node is None:
            raise InputError([Problem("(command line)", None, "CLAUSE", f"{std_id} has no clause {clause!r}", f"see `cmscheck standards show {std_id}` for its clauses")])
        if fmt == "json":
            click.echo(json.dumps(_clause_json(node), ensure_ascii=False, indent=2))
            return
        con = _console()
        title = node.title.get(lang) or node.title.zh
        con.print(Text(f"{std_id} {node.number} {title}" + ("  (number rebuilt: " + (node.rebuilt_note or "") + ")" if node.rebuilt else "")))
        for st in node.statements:
            extra = f"  evidence: {', '.join(st.evidence)}" if st.evidence else ""
            con.print(Text(f"  {st.id}  [{st.modality}]{extra}"))
            con.print(Text(f"      {st.text}"))
        for child in node.clauses:
            con.print(Text(f"  → {child.number} {child.title.get(lang) or child.title.zh}"))
        return
    if fmt == "json":
        click.echo(json.dumps(std.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    tree = Tree(Text(f"{std_id}: {std.title.get(lang)} ({std.kind})"))

    def add(parent, clauses):
        for c in clauses:
            label = f"{c.number} {c.title.get(lang) or c.title.zh}  ({len(c.statements)} statements)" + (" *rebuilt*" if c.rebuilt else "")
            add(parent.add(Text(label)), c.clauses)

    add(tree, std.clauses)
    _console().print(tree)


@standards.command("glossary")
@click.argument("std_id", metavar="[ID]", required=False)
@click.option("--search", "term", help="Show only terms whose name or definition contains TERM (zh or en).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@report_input_errors
def glossary(std_id, term, fmt):
    """The terms and definitions (chapter 3) of one standard or all."""
    catalog = _catalog()
    ids = [std_id] if std_id else sorted(catalog.standards)
    rows = []
    for sid in ids:
        std = _standard(catalog, sid)
        for t in std.glossary:
            hay = " ".join([t.term.zh, t.term.en or "", t.definition]).lower()
            if term and term.lower() not in hay:
                continue
            rows.append({"standard": sid, **t.model_dump(mode="json")})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no matching terms", err=True)
        return
    table = Table(show_lines=True)
    for col in ("standard", "number", "term", "definition"):
        table.add_column(col)
    for r in rows:
        name = r["term"]["zh"] + (f"\n{r['term']['en']}" if r["term"].get("en") else "")
        table.add_row(r["standard"], r["number"], name, r["definition"])
    _console().print(table)
