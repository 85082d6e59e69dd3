"""The numbers a bundle keeps: emission inventory, baseline, targets, carbon market, offsets, instruments.

Quantities carry explicit units. The data-checks rules read these through fact functions.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ..units import check_gas, check_unit

from .base import M

SourceType = Literal["fuel_combustion", "industrial_process", "purchased_electricity", "purchased_heat", "fugitive"]


class Quantity(M):
    value: float
    unit: str = Field(description="e.g. t, kWh, MWh, GJ, tCO2/t, tCO2/MWh")

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        return check_unit(v)


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
    reported: Quantity = Field(description="the emissions the organization reports for this source, e.g. in tCO2e")
    instruments: list[str] = Field(default_factory=list, description="ids of the instruments that measure the activity data")

    @field_validator("gas")
    @classmethod
    def _known_gas(cls, v: str) -> str:
        return check_gas(v)


class Inventory(M):
    year: int
    sources: list[EmissionSource] = Field(default_factory=list)
    total: Quantity = Field(description="the reported total, e.g. in tCO2e")
    output: Quantity | None = Field(None, description="production output, for intensity")
    intensity: Quantity | None = Field(None, description="reported emissions per unit of output")
    monitoring: list["MonitoringSeries"] = Field(default_factory=list)


class MonitoringSeries(M):
    parameter: str
    months: list[int] = Field(default_factory=list, description="the months (1-12) for which data are kept")
    ledger: str | None = Field(None, description="CSV file of the monthly ledger, inside the bundle")


class Adjustment(M):
    date: dt.date
    reason: str
    change: Quantity | None = None


class Baseline(M):
    year: int
    emissions: Quantity
    intensity: Quantity | None = None
    data_complete: bool = True
    adjustments: list[Adjustment] = Field(default_factory=list)


class Target(M):
    id: str
    indicator: str
    direction: Literal["decrease", "increase"] = "decrease"
    baseline: float
    target: float
    actual: float | None = None
    unit: str
    due: dt.date
    action_plan: str | None = Field(None, description="the document id of the action plan behind the target")
    plan_carried_out: bool | None = None
    key_measure: bool = Field(False, description="a key reduction measure (重点碳减排措施) under process control")
    process_controlled: bool | None = Field(None, description="key measures: progress tracked with an assessment sheet")


class CarbonMarket(M):
    year: int
    allocated: float = Field(description="allowances allocated, tCO2e (one allowance = 1 tCO2e)")
    verified_emissions: float
    bought: float = 0
    sold: float = 0
    surrendered: float | None = None
    surrendered_on: dt.date | None = None
    deadline: dt.date
    balance: float | None = Field(None, description="the balance the organization reports after surrender")


class Offset(M):
    id: str
    kind: Literal["green_certificate", "ccer", "allowance", "forestry_sink", "other_credit"]
    quantity: Quantity
    applied_to: list[SourceType] = Field(default_factory=list)


class Instrument(M):
    id: str
    name: str
    measures: str | None = None
    interval_months: int = Field(12, ge=1)


class Resources(M):
    budget_planned: float | None = None
    budget_spent: float | None = None
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
