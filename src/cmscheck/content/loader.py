"""Load rules/content/*.yaml, checking each element against the catalog: a located problem (file,
line, field, fix) for an unknown evidence kind or statement, a statement no rule can decide, a
duplicate element, a term that normalises to nothing or a cue that is no regular expression."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import paths, yamlio
from ..applicability import data_folder
from ..catalog import Catalog, load_catalog
from ..problems import InputError, Problem, display
from ..validation import validate
from .model import ContentCatalog, ContentKind, Negation
from .recognise import normalise

NEGATION_FILE = "_negation.yaml"
DECIDABLE = ("shall", "should")


def content_dir(rules_root: Path | None = None) -> Path:
    return (rules_root or paths.rules_dir()) / "content"


def _check_kind(ck: ContentKind, doc: yamlio.Located, path: Path, shown: str, catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []

    def add(loc, msg, fix):
        out.append(Problem(shown, doc.line(loc), yamlio.dotted(loc), msg, fix))

    kinds = {k.id for k in catalog.vocabulary.evidence_kinds}
    if ck.kind not in kinds:
        add(("kind",), f"unknown evidence kind {ck.kind!r}", "use an evidence kind id from standards/vocabulary.yaml")
    elif path.stem != ck.kind:
        add(("kind",), f"the file {path.name} holds kind {ck.kind!r}", f"name the file {ck.kind}.yaml")
    seen: set[str] = set()
    for i, el in enumerate(ck.elements):
        loc = ("elements", i)
        if el.id in seen:
            add(loc + ("id",), f"duplicate element id {el.id!r}", "give each element of a kind its own id")
        seen.add(el.id)
        for j, sid in enumerate(el.statements):
            st = catalog.statement(sid)
            if st is None:
                add(loc + ("statements", j), f"unknown statement id {sid!r}", "use an id `cmscheck standards show` prints, e.g. cms:5.2.b")
            elif st.modality not in DECIDABLE:
                add(loc + ("statements", j), f"{sid} is {st.modality}: no rule decides it", "name a shall or should statement")
        for j, k in enumerate(el.also_in):
            if k not in kinds:
                add(loc + ("also_in", j), f"unknown evidence kind {k!r}", "use an evidence kind id from standards/vocabulary.yaml")
        names = set()
        for j, g in enumerate(el.groups):
            if g.name in names:
                add(loc + ("groups", j, "name"), f"duplicate group {g.name!r}", "merge the two groups' terms")
            names.add(g.name)
            for t, term in enumerate(g.terms):
                if not normalise(term.replace("*", "")):
                    add(loc + ("groups", j, "terms", t), "the term is empty after normalisation", "remove it")
    return out


def load_content_from(root: Path, catalog: Catalog) -> ContentCatalog:
    problems: list[Problem] = []
    kinds: list[ContentKind] = []
    files: dict[str, str] = {}
    negation = None
    neg_path = root / NEGATION_FILE
    try:
        doc = yamlio.load(neg_path, display(neg_path))
        negation = validate(Negation, doc)
        for i, cue in enumerate(negation.cues):
            try:
                re.compile(cue)
            except re.error as e:
                problems.append(Problem(doc.file, doc.line(("cues", i)), f"cues[{i}]", f"not a regular expression: {e}", "escape the special characters"))
    except InputError as e:
        problems.extend(e.problems)
    for path in sorted(root.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        shown = display(path)
        try:
            doc = yamlio.load(path, shown)
            ck = validate(ContentKind, doc)
        except InputError as e:
            problems.extend(e.problems)
            continue
        found = _check_kind(ck, doc, path, shown, catalog)
        if ck.kind in files:
            found.append(Problem(shown, doc.line(("kind",)), "kind", f"kind {ck.kind!r} is also defined in {files[ck.kind]}", "keep one file per kind"))
        problems.extend(found)
        files[ck.kind] = shown
        kinds.append(ck)
    if problems:
        raise InputError(problems)
    return ContentCatalog(kinds=kinds, negation=negation, files=files)


@lru_cache(maxsize=4)
def _cached(root: str, catalog_root: str) -> ContentCatalog:
    # kept parsed between runs (datacache.py), keyed on the cue lists, the catalog and cmscheck's code
    from .. import datacache as cache
    from ..catalog import loader as catalog_loader

    files = sorted(Path(root).glob("*.yaml"))
    return cache.cached("content", ContentCatalog, [*files, *catalog_loader.catalog_files(Path(catalog_root))],
                        lambda: load_content_from(Path(root), load_catalog(Path(catalog_root))),
                        extra=[display(p) for p in files])


def _resolved(path: Path) -> str:
    # the content fact asks on every evaluation; resolving an absolute folder (a filesystem walk) once
    # will do, as the parsed data of a folder is kept for the process anyway (_cached). A relative one
    # depends on the working directory: resolved each time.
    return _resolved_absolute(path) if path.is_absolute() else str(path.resolve())


@lru_cache(maxsize=16)
def _resolved_absolute(path: Path) -> str:
    return str(path.resolve())


def load_content(root: Path | None = None, catalog_root: Path | None = None) -> ContentCatalog:
    # the folders in use found as paths finds them, without asking the filesystem on every evaluation
    return _cached(_resolved(root or data_folder("rules") / "content"), _resolved(catalog_root or data_folder("standards")))
