"""Required content as data: what a document of a kind must contain, element by element.

One file per evidence kind, `rules/content/<kind>.yaml`; `rules/content/_negation.yaml` holds the
negation and deferral cues every element shares. An element is recognised when one sentence holds a
term of every one of its groups (see recognise.py).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..empty import new_dict, new_list
from ..findings import Bilingual


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermGroup(Strict):
    """One concept: any of its terms stands for it. `*` in a term stands for up to eight characters."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    terms: list[str] = Field(min_length=1)


class Element(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Bilingual = Field(description="the element as a finding names it")
    statements: list[str] = Field(min_length=1, description="statement ids a missing element makes nonconforming")
    groups: list[TermGroup] = Field(min_length=1, description="every group must match within one sentence")
    exclude: list[str] = Field(default_factory=new_list, description="terms that disqualify a clause, beside the shared negation cues")
    negation: bool = Field(True, description="false where stating a failure is the content itself (a nonconformity's description)")
    also_in: list[str] = Field(default_factory=new_list, description="other evidence kinds whose documents may state it (competence requirements in job descriptions)")
    heading: bool = Field(False, description="the section's headings count toward the groups (e.g. a '原因分析' heading over its text)")
    note: Bilingual | None = Field(None, description="why the terms are what they are; shown in docs/content.md")


class ContentKind(Strict):
    kind: str = Field(description="an evidence kind id of standards/vocabulary.yaml; the file is named after it")
    elements: list[Element] = Field(min_length=1)


class Negation(Strict):
    """Cues (regular expressions) that make a clause say the opposite or defer: 尚未, 不适用, 待定…"""

    cues: list[str] = Field(min_length=1)


class ContentCatalog(Strict):
    kinds: list[ContentKind]
    negation: Negation
    files: dict[str, str] = Field(default_factory=new_dict, description="kind -> file it was defined in")

    def elements(self):
        for k in self.kinds:
            for e in k.elements:
                yield k, e
