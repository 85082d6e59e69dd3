"""Thresholds: per standard, how many nonconformities a bundle may have and how much of it must be
decided before `cmscheck evaluate` exits 0. docs/ci.md documents the file.

    default:                 # every standard not listed below
      max_severe: 0
      max_general: null      # null: no limit
      min_decided_share: 0
    standards:
      cms: {max_general: 5, min_decided_share: 60%}

A standard's entry inherits each field it leaves out from `default`; `default` inherits from the
built-in DEFAULT, which is what `--fail-on severe` has always meant. Only nonconformities count
(observations never do), and a finding under an active waiver does not count. The decided share is
the share of assessable (shall/should) statements decided by a rule, an answer or an exclusion.
Each bundle, and each member of a park, is held to the limits on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .empty import new_dict
from . import yamlio
from .problems import InputError, Problem, display
from .validation import problems_from
from .waivers import counts as counts_for_exit


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    max_severe: int | None = Field(None, ge=0, description="most severe nonconformities allowed; null: no limit")
    max_general: int | None = Field(None, ge=0, description="most general nonconformities allowed; null: no limit")
    min_decided_share: float = Field(0.0, ge=0, le=1, description="least share of assessable statements decided, 0..1 or a percentage like 60%")

    @field_validator("min_decided_share", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().endswith("%"):
            try:
                return float(v.strip()[:-1]) / 100
            except ValueError:
                return v
        return v

    def over(self, base: "Limits") -> "Limits":
        """These limits, with every field left out taken from base."""
        return base.model_copy(update={k: getattr(self, k) for k in self.model_fields_set})


class ThresholdFile(_Strict):
    default: Limits = Field(default_factory=Limits)
    standards: dict[str, Limits] = Field(default_factory=new_dict)


DEFAULT = Limits(max_severe=0)  # = --fail-on severe, the behaviour without a threshold file
FAIL_ON = {
    "severe": Limits(max_severe=0),
    "general": Limits(max_severe=0, max_general=0),
    "never": Limits(),
}


@dataclass(frozen=True)
class Thresholds:
    default: Limits
    standards: dict[str, Limits]
    source: str = "(built in)"

    def for_standard(self, std: str) -> Limits:
        return self.standards.get(std, self.default)


def from_fail_on(fail_on: str) -> Thresholds:
    return Thresholds(FAIL_ON[fail_on], {}, f"--fail-on {fail_on}")


def load(path: Path, standard_ids) -> Thresholds:
    """Read a threshold file; raise InputError naming file, line and field for anything wrong in it."""
    shown = display(Path(path))
    doc = yamlio.load(Path(path), shown)
    if doc.data is None:
        raise InputError([Problem(shown, None, "", "the threshold file is empty", "write at least `default:` or `standards:` (see docs/ci.md)")])
    try:
        parsed = ThresholdFile.model_validate(doc.data)
    except ValidationError as err:
        raise InputError(problems_from(err, doc)) from None
    known = sorted(standard_ids)
    problems = [
        Problem(shown, doc.line(("standards", sid)), f"standards.{sid}", f"unknown standard {sid!r}", f"use one of: {', '.join(known)}")
        for sid in parsed.standards if sid not in known
    ]
    if problems:
        raise InputError(problems)
    default = parsed.default.over(DEFAULT) if "default" in parsed.model_fields_set else DEFAULT
    return Thresholds(default, {sid: lim.over(default) for sid, lim in parsed.standards.items()}, shown)


# -------------------------------------------------------------------------------------------- judge


@dataclass(frozen=True)
class Tally:
    """What the limits are held against, for one standard of one bundle."""

    severe: int
    general: int
    waived: int  # nonconformities under an active waiver: shown, not counted
    observations: int
    decided: int
    assessable: int

    @property
    def share(self) -> float:
        return self.decided / self.assessable if self.assessable else 1.0


@dataclass(frozen=True)
class Breach:
    bundle: str
    standard: str
    what: str  # max_severe | max_general | min_decided_share
    value: float
    limit: float

    def text(self, lang: str = "en") -> str:
        from .i18n import t
        if self.what == "min_decided_share":
            return t("cli.breach_share", lang, bundle=self.bundle, standard=self.standard, value=f"{self.value:.0%}",
                     limit=f"{self.limit:.0%}")
        grade = self.what.removeprefix("max_")
        return t("cli.breach_count", lang, bundle=self.bundle, standard=self.standard, value=int(self.value),
                 grade=t(f"report.{grade}", lang) if lang == "zh" else grade, what=self.what, limit=int(self.limit))


def tally(std) -> Tally:
    """Count one StandardAssessment (applicable, with counts)."""
    sev = gen = waived = obs = 0
    for f in std.findings:
        if f.verdict != "nonconforming":
            obs += 1
        elif not counts_for_exit(f):
            waived += 1
        elif f.grade == "severe":
            sev += 1
        else:
            gen += 1
    by = std.counts.by_basis if std.counts else {}
    # decided: judged on checked evidence, attested, or excluded; "documented — to verify" is not decided
    decided = by.get("checked", 0) + by.get("answered", 0) + by.get("excluded", 0)
    return Tally(sev, gen, waived, obs, decided, sum(by.values()))


def judge(assessment, thresholds: Thresholds, label: str | None = None) -> list[Breach]:
    """Every limit the assessment (and each park member) breaks; empty means exit 0."""
    label = label or assessment.bundle
    out: list[Breach] = []
    for std in assessment.standards:
        if not std.applicable or std.counts is None:
            continue
        lim, t = thresholds.for_standard(std.standard), tally(std)
        if lim.max_severe is not None and t.severe > lim.max_severe:
            out.append(Breach(label, std.standard, "max_severe", t.severe, lim.max_severe))
        if lim.max_general is not None and t.general > lim.max_general:
            out.append(Breach(label, std.standard, "max_general", t.general, lim.max_general))
        if t.share < lim.min_decided_share:
            out.append(Breach(label, std.standard, "min_decided_share", t.share, lim.min_decided_share))
    for member in assessment.members:
        out += judge(member, thresholds, f"{label}/{member.bundle}")
    return out
