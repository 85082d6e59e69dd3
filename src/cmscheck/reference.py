"""Reference data a verifier checks numbers against (standards/reference/*.yaml): accounting guidelines
with their GWP set and default tables, official grid factors by year, carbon markets' CCER caps and
deadlines. Each value carries its source and a confidence (H, M, L; standards/reference/README.md).

Loaded once, validated by pydantic; a wrong entry is an InputError naming file, line and field. The
fact functions look values up here and put them into facts with their confidence; the rules decide.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from . import paths, yamlio
from .problems import InputError, Problem, display
from .datacache import CACHED
from .units import check_unit, gwp_sets
from .validation import validate

Confidence = Literal["H", "M", "L"]
Component = Literal["calorific_value", "carbon_content", "oxidation", "factor"]


class _R(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Value(_R):
    value: float = Field(allow_inf_nan=False)
    unit: str = Field("", description="pint unit; empty for a fraction (oxidation rate)")
    confidence: Confidence
    note: str = Field(min_length=1, description="which sources give it, and how they agree")

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str, info: ValidationInfo) -> str:
        if info.context and info.context.get(CACHED):
            return v  # checked when the cache was written (datacache.py): no need to load pint for it
        return check_unit(v) if v else v


class Item(_R):
    id: str
    name: str
    kind: Literal["fuel", "process", "heat", "deduction"]
    calorific_value: Value | None = None
    carbon_content: Value | None = None
    oxidation: Value | None = None
    factor: Value | None = None

    def component(self, name: str) -> Value | None:
        return getattr(self, name)


class Table(_R):
    id: str
    title: str
    source: str = Field(min_length=1)
    items: list[Item]


class Stated(_R):
    value: str
    confidence: Confidence
    source: str = Field(min_length=1)

    @field_validator("value")
    @classmethod
    def _set(cls, v: str) -> str:
        if v not in gwp_sets():
            raise ValueError(f"unknown GWP set {v!r}; use one of {', '.join(sorted(gwp_sets()))} (standards/gwp.yaml)")
        return v


class Guideline(_R):
    id: str
    title: str
    document: str
    year: int
    sectors: list[str]
    gwp_set: Stated | None = None
    tables: list[str]


class GuidelineFile(_R):
    guidelines: list[Guideline]
    tables: list[Table]


class Announcement(_R):
    year: int
    document: str
    source: str = Field(min_length=1)
    confidence: Confidence
    values: dict[str, float]


class GridFile(_R):
    scopes: dict[str, dict[Literal["zh", "en"], str]]
    announcements: list[Announcement]


class Cap(_R):
    share: float = Field(ge=0, le=1)
    of: Literal["verified_emissions", "allocation"]
    confidence: Confidence
    document: str
    source: str = Field(min_length=1)


class Deadline(_R):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    confidence: Confidence
    document: str
    source: str


class Deadlines(_R):
    confidence: Confidence
    source: str
    dates: dict[int, dt.date]


class Market(_R):
    id: str
    name: dict[Literal["zh", "en"], str]
    ccer_cap: Cap | None = None
    report_deadline: Deadline | None = None
    surrender_deadlines: Deadlines | None = None


class MarketFile(_R):
    markets: list[Market]


def _load(name: str, model):
    path = paths.standards_dir() / "reference" / name
    doc = yamlio.load(path, display(Path(path)))
    return validate(model, doc), doc


class _Files(_R):
    """The three files once checked: what the cache between runs keeps (datacache.py)."""

    guidelines: GuidelineFile
    grid: GridFile
    markets: MarketFile


class Reference:
    """The three files, with lookups by id."""

    def __init__(self) -> None:
        from . import datacache as cache

        root = paths.standards_dir()
        files = [root / "reference" / n for n in ("guidelines.yaml", "grid.yaml", "markets.yaml")]
        checked = cache.cached("reference", _Files, [*files, root / "units.txt", root / "gwp.yaml"], self._parse,
                               # units were checked by pint when the cache was written: its version is an input
                               extra=[display(p) for p in files] + [f"pint {importlib.metadata.version('pint')}"])
        self._use(checked)

    def _use(self, f: _Files) -> None:
        self.guidelines = {x.id: x for x in f.guidelines.guidelines}
        self.tables = {t.id: t for t in f.guidelines.tables}
        self.scopes = f.grid.scopes
        self.announcements = f.grid.announcements
        self.markets = {m.id: m for m in f.markets.markets}

    def _parse(self) -> _Files:
        g, self._gdoc = _load("guidelines.yaml", GuidelineFile)
        grid, self._griddoc = _load("grid.yaml", GridFile)
        f = _Files(guidelines=g, grid=grid, markets=_load("markets.yaml", MarketFile)[0])
        self._use(f)
        self._consistent()
        return f

    def _consistent(self) -> None:
        """Cross-references pydantic cannot see: a guideline's tables, an announcement's scopes."""
        problems = []
        for i, gl in enumerate(self.guidelines.values()):
            for t in gl.tables:
                if t not in self.tables:
                    problems.append(Problem(self._gdoc.file, self._gdoc.line(("guidelines", i, "tables")), f"guidelines.{i}.tables",
                                            f"guideline {gl.id} names unknown table {t!r}", f"use one of {', '.join(self.tables)}"))
        for i, a in enumerate(self.announcements):
            for scope in sorted(set(a.values) - set(self.scopes)):
                problems.append(Problem(self._griddoc.file, self._griddoc.line(("announcements", i, "values", scope)),
                                        f"announcements.{i}.values.{scope}",
                                        f"unknown scope {scope!r}", "add it under scopes: first"))
        if problems:
            raise InputError(problems)

    def item(self, guideline: str, item: str) -> tuple[Table, Item] | None:
        """The default-table row a guideline gives for an item (first table that has it)."""
        gl = self.guidelines.get(guideline)
        for tid in gl.tables if gl else []:
            for it in self.tables[tid].items:
                if it.id == item:
                    return self.tables[tid], it
        return None

    def items(self) -> list[str]:
        return sorted({it.id for t in self.tables.values() for it in t.items})

    def grid(self, year: int) -> dict[str, tuple[float, Announcement]]:
        """Every official grid factor for a data year: scope -> (tCO2/MWh, its announcement)."""
        out: dict[str, tuple[float, Announcement]] = {}
        for a in self.announcements:
            if a.year == year:
                for scope, v in a.values.items():
                    out[scope] = (v, a)
        return out


@lru_cache(maxsize=1)
def reference() -> Reference:
    return Reference()
