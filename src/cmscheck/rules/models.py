"""A rule in rules/*.yaml: which statements it decides, a durable-rules condition over facts, and the
finding it raises when the condition matches."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..empty import new_dict, new_list
from ..findings import Bilingual, Grade, NcType


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Decides(Strict):
    """Selects the statements a rule decides, in every standard of the catalog.

    A statement is selected when its modality is listed and it matches any of the selectors.
    """

    statements: list[str] = Field(default_factory=new_list, description="statement ids")
    evidence: list[str] = Field(default_factory=new_list, description="statements demanding any of these evidence kinds")
    evidence_categories: list[Literal["document", "record", "data"]] = Field(default_factory=new_list)
    topics: list[str] = Field(default_factory=new_list, description="statements tagged with any of these topics")
    modality: list[Literal["shall", "should"]] = Field(default_factory=lambda: ["shall", "should"])
    standards: list[str] = Field(default_factory=new_list, description="restrict to these standards; empty = all")
    # A rule's silence vouches for a statement only when the rule tests what the statement asks: an allowance
    # account that adds up does not show that carbon-asset rules exist (cms 8.4.c), though one that does not
    # add up shows them unmet. Such statements are decided by a firing only.
    unvouched: list[str] = Field(
        default_factory=new_list,
        description="of `statements`, those a firing shows unmet but the rule's silence does not show met (it tests "
        "a part of what they ask): while the rule is quiet they rest on other evidence (documented, answered or "
        "not assessed), never conforming on its account")


class FindingSpec(Strict):
    type: NcType
    grade: Grade = "general"
    situation: int | None = Field(None, ge=1, le=12, description="key-industry 7.2.4 severe situation; implies severe")
    possible_situation: int | None = Field(
        None, ge=1, le=12, description="key-industry 7.2.4 situation the finding may amount to when the auditor confirms "
        "the judgement the text asks for (严重, 明显不足, 致使严重混乱); needs grade general")
    quote: str | None = Field(None, description="the words of the standard the condition follows, e.g. the 7.2.4 situation")
    message: Bilingual = Field(description="may name fields of the matched fact in braces, e.g. {kind_zh}")


class FactRequest(Strict):
    """A parameterized fact a rule needs (e.g. whether a document mentions a commitment)."""

    function: str
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    args: dict[str, Any] = Field(default_factory=new_dict)


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
    title: Bilingual
    description: Bilingual | None = None
    basis: Literal["checked", "documented"] = Field(
        description="what the rule's quiet result rests on: `checked` when it tested content or numbers and the "
        "evidence it cites shows them; `documented` when it only established that evidence of the demanded kind "
        "is present, approved or dated (a person must still verify it — never counted as conforming)"
    )
    decides: Decides
    per_evidence_kind: bool = Field(
        False, description="a firing concerns only the decided statements that demand the matched fact's evidence kind"
    )
    facts: list[FactRequest] = Field(default_factory=new_list)
    when: dict[str, Any] = Field(description="a durable-rules condition: {all: [...]} or {any: [...]}")
    finding: FindingSpec
    references: list[str] = Field(default_factory=new_list, description="clauses the rule rests on, e.g. key-industry:7.2.4")


class RuleSet(Strict):
    rules: list[Rule]
    files: dict[str, str] = Field(default_factory=new_dict, description="rule id -> file it was defined in")
    lines: dict[str, int] = Field(default_factory=new_dict, description="rule id -> line of its definition")

    def get(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)
