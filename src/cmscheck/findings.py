"""What the engine concludes: findings, each traceable to its rule, statements and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

NcType = Literal["systemic", "implementation", "effectiveness"]
Grade = Literal["severe", "general"]
Verdict = Literal["nonconforming", "observation"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Model):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class EvidenceRef(Model):
    """Where in the bundle a verdict's evidence stands: a file and a place in it."""

    file: str = Field(description="path relative to the bundle folder (the manifest, or a document)")
    line: int | None = None
    field: str | None = Field(None, description="path to the value in the manifest, e.g. records.calibrations[2].due")
    section: str | None = Field(None, description="heading of a Markdown section")
    note: str | None = None


class Finding(Model):
    id: str = Field(description="stable: STANDARD/RULE/n")
    rule: str
    standard: str
    statements: list[str]
    verdict: Verdict = Field(description="nonconforming (shall) or observation (should)")
    type: NcType
    grade: Grade
    situation: int | None = Field(None, description="key-industry 7.2.4 severe situation number, 1-12")
    guidance_gap: bool = Field(False, description="raised against a guideline: a gap against guidance")
    message: Bilingual
    evidence: list[EvidenceRef] = Field(default_factory=list)
    deadline: dt.date | None = Field(None, description="severe: corrective action due within three months (key-industry 8.1)")
    source: Literal["rule", "answer"] = "rule"
