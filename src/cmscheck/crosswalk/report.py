"""What the crosswalk says about two standards: how much maps, and what each asks that the other does not.

Pure functions of the catalog and the crosswalk; `cmscheck crosswalk` prints them.
"""

from __future__ import annotations

from itertools import combinations

from pydantic import BaseModel, ConfigDict, Field

from ..catalog import Catalog, Statement
from .models import Crosswalk

NORMATIVE = ("shall", "should")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Side(Model):
    """One standard of a pair, counted against the other."""

    standard: str
    statements: int
    mapped: int = Field(description="statements with at least one counterpart in the other standard")
    unique: int = Field(description="statements with no counterpart in the other standard")
    normative: int = Field(description="shall and should statements")
    normative_mapped: int
    normative_unique: int


class PairSummary(Model):
    a: Side
    b: Side
    mappings: int = Field(description="mapping entries between the two standards")
    by_relationship: dict[str, int] = Field(description="read from a to b")
    curated: int


class Counterpart(Model):
    id: str
    relationship: str
    modality: str
    source: str


class Row(Model):
    id: str
    clause: str
    modality: str
    text: str
    counterparts: list[Counterpart]


class Asked(Model):
    id: str
    clause: str
    modality: str
    text: str
    why: str = Field(description="no_counterpart: the other standard has none; guidance_only: its counterparts are not requirements (may or informative)")


class PairReport(Model):
    summary: PairSummary
    rows: list[Row] = Field(description="a's statements that map, with their counterparts in b")
    a_only: list[Asked] = Field(description="what a asks (shall/should) that b does not")
    b_only: list[Asked]


class StandardCoverage(Model):
    standard: str
    statements: int
    mapped: int = Field(description="statements with a counterpart in at least one other standard")
    unique: int = Field(description="statements listed as unique to this standard")


class Overview(Model):
    standards: list[StandardCoverage]
    pairs: list[PairSummary]


def _side(catalog: Catalog, cw: Crosswalk, a: str, b: str) -> Side:
    sts = list(catalog.standards[a].statements())
    mapped = [s for s in sts if cw.counterparts(s.id, b)]
    norm = [s for s in sts if s.modality in NORMATIVE]
    norm_mapped = [s for s in norm if cw.counterparts(s.id, b)]
    return Side(standard=a, statements=len(sts), mapped=len(mapped), unique=len(sts) - len(mapped),
                normative=len(norm), normative_mapped=len(norm_mapped), normative_unique=len(norm) - len(norm_mapped))


def pair_summary(catalog: Catalog, cw: Crosswalk, a: str, b: str) -> PairSummary:
    rel: dict[str, int] = {}
    n = curated = 0
    for s in catalog.standards[a].statements():
        for m in cw.counterparts(s.id, b):
            n += 1
            curated += m.source == "curated"
            rel[m.relationship] = rel.get(m.relationship, 0) + 1
    return PairSummary(a=_side(catalog, cw, a, b), b=_side(catalog, cw, b, a), mappings=n,
                       by_relationship=dict(sorted(rel.items())), curated=curated)


def _clauses(catalog: Catalog, std: str) -> list[tuple[str, Statement]]:
    return [(c.number, s) for c in catalog.standards[std].walk() for s in c.statements]


def _only(catalog: Catalog, cw: Crosswalk, a: str, b: str) -> list[Asked]:
    out = []
    for clause, s in _clauses(catalog, a):
        if s.modality not in NORMATIVE:
            continue
        cps = cw.counterparts(s.id, b)
        if not cps:
            out.append(Asked(id=s.id, clause=clause, modality=s.modality, text=s.text, why="no_counterpart"))
        elif all(catalog.statement(m.to).modality not in NORMATIVE for m in cps):
            out.append(Asked(id=s.id, clause=clause, modality=s.modality, text=s.text, why="guidance_only"))
    return out


def pair_report(catalog: Catalog, cw: Crosswalk, a: str, b: str) -> PairReport:
    order = {s.id: i for i, s in enumerate(catalog.all_statements())}
    rows = []
    for clause, s in _clauses(catalog, a):
        cps = sorted(cw.counterparts(s.id, b), key=lambda m: order[m.to])
        if cps:
            rows.append(Row(id=s.id, clause=clause, modality=s.modality, text=s.text, counterparts=[
                Counterpart(id=m.to, relationship=m.relationship, modality=catalog.statement(m.to).modality, source=m.source)
                for m in cps]))
    return PairReport(summary=pair_summary(catalog, cw, a, b), rows=rows, a_only=_only(catalog, cw, a, b), b_only=_only(catalog, cw, b, a))


def overview(catalog: Catalog, cw: Crosswalk) -> Overview:
    stds = sorted(catalog.standards)
    cover = []
    for s in stds:
        sts = list(catalog.standards[s].statements())
        mapped = sum(1 for x in sts if cw.counterparts(x.id))
        cover.append(StandardCoverage(standard=s, statements=len(sts), mapped=mapped, unique=len(cw.unique.get(s, []))))
    return Overview(standards=cover, pairs=[pair_summary(catalog, cw, a, b) for a, b in combinations(stds, 2)])
