"""Load standards/crosswalk.yaml and check it against the catalog.

Every problem names the file, the line, the entry and the fix: a statement id the catalog does not
hold, a mapping inside one standard, topics the two statements do not share, a statement neither
mapped nor listed as unique, a unique statement that is mapped after all. A crosswalk that no longer
matches the catalog (someone re-encoded a clause) is reported with the command that regenerates it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .. import paths, yamlio
from ..catalog import Catalog, load_catalog
from ..problems import InputError, Problem, display
from ..validation import validate
from .models import Crosswalk, CrosswalkFile

FILE = "crosswalk.yaml"
REGENERATE = "run `python3 tools/crosswalk.py` to regenerate the derived part"


def crosswalk_path(root: Path | None = None) -> Path:
    return (root or paths.standards_dir()) / FILE


def read_file(path: Path) -> tuple[CrosswalkFile, yamlio.Located]:
    doc = yamlio.load(path, display(path))
    return validate(CrosswalkFile, doc), doc


def check(f: CrosswalkFile, doc: yamlio.Located, catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    stmts = {s.id: s for s in catalog.all_statements()}

    def bad(loc: tuple, message: str, fix: str) -> None:
        problems.append(Problem(doc.file, doc.line(loc), yamlio.dotted(loc), message, fix))

    seen: dict[frozenset, tuple] = {}
    for section in ("curated", "derived"):
        for i, m in enumerate(getattr(f, section)):
            loc = (section, i)
            if m.source != section:
                bad(loc + ("source",), f"an entry under {section}: says source: {m.source}", f"write source: {section}, or move the entry")
            missing = [x for x in (m.from_, m.to) if x not in stmts]
            for x in missing:
                bad(loc, f"statement {x!r} is not in the catalog",
                    REGENERATE if section == "derived" else f"use an id shown by `cmscheck standards show {x.split(':')[0]} CLAUSE`")
            a, b = m.standards
            if a == b:
                bad(loc, f"{m.from_} and {m.to} are statements of the same standard", "map statements of two different standards")
            key = frozenset((m.from_, m.to))
            if key in seen and seen[key][0] == section:
                bad(loc, f"{m.from_} and {m.to} are mapped twice (also at line {doc.line(seen[key])})", "keep one of the two entries")
            seen.setdefault(key, loc)
            if missing:
                continue
            shared = set(stmts[m.from_].topics) & set(stmts[m.to].topics)
            union = set(stmts[m.from_].topics) | set(stmts[m.to].topics)
            allowed = shared if section == "derived" else union
            for t in m.topics:
                if t not in allowed:
                    bad(loc + ("topics",), f"topic {t!r} is not a topic of {'both statements' if section == 'derived' else 'either statement'}",
                        REGENERATE if section == "derived" else "use topics the statements carry in the catalog")
            if m.relationship == "none":
                if section == "derived":
                    bad(loc + ("relationship",), "relationship none is for curated entries", REGENERATE)
                continue
    # what is mapped in force: a curated entry replaces the derived one for its pair, `none` removes it
    mapped = {x for m in Crosswalk.from_file(f).mappings for x in (m.from_, m.to)}
    listed: set[str] = set()
    for std, ids in f.unique.items():
        for i, x in enumerate(ids):
            loc = ("unique", std, i)
            if x not in stmts:
                bad(loc, f"statement {x!r} is not in the catalog", REGENERATE)
            elif not x.startswith(std + ":"):
                bad(loc, f"{x} is listed under {std}", REGENERATE)
            elif x in mapped:
                bad(loc, f"{x} is listed as unique but is mapped", REGENERATE)
            listed.add(x)
    for sid, st in stmts.items():
        if sid not in mapped and sid not in listed:
            problems.append(Problem(doc.file, doc.line(("unique",)), "unique", f"{sid} is neither mapped nor listed as unique", REGENERATE))
    return problems


def load_crosswalk_from(path: Path, catalog: Catalog) -> Crosswalk:
    f, doc = read_file(path)
    problems = check(f, doc, catalog)
    if problems:
        raise InputError(problems)
    return Crosswalk.from_file(with_topics(f, catalog))


def with_topics(f: CrosswalkFile, catalog: Catalog) -> CrosswalkFile:
    """Curated entries that name no topics get the topics their two statements share, in vocabulary order."""
    order = {t.id: i for i, t in enumerate(catalog.vocabulary.topics)}

    def fill(m):
        if m.topics:
            return m
        shared = set(catalog.statement(m.from_).topics) & set(catalog.statement(m.to).topics)
        return m.model_copy(update={"topics": sorted(shared, key=order.__getitem__)})

    return f.model_copy(update={"curated": [fill(m) for m in f.curated]})


@lru_cache(maxsize=2)
def _cached(path: str) -> Crosswalk:
    # kept parsed between runs (datacache.py), keyed on the crosswalk, the catalog and cmscheck's code
    from .. import datacache
    from ..catalog import loader as catalog_loader

    files = [Path(path), *catalog_loader.catalog_files(paths.standards_dir())]
    return datacache.cached("crosswalk", Crosswalk, files, lambda: load_crosswalk_from(Path(path), load_catalog()),
                            extra=[display(Path(path))])


def load_crosswalk(catalog: Catalog | None = None, path: Path | None = None) -> Crosswalk:
    """The crosswalk of the project's catalog (loaded once per process), or the one at path for catalog."""
    if catalog is None and path is None:
        return _cached(str(crosswalk_path().resolve()))
    return load_crosswalk_from(path or crosswalk_path(), catalog or load_catalog())
