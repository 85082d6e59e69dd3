"""Load an evidence bundle: its manifest, checked through and through, its documents and its ledgers.

`load_bundle(path, catalog)` reads the manifest (`cmscheck.yaml`) of a bundle folder, validates it
against the models in `models.py`, checks every id, evidence kind, statement id, path and date in it,
reads the documents it names (Markdown, text, Word, PDF, Excel: `cmscheck.evidence`), reads every
monitoring ledger and raw-records file into month tables, and loads a park's member bundles. It
collects every problem and raises one `InputError` carrying all of them, each naming the file, line
and field and saying how to fix it.

A bundle is untrusted input: YAML is loaded safely (and YAML aliases may not blow up), every path
must stay inside the bundle folder (no absolute paths, no `..` or symbolic link leading out), and
each reader has a size limit and its own guards (docs/bundle.md, "Reading evidence"). Only the
manifest and the ledgers must be readable; a document that cannot be read is present evidence.
Nothing in a bundle is executed or used as a template.

The work is split by concern: paths.py (paths and files inside the bundle), manifest_yaml.py (the
manifest's YAML and the alias guard), pydantic_problems.py (validation errors as located problems),
checks.py (ids, kinds, references, statements, organization); this module loads and assembles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from pydantic import ValidationError

from ..assessment import construct
from ..catalog import Catalog
from ..findings import EvidenceRef
from ..problems import InputError, Problem, display
from ..yamlio import Located, dotted
from .checks import PATH_FIELDS, VOCABULARY, _Checker
from .manifest_yaml import MAX_MANIFEST_BYTES, MAX_YAML_NODES, _read_manifest
from ..evidence import ReadResult, place_of, read_file
from ..evidence.ledger import MonthTable
from .ledgers import read_series
from .markdown import Documents, ParsedDocument, from_result
from ..packed import Packed
from .models import Manifest, Records
from .paths import (MANIFEST_NAME, MARKDOWN_SUFFIXES, MAX_FILE_BYTES, TEXT_SUFFIXES, PathProblem, Resolver, _posix,
                    read_checked, resolve_inside)
from .pydantic_problems import _validation_problems, date_range_problems

__all__ = ["Bundle", "load_bundle", "MANIFEST_NAME", "MAX_FILE_BYTES", "MAX_MANIFEST_BYTES", "MAX_YAML_NODES",
           "TEXT_SUFFIXES", "MARKDOWN_SUFFIXES", "PATH_FIELDS", "VOCABULARY", "PathProblem", "read_checked",
           "resolve_inside"]


@dataclass(frozen=True)
class Bundle:
    """A loaded, fully checked evidence bundle."""

    root: Path  # the bundle folder
    manifest: Manifest
    manifest_file: str  # the manifest as shown to the user (relative to the working directory)
    lines: Located  # the manifest's values with their lines
    documents: Mapping[str, ParsedDocument] = field(default_factory=Documents)  # id -> the document view of each document and record read
    members: list["Bundle"] = field(default_factory=list)  # a park's member enterprises
    manifest_path: str = MANIFEST_NAME  # the manifest relative to the bundle folder
    readings: dict[str, ReadResult] = field(default_factory=dict)  # bundle path -> how its document or record file was read
    ledgers: dict[tuple, MonthTable] = field(default_factory=dict)  # manifest location of a ledger/raw-records file -> months
    # the load's paths, answered once each (Bundle.path serves the fact functions from it); made here
    # when a Bundle is built by hand, or copied (dataclasses.replace) onto another folder
    resolver: Resolver = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    # place -> the reference where() made for it without a note: the fact functions, the evidence index and
    # the judging cite many places several times, and references are frozen, so one serves them all. Not an
    # init field: a copy (dataclasses.replace) starts its own
    _refs: dict = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.resolver is None or self.resolver.root != self.root:
            object.__setattr__(self, "resolver", Resolver(self.root))

    def where(self, loc: Iterable[Any], note: str | None = None) -> EvidenceRef:
        """Evidence pointing at a place in the manifest, e.g. ("records", "calibrations", 2, "due")."""
        loc = tuple(loc)
        if note is not None:
            return _manifest_ref(self.manifest_path, self.lines.line(loc), dotted(loc) or None, note)
        ref = self._refs.get(loc)
        if ref is None:
            ref = self._refs[loc] = _manifest_ref(self.manifest_path, self.lines.line(loc), dotted(loc) or None, None)
        return ref

    def ref(self, doc_id: str, section: str | None = None, note: str | None = None) -> EvidenceRef:
        """Evidence pointing at a parsed Markdown document, or at a section of it (first heading match)."""
        doc = self.documents[doc_id]
        sec = doc.section(section) if section else None
        return EvidenceRef(file=doc.file, **(sec.where() if sec else {}), note=note)

    def cite(self, item: str, note: str | None = None) -> EvidenceRef:
        """Evidence for a path written in the manifest, optionally with a place after '#': a heading
        (`docs/policy.docx#降低排放`: the first section whose heading contains it), a PDF page
        (`cert.pdf#p.2`) or a workbook cell (`bills.xlsx#2024年!B15`). A place that cannot be found
        leaves the reference at the file, with a note saying so."""
        rel, _, place = item.partition("#")
        rel = _posix(rel)
        if not place:
            return EvidenceRef(file=rel, note=note)
        what = place_of(place)
        if what[0] == "page":
            return EvidenceRef(file=rel, page=what[1], note=note)
        if what[0] == "cell":
            return EvidenceRef(file=rel, sheet=what[1], cell=what[2], note=note)
        reading = self.readings.get(rel)
        if reading is None:
            try:
                reading = read_file(self.resolver(rel), rel)
            except PathProblem:
                reading = None
        if reading is not None and reading.status == "read":
            sec = from_result(reading).section(place)
            if sec is not None:
                return EvidenceRef(file=rel, **sec.where(), note=note)
            said = f"文件中未找到“{place}” / '{place}' not found in the file"
        else:  # validate lets a place in a file it cannot read pass: nothing says the place is not there
            said = f"文件内容未读取，未能定位“{place}” / the file's content was not read: '{place}' not located"
        return EvidenceRef(file=rel, note=f"{note + '; ' if note else ''}{said}")

    def path(self, relpath: str, loc: Iterable[Any] | None = None) -> Path:
        """The resolved path of a file inside the bundle; raises InputError if it leaves the bundle or is missing."""
        try:
            return self.resolver(relpath)
        except PathProblem as p:
            raise InputError([self._problem(relpath, loc, p)]) from None

    def read_text(self, relpath: str, loc: Iterable[Any] | None = None) -> str:
        """Read a text file of the bundle (e.g. a CSV ledger) with the same checks as the loader.

        `loc` is where the manifest names the file (e.g. ("data", "inventory", 0, "monitoring", 1, "ledger"));
        a problem then points there. Only .md .txt .csv .yaml files are read.
        """
        try:
            real = self.resolver(relpath)
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


def _manifest_ref(file: Any, line: Any, field: Any, note: Any) -> EvidenceRef:
    """EvidenceRef(file=, line=, field=, note=) made as pydantic's model_construct makes it, when the
    values are of the types the model takes (a fact function asks where() some hundred times per bundle,
    and validating what the loader made cost most of it); anything else is validated as before."""
    if type(file) is not str or (line is not None and type(line) is not int) or (
            field is not None and type(field) is not str) or (note is not None and type(note) is not str):
        return EvidenceRef(file=file, line=line, field=field, note=note)
    return construct(EvidenceRef, {"file": file, "line": line, "field": field, "note": note})


# ---------------------------------------------------------------------------------------- loading


def _near_manifest(folder: Path) -> str | None:
    """A file in the folder that is the manifest under a near name (cmscheck.yml, CMSCHECK.yaml, cmscheck.yaml.txt)."""
    try:
        names = sorted(p.name for _, p in zip(range(2000), folder.iterdir()))
    except OSError:
        return None
    for name in names:
        if name != MANIFEST_NAME and name.lower() in ("cmscheck.yml", "cmscheck.yaml", "cmscheck.yaml.txt", "cmscheck.yml.txt"):
            return name
    return None


def _given(path: Path) -> str:
    """A path as the user gave it (symbolic links not followed), relative to the working directory when below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(absolute)


def _locate(path: Path) -> tuple[Path, Path]:
    """(bundle folder, manifest file) for a folder or a manifest path."""
    if path.is_dir():
        mpath = path / MANIFEST_NAME
        if not mpath.exists():
            near = _near_manifest(path)
            if near is not None:
                raise InputError([Problem(_given(path / near), None, "", f"the manifest must be named {MANIFEST_NAME}, not {near}",
                                          f"rename {near} to {MANIFEST_NAME}")])
            raise InputError([Problem(display(mpath), None, "", f"no manifest: the bundle folder has no {MANIFEST_NAME}",
                                      f"create {MANIFEST_NAME} in the folder (see docs/bundle.md), or give the path of the manifest")])
        return path, mpath
    if path.exists():
        return path.parent, path
    raise InputError([Problem(display(path), None, "", "bundle not found: no such folder or file",
                              f"give the bundle folder (the one holding {MANIFEST_NAME}) or the manifest file")])


def load_bundle(path: Path, catalog: Catalog, *, max_file_size: int | None = None) -> Bundle:
    """Load and check the bundle at `path` (a bundle folder or its manifest file).

    `max_file_size` (bytes) replaces the readers' size limit per format. Raises InputError carrying
    every problem found, in the park's manifest and in its members'.
    """
    return _load(Path(path), catalog, member=False, max_bytes=max_file_size)


def _load(path: Path, catalog: Catalog, member: bool, max_bytes: int | None = None) -> Bundle:
    root, mpath = _locate(path)
    shown = _given(mpath)
    resolver = Resolver(root)  # the checker, the ledger reader and the Bundle share it
    try:
        base = resolver.base  # root.resolve(), or None where it fails
        # a plain manifest (a regular file, no link) is inside its folder: one lstat, where resolving it
        # again walks its whole path
        inside = base is not None and (resolver.plain_file(mpath.name) or mpath.resolve().is_relative_to(base))
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
    if manifest is not None:
        problems.extend(date_range_problems(manifest, doc))

    checker = _Checker(root, doc, catalog, member, max_bytes, resolver, manifest)
    checker.run()
    problems.extend(checker.problems)

    ledgers: dict[tuple, MonthTable] = {}
    if manifest is not None:
        ledgers, ledger_problems = read_series(root, manifest, doc, max_bytes, resolver)
        problems.extend(ledger_problems)

    members = Packed()  # a park's members held compressed, one rebuilt at a time (packed.py)
    for _loc, real in checker.member_dirs:
        try:
            members.append(_load(real, catalog, member=True, max_bytes=max_bytes))
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
        readings=checker.readings,
        ledgers=ledgers,
        resolver=resolver,
    )
