"""Load an evidence bundle: its manifest, checked through and through, and its Markdown documents.

`load_bundle(path, catalog)` reads the manifest (`cmscheck.yaml`) of a bundle folder, validates it
against the models in `models.py`, checks every id, evidence kind, statement id, path and date in it,
parses the Markdown documents it names and loads a park's member bundles. It collects every problem
and raises one `InputError` carrying all of them, each naming the file, line and field and saying
how to fix it.

A bundle is untrusted input: YAML is loaded safely (and YAML aliases may not blow up), every path
must stay inside the bundle folder (no absolute paths, no `..` or symbolic link leading out), files
are size-limited, text files must be UTF-8 and only text files are ever read. Nothing in a bundle is
executed or used as a template.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

import yaml
from pydantic import BaseModel, ValidationError

from .. import yamlio
from ..catalog import Catalog
from ..findings import EvidenceRef
from ..problems import InputError, Problem, display
from ..validation import problems_from
from ..yamlio import Located, dotted
from .markdown import ParsedDocument, parse_markdown
from .data import Inventory, Target
from .models import Answer, Calibration, Document, Exclusion, Manifest, Organization, OtherRecord, Records, Waiver

MANIFEST_NAME = "cmscheck.yaml"
MAX_FILE_BYTES = 10 * 1024 * 1024  # a file named by the manifest
MAX_MANIFEST_BYTES = yamlio.MAX_BYTES  # 5 MB
MAX_YAML_NODES = 1_000_000  # after expanding aliases: guards against "billion laughs" manifests
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".csv", ".yaml", ".yml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
PATH_FIELDS = ("file", "report", "minutes", "certificate")  # the path-valued fields of records
VOCABULARY = "standards/vocabulary.yaml"

Loc = tuple[Any, ...]


class PathProblem(Exception):
    """A path named in the bundle cannot be used; carries the message and the fix."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Bundle:
    """A loaded, fully checked evidence bundle."""

    root: Path  # the bundle folder
    manifest: Manifest
    manifest_file: str  # the manifest as shown to the user (relative to the working directory)
    lines: Located  # the manifest's values with their lines
    documents: dict[str, ParsedDocument] = field(default_factory=dict)  # id -> parsed Markdown (documents and records with a .md file)
    members: list["Bundle"] = field(default_factory=list)  # a park's member enterprises
    manifest_path: str = MANIFEST_NAME  # the manifest relative to the bundle folder

    def where(self, loc: Iterable[Any], note: str | None = None) -> EvidenceRef:
        """Evidence pointing at a place in the manifest, e.g. ("records", "calibrations", 2, "due")."""
        loc = tuple(loc)
        return EvidenceRef(file=self.manifest_path, line=self.lines.line(loc), field=dotted(loc) or None, note=note)

    def ref(self, doc_id: str, section: str | None = None, note: str | None = None) -> EvidenceRef:
        """Evidence pointing at a parsed Markdown document, or at a section of it (first heading match)."""
        doc = self.documents[doc_id]
        sec = doc.section(section) if section else None
        return EvidenceRef(file=doc.file, line=sec.line if sec else None, section=sec.heading if sec else None, note=note)

    def path(self, relpath: str, loc: Iterable[Any] | None = None) -> Path:
        """The resolved path of a file inside the bundle; raises InputError if it leaves the bundle or is missing."""
        try:
            return resolve_inside(self.root, relpath)
        except PathProblem as p:
            raise InputError([self._problem(relpath, loc, p)]) from None

    def read_text(self, relpath: str, loc: Iterable[Any] | None = None) -> str:
        """Read a text file of the bundle (e.g. a CSV ledger) with the same checks as the loader.

        `loc` is where the manifest names the file (e.g. ("data", "inventory", 0, "monitoring", 1, "ledger"));
        a problem then points there. Only .md .txt .csv .yaml files are read.
        """
        try:
            real = resolve_inside(self.root, relpath)
            text = read_checked(real, relpath)
            if text is None:
                raise PathProblem(f"{relpath!r} is not a text file (.md .txt .csv .yaml); it is not read",
                                  "give a text file here")
            return text
        except PathProblem as p:
            raise InputError([self._problem(relpath, loc, p)]) from None

    def _problem(self, relpath: str, loc: Iterable[Any] | None, p: PathProblem) -> Problem:
        if loc is not None:
            loc = tuple(loc)
            return Problem(self.manifest_file, self.lines.line(loc), dotted(loc), p.message, p.fix)
        return Problem(display(self.root / relpath) if isinstance(relpath, str) else self.manifest_file, None, "", p.message, p.fix)

    @property
    def record_count(self) -> int:
        return sum(len(getattr(self.manifest.records, name)) for name in Records.model_fields)


# --------------------------------------------------------------------------------------------- paths


def _q(text: str, limit: int = 120) -> str:
    """A user's text quoted for a message, cut short when it is very long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def resolve_inside(root: Path, rel: Any, want_dir: bool = False) -> Path:
    """Resolve a path written in the manifest; raise PathProblem unless it names an existing file
    (or folder) inside `root` of at most MAX_FILE_BYTES."""
    if not isinstance(rel, str) or not rel.strip():
        raise PathProblem("empty path", "write the path of the file, relative to the bundle folder")
    if "\x00" in rel:
        raise PathProblem("path contains a NUL character", "write a plain relative path")
    if "\\" in rel:
        raise PathProblem(f"path {_q(rel)} uses '\\' between folders", f"write it with '/': {rel.replace(chr(92), '/')!r}")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", rel) or rel.startswith("~"):
        raise PathProblem(f"path {_q(rel)} is absolute; paths are relative to the bundle folder",
                          "copy the file into the bundle folder and write its path relative to the folder, e.g. docs/policy.md")
    if os.path.normpath(rel).split("/")[0] == "..":
        raise PathProblem(f"path {_q(rel)} leads out of the bundle folder ('..')",
                          "keep the file (or folder) inside the bundle folder and write its path relative to that folder")
    try:
        base = root.resolve()
        real = (root / pure).resolve()
        if real != base and not real.is_relative_to(base):
            raise PathProblem(f"path {_q(rel)} leads out of the bundle folder through a symbolic link",
                              "replace the link with a copy of the file inside the bundle folder")
        if not real.exists():
            raise PathProblem(f"{'folder' if want_dir else 'file'} {_q(rel)} not found in the bundle folder{_nearby(root, pure)}",
                              "check the spelling (names are case-sensitive) or add the file to the bundle folder")
        if want_dir:
            if not real.is_dir():
                raise PathProblem(f"{_q(rel)} is not a folder", "give the folder that holds the member's cmscheck.yaml")
            return real
        if real.is_dir():
            raise PathProblem(f"{_q(rel)} is a folder, not a file", "give the path of a file")
        if not real.is_file():
            raise PathProblem(f"{_q(rel)} is not a regular file", "give the path of an ordinary file")
        size = real.stat().st_size
    except (OSError, RuntimeError) as e:  # permission denied, symlink loop, name too long, ...
        raise PathProblem(f"path {_q(rel)} cannot be used: {getattr(e, 'strerror', None) or e}",
                          "check that the file exists and can be read") from None
    if size > MAX_FILE_BYTES:
        raise PathProblem(f"file {_q(rel)} is {size:,} bytes, over the limit of {_mb(MAX_FILE_BYTES)}",
                          "keep a smaller file in the bundle (split it, or compress images)")
    return real


def _nearby(root: Path, pure: PurePosixPath) -> str:
    folder = root / pure.parent
    try:
        if not folder.is_dir() or not folder.resolve().is_relative_to(root.resolve()):
            return ""
        names = sorted(p.name for _, p in zip(range(2000), folder.iterdir()))
    except OSError:
        return ""
    close = difflib.get_close_matches(pure.name, names, n=3, cutoff=0.6)
    if not close:
        return ""
    prefix = "" if str(pure.parent) == "." else f"{pure.parent}/"
    return "; did you mean " + ", ".join(repr(prefix + c) for c in close) + "?"


def read_checked(real: Path, rel: str) -> str | None:
    """The text of a text file (.md .txt .csv .yaml), checked to be UTF-8 without NUL bytes.
    Other files (pdf, xlsx, images, ...) are opaque evidence: None, never read."""
    if real.suffix.lower() not in TEXT_SUFFIXES:
        return None
    try:
        with real.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise PathProblem(f"file {_q(rel)} cannot be read: {e.strerror or e}", "check the file's permissions") from None
    if len(raw) > MAX_FILE_BYTES:
        raise PathProblem(f"file {_q(rel)} is over the limit of {_mb(MAX_FILE_BYTES)}", "keep a smaller file in the bundle")
    if b"\x00" in raw:
        raise PathProblem(f"file {_q(rel)} is binary (contains NUL bytes), not {real.suffix} text",
                          "save it as UTF-8 text, or give it an extension that matches its content (e.g. .pdf)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise PathProblem(f"file {_q(rel)} is not valid UTF-8 text (first bad byte on its line {line})",
                          "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)") from None


def _posix(rel: str) -> str:
    return PurePosixPath(os.path.normpath(rel)).as_posix()


# ---------------------------------------------------------------------------------------- manifest


def _alias_blowup(text: str) -> str | None:
    """A reason to refuse YAML whose aliases expand without bound (recursive, or 'billion laughs')."""
    if "*" not in text:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None  # yamlio reports the syntax error
    if root is None:
        return None
    size: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_stack.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_YAML_NODES:
                return f"its YAML aliases (*name) expand to more than {MAX_YAML_NODES:,} values"
            continue
        if key in size:
            continue
        if key in on_stack:
            return "a YAML alias (*name) refers to a value that contains it"
        on_stack.add(key)
        stack.append((node, True))
        for c in children:
            if id(c) in on_stack:
                return "a YAML alias (*name) refers to a value that contains it"
            if id(c) not in size:
                stack.append((c, False))
    return None


def _read_manifest(mpath: Path, shown: str) -> Located:
    try:
        text = yamlio.read_text(mpath, shown, MAX_MANIFEST_BYTES)
    except OSError as e:
        raise InputError([Problem(shown, None, "", f"cannot read the manifest: {e.strerror or e}", "check the file's permissions")]) from None
    reason = _alias_blowup(text)
    if reason:
        raise InputError([Problem(shown, None, "", f"manifest refused: {reason}", "write the values out instead of using YAML anchors and aliases")])
    try:
        return yamlio.loads(text, shown)
    except RecursionError:
        raise InputError([Problem(shown, None, "", "manifest is nested too deeply", "write a flatter manifest")]) from None
    except (ValueError, TypeError, OverflowError):
        # PyYAML's SafeLoader raises these for an impossible date such as 2024-02-30 (and for bad
        # !!int or !!float values). Load again with dates kept as text: pydantic then reports each
        # bad date with its field, together with every other problem of the manifest.
        return _loads_text_dates(text, shown)


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (pydantic parses them)."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _loads_text_dates(text: str, shown: str) -> Located:
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except (ValueError, TypeError, OverflowError, yaml.YAMLError, RecursionError) as e:
        raise InputError(_unreadable_scalars(text, shown) or [
            Problem(shown, None, "", f"a value cannot be read: {e}", "check the dates (YYYY-MM-DD) and numbers")]) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    if node is not None:
        yamlio._walk(node, (), lines, problems, shown)  # lines and duplicate keys, as yamlio.loads does
    if problems:
        raise InputError(problems)
    return Located(data, lines, shown)


def _unreadable_scalars(text: str, shown: str) -> list[Problem]:
    """Locate the scalars PyYAML cannot construct (impossible dates, bad !!int/!!float values)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return []
    constructor = yaml.SafeLoader("")
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError) as e:
                is_date = node.tag.endswith(":timestamp")
                problems.append(Problem(
                    shown, node.start_mark.line + 1, dotted(loc),
                    f"{node.value!r} is not a real date" if is_date else f"{node.value!r} cannot be read: {e}",
                    "write an existing date as YYYY-MM-DD" if is_date else "write a plain value here"))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                stack.append((knode, loc))
                stack.append((vnode, loc + (knode.value if isinstance(knode, yaml.ScalarNode) else "?",)))
    constructor.dispose()
    return problems


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def _model_at(loc: Loc) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Manifest
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _unwrap_model(model.model_fields[part].annotation)
    return model


def _shown_value(value: Any, quote: bool = True) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dt.date, int, float)):
        text = str(value)
    else:
        return repr(value) if quote else str(value)
    return repr(text) if quote else text


def _validation_problems(err: ValidationError, doc: Located) -> list[Problem]:
    """pydantic's errors as Problems, with the bad value and close field names added where they help."""
    out = []
    for e, p in zip(err.errors(include_url=False), problems_from(err, doc)):
        loc = tuple(e["loc"])
        message, fix = p.message, p.fix
        kind = e["type"]
        if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
            parent = _model_at(loc[:-1])
            if parent is not None:
                close = difflib.get_close_matches(loc[-1], list(parent.model_fields), n=3, cutoff=0.6)
                message = f"unknown field {loc[-1]!r}" + (f"; did you mean {', '.join(map(repr, close))}?" if close else "")
                fix = "remove this field, or write one of: " + ", ".join(parent.model_fields)
        elif kind.startswith(("date_", "float_", "int_", "bool_")) or kind in ("string_type", "greater_than_equal", "less_than_equal"):
            value = e.get("input")
            if not isinstance(value, (dict, list)):
                message = f"{message} (got {_shown_value(value)})"
            if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
                fix = f"put the value in quotes to make it text, e.g. \"{_shown_value(value, quote=False)}\""
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
            if "period" in loc:
                fix = "make period.end the same day as period.start or later"
        elif kind in ("model_type", "dict_type"):
            message = ("the manifest must be a mapping of sections (organization:, documents:, records:, ...)" if not loc
                       else "expected a mapping here (key: value lines)") + f", not {type(e.get('input')).__name__}"
        elif kind == "missing":
            message = f"required field {loc[-1]!r} is missing" if loc and isinstance(loc[-1], str) else message
        out.append(Problem(p.file, p.line, p.field, message, fix))
    return out


# ------------------------------------------------------------------------------------------ checks


class _Checker:
    """The cross-checks of one manifest. Runs on the raw YAML data with each item validated on its
    own, so problems are found even when another part of the manifest is invalid."""

    def __init__(self, root: Path, doc: Located, catalog: Catalog, member: bool):
        self.root = root
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.catalog = catalog
        self.member = member
        self.problems: list[Problem] = []
        self.documents: dict[str, ParsedDocument] = {}
        self.member_dirs: list[tuple[Loc, Path]] = []
        self.ids: dict[str, Loc] = {}  # every id of a document, record, target, offset, instrument
        self.document_ids: set[str] = set()

    # -- helpers
    def add(self, loc: Loc, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.doc.file, self.doc.line(loc), dotted(loc), message, fix))

    def raw(self, loc: Loc) -> Any:
        node: Any = self.data
        for part in loc:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return None
            elif not isinstance(node, dict):
                return None
            node = node[part] if isinstance(part, int) else node.get(part)
        return node

    def raw_items(self, loc: Loc) -> Iterator[tuple[Loc, Any]]:
        seq = self.raw(loc)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                yield loc + (i,), item

    def items(self, loc: Loc, model: type[BaseModel]) -> Iterator[tuple[Loc, Any]]:
        """Items of the list at loc that are valid on their own (invalid ones are reported by pydantic)."""
        for iloc, item in self.raw_items(loc):
            try:
                yield iloc, model.model_validate(item)
            except ValidationError:
                continue

    def one(self, loc: Loc, model: type[BaseModel]) -> Any:
        try:
            return model.model_validate(self.raw(loc))
        except ValidationError:
            return None

    def check_path(self, loc: Loc, rel: str, want_dir: bool = False) -> tuple[Path | None, str | None]:
        """Resolve and check a path; returns (real path, text of a text file) or (None, None) after a problem."""
        try:
            real = resolve_inside(self.root, rel, want_dir)
            return real, (None if want_dir else read_checked(real, rel))
        except PathProblem as p:
            self.add(loc, p.message, p.fix)
            return None, None

    # -- the checks
    def run(self) -> None:
        self.check_ids()
        self.check_kinds()
        self.check_files()
        self.check_references()
        self.check_statements()
        self.check_organization()
        self.check_waivers()

    def id_lists(self) -> list[Loc]:
        return [("documents",)] + [("records", name) for name in Records.model_fields] + [
            ("data", "targets"), ("data", "offsets"), ("data", "instruments")]

    def check_ids(self) -> None:
        for list_loc in self.id_lists():
            for iloc, item in self.raw_items(list_loc):
                if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)):
                    continue
                ident = str(item["id"])
                if ident in self.ids:
                    first = self.ids[ident]
                    self.add(iloc + ("id",), f"duplicate id {ident!r}: already used by {dotted(first)} (line {self.doc.line(first + ('id',))})",
                             "give every document, record, target, offset and instrument its own id")
                    continue
                self.ids[ident] = iloc
                if list_loc == ("documents",):
                    self.document_ids.add(ident)

    def kind_problem(self, loc: Loc, kind: str) -> None:
        kinds = self.catalog.vocabulary.evidence_kinds
        ids = [k.id for k in kinds]
        if kind in ids:
            return
        close = difflib.get_close_matches(kind, ids, n=3, cutoff=0.6)
        close += [k.id for k in kinds if k.id not in close and kind and (kind in k.name.zh or any(kind in w or w in kind for w in k.keywords))][:3]
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        self.add(loc, f"unknown evidence kind {kind!r}{hint}", f"use an evidence kind id from {VOCABULARY} (evidence_kinds), e.g. {', '.join(ids[:4])}")

    def check_kinds(self) -> None:
        for iloc, d in self.items(("documents",), Document):
            self.kind_problem(iloc + ("kind",), d.kind)
        for iloc, r in self.items(("records", "other"), OtherRecord):
            self.kind_problem(iloc + ("kind",), r.kind)

    def check_files(self) -> None:
        for iloc, d in self.items(("documents",), Document):
            if d.file is not None:
                self.check_file(iloc + ("file",), d.file, d.id)
        for name, info in Records.model_fields.items():
            model = _unwrap_model(info.annotation)
            if model is None:
                continue
            for iloc, rec in self.items(("records", name), model):
                for attr in PATH_FIELDS:
                    rel = getattr(rec, attr, None)
                    if isinstance(rel, str):
                        self.check_file(iloc + (attr,), rel, rec.id)
        for iloc, inv in self.items(("data", "inventory"), Inventory):
            for j, series in enumerate(inv.monitoring):
                if series.ledger is not None:
                    self.check_file(iloc + ("monitoring", j, "ledger"), series.ledger, None)

    def check_file(self, loc: Loc, rel: str, ident: str | None) -> None:
        real, text = self.check_path(loc, rel)
        if real is not None and text is not None and ident is not None and real.suffix.lower() in MARKDOWN_SUFFIXES:
            self.documents.setdefault(ident, parse_markdown(text, _posix(rel)))

    def close_ids(self, ident: str, among: Iterable[str]) -> str:
        close = difflib.get_close_matches(ident, sorted(among), n=3, cutoff=0.6)
        return f"; did you mean {', '.join(map(repr, close))}?" if close else ""

    def check_references(self) -> None:
        raw_instruments = [item for _, item in self.raw_items(("data", "instruments")) if isinstance(item, dict)]
        instrument_ids = {str(i["id"]) for i in raw_instruments if isinstance(i.get("id"), (str, int))}

        def instrument_ref(loc: Loc, ref: str) -> None:
            if not raw_instruments or ref in instrument_ids:
                return
            by_name = [str(i.get("id")) for i in raw_instruments if i.get("name") == ref and "id" in i]
            if by_name:
                self.add(loc, f"instrument {ref!r} is a name; data.instruments gives it the id {by_name[0]!r}", f"write the id: {by_name[0]}")
            else:
                self.add(loc, f"instrument {ref!r} is not an id in data.instruments{self.close_ids(ref, instrument_ids)}",
                         "write the id of an instrument listed in data.instruments, or add the instrument there")

        for iloc, cal in self.items(("records", "calibrations"), Calibration):
            instrument_ref(iloc + ("instrument",), cal.instrument)
        for iloc, inv in self.items(("data", "inventory"), Inventory):
            for j, source in enumerate(inv.sources):
                for k, ref in enumerate(source.instruments):
                    instrument_ref(iloc + ("sources", j, "instruments", k), ref)
        for iloc, target in self.items(("data", "targets"), Target):
            if target.action_plan is not None and target.action_plan not in self.document_ids:
                self.add(iloc + ("action_plan",), f"action plan {target.action_plan!r} is not a document id{self.close_ids(target.action_plan, self.document_ids)}",
                         "write the id of the action plan's entry in documents")
        for iloc, answer in self.items(("answers",), Answer):
            for j, item in enumerate(answer.evidence):
                self.check_evidence(iloc + ("evidence", j), item)

    def check_evidence(self, loc: Loc, item: str) -> None:
        if item in self.ids:
            return
        if _looks_like_path(item):
            self.check_path(loc, item.split("#", 1)[0])
            return
        self.add(loc, f"evidence {item!r} is not the id of a document or record in this manifest{self.close_ids(item, self.ids)}",
                 "write the id of a document or record, or the path of a file in the bundle (e.g. records/audit-2024.pdf)")

    def check_statements(self) -> None:
        known = sorted(s.id for s in self.catalog.all_statements())
        known_set = set(known)

        def unknown(loc: Loc, sid: str) -> None:
            if sid in known_set:
                return
            close = difflib.get_close_matches(sid, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            if not known:
                hint = " (the catalog holds no statements)"
            self.add(loc, f"unknown statement id {sid!r}{hint}",
                     "write a statement id of the catalog, e.g. cms:6.1.2.s1 (list them with `cmscheck standards show cms 6.1.2`)")

        answered: dict[str, Loc] = {}
        for iloc, answer in self.items(("answers",), Answer):
            unknown(iloc + ("statement",), answer.statement)
            if answer.statement in answered:
                first = answered[answer.statement]
                self.add(iloc + ("statement",), f"statement {answer.statement!r} is answered twice (first at {dotted(first)}, line {self.doc.line(first)})",
                         "keep one answer per statement")
            else:
                answered[answer.statement] = iloc
        excluded: dict[str, Loc] = {}
        for iloc, exclusion in self.items(("exclusions",), Exclusion):
            sid = exclusion.statement
            unknown(iloc + ("statement",), sid)
            if sid in answered:
                first = answered[sid]
                self.add(iloc + ("statement",), f"statement {sid!r} is both answered ({dotted(first)}, line {self.doc.line(first)}) and excluded",
                         "remove either the answer or the exclusion")
            if sid in excluded:
                self.add(iloc + ("statement",), f"statement {sid!r} is excluded twice (first at {dotted(excluded[sid])})",
                         "keep one exclusion per statement")
            excluded.setdefault(sid, iloc)

    def check_waivers(self) -> None:
        from ..waivers import check_references  # rule ids are checked at evaluation, where the rules are loaded
        check_references(self.items(("waivers",), Waiver), self.catalog, self.add)

    def check_organization(self) -> None:
        org_loc: Loc = ("organization",)
        org = self.one(org_loc, Organization)
        if org is None:
            return
        sectors = [s.id for s in self.catalog.vocabulary.sectors]
        if org.sector is not None and org.sector not in sectors:
            close = difflib.get_close_matches(org.sector, sectors, n=3, cutoff=0.6)
            close += [s.id for s in self.catalog.vocabulary.sectors if s.id not in close and org.sector in s.name.zh][:3]
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            self.add(org_loc + ("sector",), f"unknown sector {org.sector!r}{hint}", f"use a sector id from {VOCABULARY}: {', '.join(sectors)}")
        if org.as_of < org.period.start:
            self.add(org_loc + ("as_of",), f"as_of {org.as_of} is before period.start {org.period.start}",
                     "the assessment date must be on or after the start of the assessment period")
        if self.member and org.kind != "enterprise":
            self.add(org_loc + ("kind",), f"a park's member bundle must be an enterprise, not {org.kind!r}",
                     "set organization.kind: enterprise in the member's manifest")
        if not org.members:
            return
        if org.kind != "park" or self.member:
            self.add(org_loc + ("members",), "only a park lists member enterprises", "remove members, or set organization.kind: park")
            return
        seen: dict[Path, Loc] = {}
        base = self.root.resolve()
        for i, member in enumerate(org.members):
            loc = org_loc + ("members", i, "bundle")
            real, _ = self.check_path(loc, member.bundle, want_dir=True)
            if real is None:
                continue
            if real == base:
                self.add(loc, f"member bundle {member.bundle!r} is the park's own folder", "give the member's own sub-folder, e.g. members/steel-co")
            elif not (real / MANIFEST_NAME).is_file():
                self.add(loc, f"member folder {member.bundle!r} has no {MANIFEST_NAME}", "add the member's manifest to its folder, or correct the path")
            elif real in seen:
                self.add(loc, f"member bundle {member.bundle!r} is already listed at {dotted(seen[real])}", "list each member once")
            else:
                seen[real] = loc
                self.member_dirs.append((loc, self.root / _posix(member.bundle)))


def _looks_like_path(item: str) -> bool:
    return "/" in item or "\\" in item or bool(re.search(r"\.[A-Za-z][A-Za-z0-9]{0,7}(#.*)?$", item))


# ---------------------------------------------------------------------------------------- loading


def _locate(path: Path) -> tuple[Path, Path]:
    """(bundle folder, manifest file) for a folder or a manifest path."""
    if path.is_dir():
        mpath = path / MANIFEST_NAME
        if not mpath.exists():
            raise InputError([Problem(display(mpath), None, "", f"no manifest: the bundle folder has no {MANIFEST_NAME}",
                                      f"create {MANIFEST_NAME} in the folder (see docs/bundle.md), or give the path of the manifest")])
        return path, mpath
    if path.exists():
        return path.parent, path
    raise InputError([Problem(display(path), None, "", "bundle not found: no such folder or file",
                              f"give the bundle folder (the one holding {MANIFEST_NAME}) or the manifest file")])


def load_bundle(path: Path, catalog: Catalog) -> Bundle:
    """Load and check the bundle at `path` (a bundle folder or its manifest file).

    Raises InputError carrying every problem found, in the park's manifest and in its members'.
    """
    return _load(Path(path), catalog, member=False)


def _load(path: Path, catalog: Catalog, member: bool) -> Bundle:
    root, mpath = _locate(path)
    shown = display(mpath)
    try:
        inside = mpath.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise InputError([Problem(shown, None, "", "the manifest leads out of the bundle folder through a symbolic link",
                                  "replace the link with the manifest itself")])
    doc = _read_manifest(mpath, shown)
    if doc.data is None:
        raise InputError([Problem(shown, None, "", "the manifest is empty", "write the manifest (see docs/bundle.md for an example)")])

    problems: list[Problem] = []
    manifest: Manifest | None = None
    try:
        manifest = Manifest.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(_validation_problems(err, doc))

    checker = _Checker(root, doc, catalog, member)
    checker.run()
    problems.extend(checker.problems)

    members: list[Bundle] = []
    for _loc, real in checker.member_dirs:
        try:
            members.append(_load(real, catalog, member=True))
        except InputError as err:
            problems.extend(err.problems)

    if problems or manifest is None:
        raise InputError(problems)
    return Bundle(
        root=root,
        manifest=manifest,
        manifest_file=shown,
        lines=doc,
        documents=checker.documents,
        members=members,
        manifest_path=_posix(os.path.relpath(mpath, root)),
    )
