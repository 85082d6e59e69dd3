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

from ..empty import new_list
from ..units import check_emission_unit, check_gas, check_unit, gwp_value, is_co2e, is_energy

from ..reference import reference
from .base import M

# Numbers a bundle writes are finite: YAML's .inf and .nan are refused where they stand.
Number = Annotated[float, Field(allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2200)]

SourceType = Literal["fuel_combustion", "industrial_process", "purchased_electricity", "purchased_heat", "fugitive"]
DeductionKind = Literal["fixed_carbon", "exported_electricity", "exported_heat", "ccus"]
GwpSet = Literal["SAR", "AR4", "AR5", "AR6"]


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


class Component(M):
    """One term of a fuel's emission factor: calorific value × carbon content per unit heat × oxidation × 44/12."""

    value: Number
    unit: str = Field("", description="pint unit, e.g. GJ/t, GJ/万Nm3, tC/GJ, tC/TJ; empty for the oxidation rate (a fraction)")
    origin: Literal["measured", "default"] = Field("default", description="measured by the organization, or the guideline default")
    record: str | None = Field(None, description="measured values: the id of the test record (检测报告) behind it")

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        return check_unit(v) if v else v


class Factor(Quantity):
    source: str | None = Field(None, description="where the factor comes from, e.g. GB/T 32151.5 附录B")
    item: str | None = Field(None, description="the row of the guideline's default table the factor claims to use "
                             "(standards/reference/guidelines.yaml: natural_gas, coke, limestone, purchased_heat, ...)")
    grid: str | None = Field(None, description="purchased electricity: the official grid factor it claims "
                             "(standards/reference/grid.yaml scopes: national, central_china, national_ets, ...)")
    origin: Literal["measured", "default"] | None = Field(None, description="the factor as a whole: measured or a default")
    record: str | None = Field(None, description="measured factors: the id of the test record behind it")
    includes_oxidation: bool = Field(False, description="the value already includes the oxidation rate "
                                     "(then the source gives no separate oxidation)")
    calorific_value: Component | None = Field(None, description="低位发热量, e.g. GJ/t")
    carbon_content: Component | None = Field(None, description="单位热值含碳量, e.g. tC/GJ")
    oxidation: Component | None = Field(None, description="碳氧化率 inside the factor (then includes_oxidation holds)")

    @field_validator("item")
    @classmethod
    def _known_item(cls, v: str | None) -> str | None:
        known = reference().items()
        if v is not None and v not in known:
            raise ValueError(f"unknown default-table item {v!r}; use one of {', '.join(known)} (standards/reference/guidelines.yaml)")
        return v

    @field_validator("grid")
    @classmethod
    def _known_grid(cls, v: str | None) -> str | None:
        known = sorted(reference().scopes)
        if v is not None and v not in known:
            raise ValueError(f"unknown grid factor {v!r}; use one of {', '.join(known)} (standards/reference/grid.yaml)")
        return v


def _known_guideline(v: str | None) -> str | None:
    known = list(reference().guidelines)
    if v is not None and v not in known:
        raise ValueError(f"unknown guideline {v!r}; use one of {', '.join(known)} (standards/reference/guidelines.yaml)")
    return v


class EmissionSource(M):
    id: str
    name: str
    type: SourceType
    gas: str = "CO2"
    activity: Quantity
    factor: Factor
    oxidation: float | None = Field(None, ge=0, le=1, description="oxidation rate, for fuel combustion")
    reported: Emissions = Field(description="the emissions the organization reports for this source, e.g. in tCO2e")
    instruments: list[str] = Field(default_factory=new_list, description="ids of the instruments that measure the activity data")
    gwp_set: GwpSet | None = Field(None, description="the GWP set this source's gas is weighted with; default: the inventory's")

    @field_validator("gas")
    @classmethod
    def _known_gas(cls, v: str) -> str:
        return check_gas(v)


class Deduction(M):
    """Emissions subtracted from the total: carbon fixed in products, exported electricity or heat, CCUS."""

    id: str
    name: str
    kind: DeductionKind
    activity: Quantity
    factor: Factor
    reported: Emissions = Field(description="the emissions deducted, e.g. in tCO2e (a positive number)")


class Inventory(M):
    year: Year
    sources: list[EmissionSource] = Field(default_factory=new_list)
    deductions: list[Deduction] = Field(default_factory=new_list, description="subtracted from the sum of the sources: "
                                        "total = sources - deductions")
    total: Emissions = Field(description="the reported total, e.g. in tCO2e")
    gwp_set: GwpSet | None = Field(None, description="the GWP set of this year's report; default: data.gwp_set")
    guideline: str | None = Field(None, description="the accounting guideline followed this year "
                                  "(standards/reference/guidelines.yaml id); default: data.guideline")
    output: Quantity | None = Field(None, description="production output, for intensity: any unit pint knows "
                                    "(t, 万元, 件, 万m2, ...)")
    _guideline = field_validator("guideline")(classmethod(lambda cls, v: _known_guideline(v)))
    intensity: Quantity | None = Field(None, description="reported emissions per unit of output")
    monitoring: list["MonitoringSeries"] = Field(default_factory=new_list)

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
    months: list[int] = Field(default_factory=new_list, description="the months (1-12) for which data are kept; "
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
    raw_records: list[str] = Field(default_factory=new_list, description="CSV or Excel files of the raw records (readings, weighbridge "
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
    adjustments: list[Adjustment] = Field(default_factory=new_list)
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
    base_year: Year | None = Field(None, description="the year the baseline value was measured")
    action_plan: str | None = Field(None, description="the document id of the action plan behind the target")
    plan_carried_out: bool | None = None
    key_measure: bool = Field(False, description="a key reduction measure (重点碳减排措施) under process control")
    process_controlled: bool | None = Field(None, description="key measures: progress tracked with an assessment sheet")


class CarbonMarket(M):
    year: Year
    market: str = Field("national", description="standards/reference/markets.yaml id: national, hubei, beijing, shanghai")
    allocated: Number = Field(description="allowances allocated, tCO2e (one allowance = 1 tCO2e)")
    verified_emissions: Number | None = Field(None, description="verified emissions, tCO2e; leave out for a year "
                                              "not yet verified")
    opening_balance: Number = Field(0, description="allowances held at the start of the year, banked from earlier years")
    bought: Number = 0
    sold: Number = 0
    surrendered: Number | None = Field(None, description="allowances surrendered for the year, tCO2e")
    ccer_used: Number = Field(0, ge=0, description="CCER and other credits surrendered in place of allowances, tCO2e")
    surrendered_on: dt.date | None = None
    deadline: dt.date | None = Field(None, description="surrender deadline; default: the market's deadline for the year "
                                     "(standards/reference/markets.yaml)")
    balance: Number | None = Field(None, description="the balance the organization reports after surrender "
                                   "(banked: it opens the next year)")

    @model_validator(mode="after")
    def _market_known(self) -> "CarbonMarket":
        ref = reference()
        market = ref.markets.get(self.market)
        if market is None:
            raise ValueError(f"unknown carbon market {self.market!r}; use one of {', '.join(ref.markets)}")
        if self.deadline is None and self.year not in (market.surrender_deadlines.dates if market.surrender_deadlines else {}):
            raise ValueError(f"no surrender deadline for {self.year} in the {self.market} market's reference data: write deadline")
        return self


OffsetKind = Literal["green_certificate", "ccer", "allowance", "forestry_sink", "other_credit"]


class Offset(M):
    id: str
    kind: OffsetKind
    quantity: Quantity = Field(description="what is claimed: green certificates' electricity (certificate, MWh), "
                               "or tCO2e of credits")
    held: int | None = Field(None, ge=0, description="green certificates: certificates held (1 certificate = 1 MWh)")
    cancelled: int | None = Field(None, ge=0, description="green certificates: certificates cancelled (注销) for this claim")
    applied_to: list[SourceType] = Field(default_factory=new_list)
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


class Facility(M):
    id: str
    name: str


class BoundarySource(M):
    id: str = Field(description="the id its inventory source carries")
    name: str
    type: SourceType
    facility: str | None = Field(None, description="id of a facility in boundary.facilities")
    years: list[Year] = Field(default_factory=new_list, description="the years it belongs to the boundary; default: every year")


class Boundary(M):
    """The accounting boundary's facilities and emission sources, listed apart from the inventory, so that a
    source the inventory leaves out can be seen (key-industry 6.3.1.2)."""

    facilities: list[Facility] = Field(default_factory=new_list)
    sources: list[BoundarySource] = Field(default_factory=new_list)

    @model_validator(mode="after")
    def _facilities(self) -> "Boundary":
        ids = {f.id for f in self.facilities}
        for s in self.sources:
            if s.facility is not None and s.facility not in ids:
                raise ValueError(f"source {s.id!r}: facility {s.facility!r} is not in boundary.facilities ({', '.join(sorted(ids)) or 'none'})")
        return self


class Data(M):
    gwp_set: GwpSet = Field("AR5", description="which GWP values convert gases to CO2e (standards/gwp.yaml)")
    guideline: str | None = Field(None, description="the accounting guideline followed (standards/reference/guidelines.yaml id)")
    tolerance: float = Field(0.01, ge=0, le=0.5, description="relative tolerance of the arithmetic checks (the bundle's "
                             "own: it compares the bundle's numbers with each other, never with reference values)")
    _guideline = field_validator("guideline")(classmethod(lambda cls, v: _known_guideline(v)))
    materiality: float | None = Field(None, gt=0, le=0.5, description="share of an inventory's total above which a "
                                      "change of its emissions is material (declared by the organization or its verifier)")
    boundary: Boundary | None = None
    inventory: list[Inventory] = Field(default_factory=new_list)
    baseline: Baseline | None = None
    targets: list[Target] = Field(default_factory=new_list)
    carbon_market: list[CarbonMarket] = Field(default_factory=new_list)
    offsets: list[Offset] = Field(default_factory=new_list)
    neutrality_claim: bool = Field(False, description="the organization claims carbon neutrality for the period")
    instruments: list[Instrument] = Field(default_factory=new_list)
    resources: Resources | None = None


    @model_validator(mode="after")
    def _gwp_covers_gases(self) -> "Data":
        for inv in self.inventory:
            claimed = [s.id for s in [*inv.sources, *inv.deductions] if s.factor.item is not None]
            if claimed and not (inv.guideline or self.guideline):
                raise ValueError(f"inventory {inv.year}: {', '.join(claimed)} claim a default-table item (factor.item) but no "
                                 "guideline says whose table: write data.guideline (standards/reference/guidelines.yaml)")
            for s in inv.sources:
                chosen = s.gwp_set or inv.gwp_set or self.gwp_set
                if gwp_value(s.gas, chosen) is None:
                    raise ValueError(f"inventory {inv.year}, source {s.id}: the {chosen} GWP set gives no value for {s.gas}; "
                                     "choose another gwp_set for it")
        return self
