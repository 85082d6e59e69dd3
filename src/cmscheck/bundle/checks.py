"""The cross-checks of one manifest: ids, evidence kinds, files, references, statements, waivers and
the organization (with a park's member folders)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog
from ..evidence import ReadResult, place_of, read_file
from ..problems import Problem
from ..yamlio import Located, dotted
from .data import Inventory, Target
from .markdown import Documents, from_result
from .models import Answer, Calibration, Document, Exclusion, Manifest, OtherRecord, Organization, Records, Waiver
from .paths import MANIFEST_NAME, PathProblem, Resolver, _posix
from .pydantic_problems import _unwrap_model

PATH_FIELDS = ("file", "report", "minutes", "certificate")  # the path-valued fields of records
VOCABULARY = "standards/vocabulary.yaml"

Loc = tuple[Any, ...]


class _Checker:
    """The cross-checks of one manifest. Runs on the raw YAML data with each item validated on its
    own, so problems are found even when another part of the manifest is invalid."""

    def __init__(self, root: Path, doc: Located, catalog: Catalog, member: bool, max_bytes: int | None = None,
                 resolver: Resolver | None = None, manifest: Manifest | None = None):
        self.root = root
        self.manifest = manifest  # the whole manifest validated, when it is valid: its items need no validation again
        self.resolve = resolver or Resolver(root)  # the bundle folder resolved once, each path answered once
        self.max_bytes = max_bytes  # --max-file-size: replaces the readers' limit per format
        self.readings: dict[str, ReadResult] = {}  # bundle path -> what the reader made of the file
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.catalog = catalog
        self.member = member
        self.problems: list[Problem] = []
        self.documents = Documents()  # id -> document view, made when asked for (never in an evaluation)
        self.member_dirs: list[tuple[Loc, Path]] = []
        self.ids: dict[str, Loc] = {}  # every id of a document, record, target, offset, instrument
        self.document_ids: set[str] = set()
        self.kind_ids = frozenset(k.id for k in catalog.vocabulary.evidence_kinds)  # once, not per document

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
        raw = self.raw(loc)
        done = self.validated(loc, model) if type(raw) is list else None
        if done is not None and type(done) is list and len(done) == len(raw):
            for i, item in enumerate(done):
                yield loc + (i,), item
            return
        for iloc, item in self.raw_items(loc):
            try:
                yield iloc, model.model_validate(item)
            except ValidationError:
                continue

    def one(self, loc: Loc, model: type[BaseModel]) -> Any:
        raw = self.raw(loc)
        done = self.validated(loc, model) if type(raw) is dict else None  # a default stands for nothing written
        if done is not None and type(done) is model:
            return done
        try:
            return model.model_validate(raw)
        except ValidationError:
            return None

    def validated(self, loc: Loc, model: type[BaseModel]) -> Any:
        """What the valid manifest holds at loc (a list of `model`, or a `model`), or None. It equals
        validating the raw items one by one: an item's schema is its model's own, and no validator of
        the manifest's models reads outside its item or changes its input (all are checks 'after')."""
        node: Any = self.manifest
        if node is None:
            return None
        for part in loc:
            node = getattr(node, part, None)
        if type(node) is list:
            return node if all(type(item) is model for item in node) else None
        return node if type(node) is model else None

    def check_path(self, loc: Loc, rel: str, want_dir: bool = False) -> tuple[Path | None, None]:
        """Resolve and check a path; returns (real path, None) or (None, None) after a problem. Nothing is read."""
        try:
            return self.resolve(rel, want_dir), None
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
        if kind in self.kind_ids:
            return
        kinds = self.catalog.vocabulary.evidence_kinds
        ids = [k.id for k in kinds]
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
                self.check_file(iloc + ("file",), d.file, d.id, d.encoding)
        for name, info in Records.model_fields.items():
            model = _unwrap_model(info.annotation)
            if model is None:
                continue
            attrs = [a for a in PATH_FIELDS if a in model.model_fields]  # (a missing attribute costs pydantic a raise)
            for iloc, rec in self.items(("records", name), model):
                for attr in attrs:
                    rel = getattr(rec, attr)
                    if isinstance(rel, str):
                        self.check_file(iloc + (attr,), rel, rec.id)
        for iloc, inv in self.items(("data", "inventory"), Inventory):
            for j, series in enumerate(inv.monitoring):
                if series.ledger is not None:  # ledgers are read (and must be readable) in ledgers.py
                    self.check_path(iloc + ("monitoring", j, "ledger"), series.ledger)
                for k, rel in enumerate(series.raw_records):
                    self.check_path(iloc + ("monitoring", j, "raw_records", k), rel)

    def check_file(self, loc: Loc, rel: str, ident: str | None, encoding: str | None = None) -> None:
        """A document's or record's file: resolved, then read by the evidence reader of its format. A
        file that cannot be read (a scan, an image, a legacy .doc, a damaged or oversized file) is no
        problem of the bundle: it is present evidence, and its reading says why its content is not."""
        real, _ = self.check_path(loc, rel)
        if real is None or ident is None:
            return
        shown = _posix(rel)
        if shown not in self.readings:
            self.readings[shown] = read_file(real, shown, max_bytes=self.max_bytes, encoding=encoding)
        result = self.readings[shown]
        if result.status == "read" and result.format != "csv":  # a CSV is a table, not a document to search
            self.documents.add(ident, result)

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
            rel, _, place = item.partition("#")
            real, _ = self.check_path(loc, rel)
            if real is not None and place.strip():
                self.check_place(loc, real, rel, place)
            return
        self.add(loc, f"evidence {item!r} is not the id of a document or record in this manifest{self.close_ids(item, self.ids)}",
                 "write the id of a document or record, or the path of a file in the bundle (e.g. records/audit-2024.pdf)")

    def check_place(self, loc: Loc, real: Path, rel: str, place: str) -> None:
        """A heading, page or sheet cited after '#' must be in the file (when the file can be read)."""
        shown = _posix(rel)
        if shown not in self.readings:
            self.readings[shown] = read_file(real, shown, max_bytes=self.max_bytes)
        reading = self.readings[shown]
        if reading.status != "read":
            return
        what = place_of(place)
        if what[0] == "page" and reading.pages is not None and not 1 <= what[1] <= reading.pages:
            self.add(loc, f"page {what[1]} is not in {rel!r}, which has {reading.pages} page(s)", "cite a page of the file, e.g. #p.1")
        elif what[0] == "cell" and reading.format == "xlsx" and what[1] not in reading.meta.get("sheets", []):
            self.add(loc, f"no sheet {what[1]!r} in {rel!r} (sheets: {', '.join(reading.meta.get('sheets', []))})",
                     "write the sheet's name exactly as its tab shows it, e.g. #Sheet1!B7")
        elif what[0] == "heading" and from_result(reading).section(what[1]) is None:
            headings = [s.heading for s in reading.sections if s.level and s.heading][:8]
            self.add(loc, f"no heading containing {what[1]!r} in {rel!r}" + (f" (headings: {', '.join(headings)})" if headings else " (it has no headings)"),
                     "write a word of the heading you mean after '#', or cite the file without '#'")

    def check_statements(self) -> None:
        def unknown(loc: Loc, sid: str) -> None:
            if self.catalog.statement(sid) is not None:  # the catalog's own index, made once per catalog
                return
            known = sorted(s.id for s in self.catalog.all_statements())  # for the hint only
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
        if not self.raw(("waivers",)):
            return  # no waiver, nothing to check (and no index of the catalog's statements to build)
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
        base = self.resolve.base  # not None once a member path resolved
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
