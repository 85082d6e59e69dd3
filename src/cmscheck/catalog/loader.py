"""Load and check the catalog: standards/vocabulary.yaml and one standards/<id>.yaml per standard.

A broken file raises InputError naming the file, the line, the path to the bad value and the fix.
Cross-file checks: statement ids are unique and start with their standard's id, evidence kinds and
topics exist in the vocabulary, references point to clauses that exist.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .. import paths, yamlio
from ..problems import InputError, Problem, display
from ..validation import validate
from .. import datacache as cache
from . import fastyaml
from .models import Catalog, Standard, Vocabulary

VOCABULARY_FILE = "vocabulary.yaml"
NON_STANDARD_FILES = {VOCABULARY_FILE, "crosswalk.yaml", "gwp.yaml", "applicability.yaml"}


def load_vocabulary(root: Path) -> Vocabulary:
    path = root / VOCABULARY_FILE
    return validate(Vocabulary, fastyaml.load(path, display(path)))


def load_standard(path: Path) -> tuple[Standard, yamlio.Located]:
    doc = fastyaml.load(path, display(path))  # yamlio's values, lines and messages, read faster
    return validate(Standard, doc), doc


def standard_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*.yaml") if p.name not in NON_STANDARD_FILES)


def _check(std: Standard, doc: yamlio.Located, vocab: Vocabulary, seen: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    kinds = {k.id for k in vocab.evidence_kinds}
    topic_ids = {t.id for t in vocab.topics}
    sectors = {s.id for s in vocab.sectors}
    clause_numbers = {c.number for c in std.walk()}
    for i, sector in enumerate(std.applicability.sectors):
        if sector not in sectors:
            problems.append(Problem(doc.file, doc.line(("applicability", "sectors", i)), f"applicability.sectors[{i}]",
                                    f"unknown sector {sector!r}", f"use one of: {', '.join(sorted(sectors))}"))

    def visit(clauses, loc):
        for ci, clause in enumerate(clauses):
            cloc = loc + (ci,)
            for si, st in enumerate(clause.statements):
                sloc = cloc + ("statements", si)
                field = yamlio.dotted(sloc)
                line = doc.line(sloc)
                if st.standard != std.id:
                    problems.append(Problem(doc.file, line, field + ".id", f"statement id {st.id!r} does not start with {std.id + ':'!r}", "prefix the id with the standard's id"))
                if st.id in seen:
                    problems.append(Problem(doc.file, line, field + ".id", f"duplicate statement id {st.id!r} (also in {seen[st.id]})", "give each statement its own id"))
                seen[st.id] = doc.file
                for k in st.evidence:
                    if k not in kinds:
                        problems.append(Problem(doc.file, line, field + ".evidence", f"unknown evidence kind {k!r}", "use an id from standards/vocabulary.yaml evidence_kinds"))
                for t in st.topics:
                    if t not in topic_ids:
                        problems.append(Problem(doc.file, line, field + ".topics", f"unknown topic {t!r}", "use an id from standards/vocabulary.yaml topics"))
                for r in st.refs:
                    rstd, _, num = r.partition(":")
                    if rstd == std.id and num not in clause_numbers:
                        problems.append(Problem(doc.file, line, field + ".refs", f"reference {r!r} names no clause of {std.id}", "point to an existing clause number"))
            visit(clause.clauses, cloc + ("clauses",))

    visit(std.clauses, ("clauses",))
    return problems


def load_catalog_from(root: Path) -> Catalog:
    vocab = load_vocabulary(root)
    standards: dict[str, Standard] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in standard_files(root):
        try:
            std, doc = load_standard(path)
        except InputError as e:
            problems.extend(e.problems)
            continue
        if std.id != path.stem:
            problems.append(Problem(doc.file, doc.line(("id",)), "id", f"id {std.id!r} differs from the file name {path.stem!r}", f"name the file {std.id}.yaml"))
        problems.extend(_check(std, doc, vocab, seen))
        standards[std.id] = std
    if problems:
        raise InputError(problems)
    return Catalog(vocabulary=vocab, standards=standards)


def catalog_files(root: Path) -> list[Path]:
    """Every file load_catalog_from reads (the cache's key is their digest)."""
    return [root / VOCABULARY_FILE, *standard_files(root)]


@lru_cache(maxsize=4)
def _cached(root: str) -> Catalog:
    path = Path(root)
    # trusted: the catalog's validators only check (no model validators, nothing derived), so the cached
    # dump is rebuilt as it was written instead of validated again (trusted.py)
    return cache.cached("catalog", Catalog, catalog_files(path), lambda: load_catalog_from(path), trusted=True)


def load_catalog(root: Path | None = None) -> Catalog:
    """The catalog under root (default: the project's standards/). Loaded once per process, and kept
    parsed between runs in the user cache folder (datacache.py)."""
    return _cached(str((root or paths.standards_dir()).resolve()))
