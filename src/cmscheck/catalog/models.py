"""Pydantic models of the catalog files in standards/.

One file per standard (`standards/<id>.yaml`) holds its metadata, glossary and clause tree;
`standards/vocabulary.yaml` holds the evidence kinds, topics and sectors all standards share.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..empty import new_list

Modality = Literal["shall", "should", "may", "informative"]
MODALITIES: tuple[str, ...] = ("shall", "should", "may", "informative")
ASSESSABLE: tuple[str, ...] = ("shall", "should")  # the modalities a statement is judged under
StandardKind = Literal["requirements", "guideline"]
OrgKind = Literal["enterprise", "park"]

ID_PART = r"[a-z0-9]+(?:-[a-z0-9]+)*"
STATEMENT_ID = re.compile(rf"^(?P<std>{ID_PART}):(?P<path>[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)$")


class Strict(BaseModel):
    # defer_build: a run with the catalog cached never validates these models (datacache.py rebuilds
    # them with trusted.py), so their validators are built only by a run that reads standards/*.yaml
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Strict):
    """A bilingual text: Chinese as printed, English where the standard gives it or we translate."""

    zh: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return (self.en or self.zh) if lang == "en" else self.zh


class EvidenceKind(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: Literal["document", "record", "data"]
    name: Text
    keywords: list[str] = Field(default_factory=new_list, description="Chinese phrases that name this kind in a clause")


class Topic(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: Literal["annex-sl", "carbon"]
    name: Text
    keywords: list[str] = Field(default_factory=new_list)


class Sector(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: Text


class Vocabulary(Strict):
    evidence_kinds: list[EvidenceKind]
    topics: list[Topic]
    sectors: list[Sector]

    def evidence(self, kind_id: str) -> EvidenceKind:
        return {k.id: k for k in self.evidence_kinds}[kind_id]


class Statement(Strict):
    """The unit of conformity: one sentence or list item of a clause, verbatim."""

    id: str = Field(description="STANDARD:CLAUSE plus item path, e.g. cms:6.1.2.a or key-industry:7.2.4.12")
    text: str
    modality: Modality
    modality_note: str | None = Field(None, description="why the modality differs from what the verb alone suggests: the seed file and line, and the reading")
    evidence: list[str] = Field(default_factory=new_list, description="evidence kinds the statement demands")
    topics: list[str] = Field(default_factory=new_list)
    refs: list[str] = Field(default_factory=new_list, description="clauses the statement names, as STANDARD:CLAUSE")
    rebuilt: bool = Field(False, description="the item number is its position, not printed in the text")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not STATEMENT_ID.match(v):
            raise ValueError(f"statement id {v!r} is not of the form STANDARD:CLAUSE.ITEM (e.g. cms:6.1.2.a)")
        return v

    @property
    def standard(self) -> str:
        return self.id.split(":", 1)[0]


class Clause(Strict):
    number: str = Field(pattern=r"^[0-9]+(?:\.[0-9]+)*$")
    title: Text
    rebuilt: bool = Field(False, description="the clause number was rebuilt, not printed")
    rebuilt_note: str | None = Field(None, description="how the number was rebuilt")
    text: list[str] = Field(default_factory=new_list, description="the clause body's lines as printed, noise removed")
    statements: list[Statement] = Field(default_factory=new_list)
    clauses: list["Clause"] = Field(default_factory=new_list)

    def walk(self) -> Iterator["Clause"]:
        yield self
        for child in self.clauses:
            yield from child.walk()


class Term(Strict):
    number: str
    term: Text
    definition: str
    notes: list[str] = Field(default_factory=new_list)
    source: str | None = None
    rebuilt: bool = False


class Applicability(Strict):
    """Who a standard applies to.

    It applies when the organization's kind is listed and, where sectors or carbon-market membership
    are named, the organization is in one of the sectors or (when market_qualifies) in a carbon market.
    """

    organization_kinds: list[OrgKind]
    sectors: list[str] = Field(default_factory=new_list)
    market_qualifies: bool = False
    note: Text | None = None


class Source(Strict):
    seed: str
    path: str


class Standard(Strict):
    id: str = Field(pattern=rf"^{ID_PART}$")
    code: str | None = Field(description="the code as printed; null where the text gives none")
    title: Text
    kind: StandardKind
    issuer: Text | None = None
    status: str = Field(description="e.g. published, draft-for-comment")
    applicability: Applicability
    source: Source
    modality_note: Text | None = Field(None, description="how the standard defines its auxiliary verbs")
    scope: list[str] = Field(default_factory=new_list)
    normative_references: list[str] = Field(default_factory=new_list)
    glossary: list[Term] = Field(default_factory=new_list)
    clauses: list[Clause]

    def walk(self) -> Iterator[Clause]:
        for c in self.clauses:
            yield from c.walk()

    def statements(self) -> Iterator[Statement]:
        for c in self.walk():
            yield from c.statements

    def clause(self, number: str) -> Clause | None:
        return next((c for c in self.walk() if c.number == number), None)


class Catalog(Strict):
    vocabulary: Vocabulary
    standards: dict[str, Standard]

    def statement(self, statement_id: str) -> Statement | None:
        return self._index().get(statement_id)

    def all_statements(self) -> Iterator[Statement]:
        for std in self.standards.values():
            yield from std.statements()

    @cached_property
    def _by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.all_statements()}

    def _index(self) -> dict[str, Statement]:
        return self._by_id
