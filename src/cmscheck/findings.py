"""What the engine concludes: findings, each traceable to its rule, statements and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .empty import new_list

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
    section: str | None = Field(None, description="heading of a document section (Markdown or Word)")
    # Where in a Word, PDF or Excel file; left out of the JSON when unset, so reports citing text files keep their bytes.
    page: int | None = Field(None, exclude_if=lambda v: v is None, description="1-based page of a PDF")
    paragraph: int | None = Field(None, exclude_if=lambda v: v is None, description="1-based paragraph of a Word file")
    sheet: str | None = Field(None, exclude_if=lambda v: v is None, description="sheet of an Excel workbook")
    cell: str | None = Field(None, exclude_if=lambda v: v is None, description="cell of a workbook sheet, e.g. B7")
    note: str | None = None


class WaiverNote(Model):
    """A waiver of the bundle that covers a finding: who accepted it, why, until when, and whether it
    still holds at the assessment date (an expired waiver is shown but no longer waives)."""

    justification: str
    approved_by: str
    expires: dt.date
    active: bool = Field(description="false once expires is before the assessment date: the finding counts again")
    where: EvidenceRef = Field(description="the waiver in the bundle's manifest")


class Finding(Model):
    id: str = Field(description="stable: STANDARD/RULE/n")
    rule: str
    standard: str
    statements: list[str]
    verdict: Verdict = Field(description="nonconforming (shall) or observation (should)")
    type: NcType
    grade: Grade
    situation: int | None = Field(None, description="key-industry 7.2.4 severe situation number, 1-12")
    # A severe situation only the auditor can confirm ("严重", "明显不足", "致使严重混乱"): the finding stays general.
    possible_situation: int | None = Field(None, exclude_if=lambda v: v is None,
                                           description="key-industry 7.2.4 situation this general finding may amount to, for the auditor to confirm")
    guidance_gap: bool = Field(False, description="raised against a guideline: a gap against guidance")
    message: Bilingual
    evidence: list[EvidenceRef] = Field(default_factory=new_list)
    deadline: dt.date | None = Field(None, description="severe: corrective action due within three months (key-industry 8.1)")
    source: Literal["rule", "answer"] = "rule"
    # Left out of the JSON when empty, so reports of bundles without waivers keep their bytes.
    waiver: WaiverNote | None = Field(None, exclude_if=lambda v: v is None,
                                      description="the bundle's waiver covering this finding, if any")
