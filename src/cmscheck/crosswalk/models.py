"""Pydantic models of standards/crosswalk.yaml: which statements of two standards correspond.

The relationship vocabulary is OSCAL's mapping model (control-mapping), read from the `from`
statement to the `to` statement:
- equivalent (OSCAL equivalent-to): each asks what the other asks;
- subset (OSCAL subset-of): everything `from` asks, `to` asks too, and `to` asks more;
- superset (OSCAL superset-of): the reverse;
- intersects (OSCAL intersects-with): they overlap and each asks something the other does not;
- none (OSCAL no-relationship): curated only, to veto a pairing the generator would derive.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..empty import new_dict, new_list
from ..catalog.models import STATEMENT_ID

Relationship = Literal["equivalent", "subset", "superset", "intersects", "none"]
RELATIONSHIPS: tuple[str, ...] = ("equivalent", "subset", "superset", "intersects")
INVERSE = {"equivalent": "equivalent", "subset": "superset", "superset": "subset", "intersects": "intersects", "none": "none"}
OSCAL = {"equivalent": "equivalent-to", "subset": "subset-of", "superset": "superset-of",
         "intersects": "intersects-with", "none": "no-relationship"}
SID = STATEMENT_ID.pattern


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mapping(Strict):
    """One correspondence between a statement of one standard and a statement of another."""

    from_: str = Field(alias="from", pattern=SID, description="statement id, e.g. cms:9.2.1.s1")
    to: str = Field(pattern=SID)
    relationship: Relationship
    topics: list[str] = Field(default_factory=new_list, description="topics of the vocabulary the two statements share")
    source: Literal["curated", "derived"]
    score: float | None = Field(None, ge=0, description="derived: how strongly the generator matched them")
    evidence: list[str] = Field(default_factory=new_list, description="derived: evidence kinds both statements demand")
    note: str | None = Field(None, description="curated: why, in a sentence a reader can check in the texts")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def standards(self) -> tuple[str, str]:
        return self.from_.split(":", 1)[0], self.to.split(":", 1)[0]

    def reversed(self) -> "Mapping":
        return self.model_copy(update={"from_": self.to, "to": self.from_, "relationship": INVERSE[self.relationship]})

    def dump(self) -> dict:
        """The entry as written in the file: `from` spelled as in YAML, empty optional fields left out."""
        out = {"from": self.from_, "to": self.to, "relationship": self.relationship, "topics": self.topics, "source": self.source}
        if self.score is not None:
            out["score"] = self.score
        if self.evidence:
            out["evidence"] = self.evidence
        if self.note:
            out["note"] = self.note
        return out


class CrosswalkFile(Strict):
    """The file as written: hand-kept curated mappings, then the generated part."""

    crosswalk: Literal[1] = Field(description="format version")
    curated: list[Mapping] = Field(default_factory=new_list)
    derived: list[Mapping] = Field(default_factory=new_list)
    unique: dict[str, list[str]] = Field(default_factory=new_dict, description="standard -> statements no other standard asks")


class Crosswalk(Strict):
    """The crosswalk in force: curated entries win over derived ones for the same two statements,
    a curated `none` removes the pairing; `unique` lists what no other standard asks."""

    mappings: list[Mapping]
    unique: dict[str, list[str]] = Field(default_factory=new_dict)

    @classmethod
    def from_file(cls, f: CrosswalkFile) -> "Crosswalk":
        curated = {frozenset((m.from_, m.to)): m for m in f.curated}
        out = [m for m in f.curated if m.relationship != "none"]
        out += [m for m in f.derived if frozenset((m.from_, m.to)) not in curated]
        return cls(mappings=out, unique=f.unique)

    @cached_property
    def _index(self) -> dict[str, list[Mapping]]:
        idx: dict[str, list[Mapping]] = {}
        for m in self.mappings:
            idx.setdefault(m.from_, []).append(m)
            idx.setdefault(m.to, []).append(m.reversed())
        return idx

    def counterparts(self, statement: str, standard: str | None = None) -> list[Mapping]:
        """The mappings of one statement, each read from it; only those into `standard` when given."""
        out = self._index.get(statement, [])
        if standard is not None:
            out = [m for m in out if m.to.split(":", 1)[0] == standard]
        return out

    def is_unique(self, statement: str) -> bool:
        return statement in self.unique.get(statement.split(":", 1)[0], [])
