"""The numbers a bundle keeps: emission inventory, baseline, targets, carbon market, offsets, instruments.

Quantities carry explicit units, read by pint (standards/units.txt); gases are weighted by the GWP set
the bundle chooses (standards/gwp.yaml). An unknown unit or gas, or a unit that cannot measure what the
field holds (kWh as emissions), is a validation error located at its field. The rules read these
numbers through the fact functions in src/cmscheck/facts/data.py; docs/data.md is the authors' guide.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ..units import check_emission_unit, check_gas, check_unit, is_co2e, is_emissions, is_energy

from .base import M

# Numbers a bundle writes are finite: YAML's .inf and .nan are refused where they stand.
Number = Annotated[float, Field(allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2200)]

SourceType = Literal["fuel_combustion", "industrial_process", "purchased_electricity", "purchased_heat", "fugitive"]


class Quantity(M):
    value: Number
    unit: str = Field(description="e.g. t, kWh, MWh, GJ, tCO2/t, tCO2/MWh")

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        return check_unit(v)


class Emissions(Quantity):
    """A quantity of emissions: tCO2e (kgCO2e, ktCO2e, ...) or a mass of the source's gas."""

    @field_validator("unit")
    @classmethod
    def _emission_unit(cls, v: str) -> str:
        return check_emission_unit(v)


class Factor(Quantity):
    source: str | None = Field(None, description="where the factor comes from, e.g. GB/T 32151.5 附录B")


class EmissionSource(M):
    id: str
    name: str
    type: SourceType
    gas: str = "CO2"
    activity: Quantity
    factor: Factor
    oxidation: float | None = Field(None, ge=0, le=1, description="oxidation rate, for fuel combustion")
    reported: Emissions = Field(description="the emissions the organization reports for this source, e.g. in tCO2e")
    instruments: list[str] = Field(default_factory=list, description="ids of the instruments that measure the activity data")

    @field_validator("gas")
    @classmethod
    def _known_gas(cls, v: str) -> str:
        return check_gas(v)


class Inventory(M):
    year: Year
    sources: list[EmissionSource] = Field(default_factory=list)
    total: Emissions = Field(description="the reported total, e.g. in tCO2e")
    output: Quantity | None = Field(None, description="production output, for intensity")
    intensity: Quantity | None = Field(None, description="reported emissions per unit of output")
    monitoring: list["MonitoringSeries"] = Field(default_factory=list)

    @model_validator(mode="after")
    def _series_sources(self) -> "Inventory":
        ids = [s.id for s in self.sources]
        for series in self.monitoring:
            if series.source is not None and series.source not in ids:
                raise ValueError(f"monitoring {series.parameter!r}: source {series.source!r} is not an id in this year's sources"
                                 f" ({', '.join(ids) or 'none'})")
        return self


class MonitoringSeries(M):
    """One monitored parameter: its monthly ledger and the raw records the ledger summarizes."""

    parameter: str
    months: list[int] = Field(default_factory=list, description="the months (1-12) for which data are kept; "
                              "when a ledger is given, its rows say which months are kept instead")
    ledger: str | None = Field(None, description="CSV or Excel (.xlsx) file of the monthly ledger, inside the bundle: a month "
                               "column (YYYY-MM) and a value column")
    sheet: str | None = Field(None, description="the ledger's sheet in an Excel workbook; default: the first sheet with a month column")
    encoding: str | None = Field(None, description="text encoding of the CSV files when it is not UTF-8 and is not recognised, e.g. gb18030")
    column: str | None = Field(None, description="the ledger's value column; may be left out when the ledger has only one "
                               "column besides the month")
    unit: str | None = Field(None, description="unit of the ledger's values; default: the unit of the source's activity data")
    source: str | None = Field(None, description="id of the emission source whose activity data this parameter is: the "
                               "ledger's yearly sum must equal that activity")
    raw_records: list[str] = Field(default_factory=list, description="CSV or Excel files of the raw records (readings, weighbridge "
                                   "tickets, meter logs) the ledger summarizes: a date column (YYYY-MM-DD) and a value column")
    raw_column: str | None = Field(None, description="the raw records' value column; default: the ledger's column name, "
                                   "or the only column besides the date")

    @field_validator("months")
    @classmethod
    def _months(cls, v: list[int]) -> list[int]:
        bad = [m for m in v if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"months are 1 to 12, not {bad}")
        return v

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str | None) -> str | None:
        return None if v is None else check_unit(v)


class Adjustment(M):
    date: dt.date
    reason: str
    change: Quantity | None = None


class Baseline(M):
    year: Year
    emissions: Quantity
    intensity: Quantity | None = None
    data_complete: bool = True
    adjustments: list[Adjustment] = Field(default_factory=list)
    output: Quantity | None = Field(None, description="production output of the baseline year: intensity = emissions / output")
    year_reason: str | None = Field(None, description="why the baseline year is not the year before the system started "
                                    "(key-industry 5.3.1.1 asks for that year normally)")

    @field_validator("emissions")
    @classmethod
    def _emission_unit(cls, v: Quantity) -> Quantity:
        check_emission_unit(v.unit)
        return v


class Target(M):
    id: str
    indicator: str
    direction: Literal["decrease", "increase"] = "decrease"
    baseline: Number
    target: Number
    actual: Number | None = None
    unit: str
    due: dt.date
    action_plan: str | None = Field(None, description="the document id of the action plan behind the target")
    plan_carried_out: bool | None = None
    key_measure: bool = Field(False, description="a key reduction measure (重点碳减排措施) under process control")
    process_controlled: bool | None = Field(None, description="key measures: progress tracked with an assessment sheet")


class CarbonMarket(M):
    year: Year
    allocated: Number = Field(description="allowances allocated, tCO2e (one allowance = 1 tCO2e)")
    verified_emissions: Number
    bought: Number = 0
    sold: Number = 0
    surrendered: Number | None = None
    surrendered_on: dt.date | None = None
    deadline: dt.date
    balance: Number | None = Field(None, description="the balance the organization reports after surrender")


OffsetKind = Literal["green_certificate", "ccer", "allowance", "forestry_sink", "other_credit"]


class Offset(M):
    id: str
    kind: OffsetKind
    quantity: Quantity
    applied_to: list[SourceType] = Field(default_factory=list)
    year: Year | None = Field(None, description="the inventory year whose emissions it offsets; default: the year the period ends")

    @model_validator(mode="after")
    def _unit_fits_kind(self) -> "Offset":
        unit = self.quantity.unit
        if self.kind == "green_certificate" and not is_energy(unit):
            raise ValueError(f"a green certificate's quantity is electricity, not {unit!r}: write unit: certificate "
                             "(1 certificate = 1,000 kWh, park 3.2.13), or kWh / MWh")
        if self.kind != "green_certificate" and not is_co2e(unit):
            raise ValueError(f"a {self.kind} quantity is CO2 equivalent, not {unit!r}: write unit: credit, allowance or tCO2e "
                             "(1 allowance or credit = 1 tCO2e, industrial 3.5, 3.6)")
        return self


class Instrument(M):
    id: str
    name: str
    measures: str | None = None
    interval_months: int = Field(12, ge=1, le=600)


class Resources(M):
    budget_planned: Number | None = None
    budget_spent: Number | None = None
    staff_planned: int | None = None
    staff_actual: int | None = None


class Data(M):
    gwp_set: Literal["AR5", "AR6"] = Field("AR5", description="which GWP values convert gases to CO2e (standards/gwp.yaml)")
    tolerance: float = Field(0.01, ge=0, le=0.5, description="relative tolerance of the arithmetic checks")
    inventory: list[Inventory] = Field(default_factory=list)
    baseline: Baseline | None = None
    targets: list[Target] = Field(default_factory=list)
    carbon_market: list[CarbonMarket] = Field(default_factory=list)
    offsets: list[Offset] = Field(default_factory=list)
    neutrality_claim: bool = Field(False, description="the organization claims carbon neutrality for the period")
    instruments: list[Instrument] = Field(default_factory=list)
    resources: Resources | None = None
