"""Request and response schemas of ``/api/monitoring``."""

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, Strict

from kosh.api.schemas import RequestSchema, iso_date, text

from .models import Progress
from .pipelines import AGE_GROUPS

TableKey = Literal["od", "net", "districts", "urban_rural", "concentration"]
Level = Literal["region", "district"]
Period = Literal["year", "month"]
Sex = Literal["M", "F"]
Category = Literal["internal", "resettlement"]
AgeGroup = Literal[tuple(AGE_GROUPS)]
YearQuery = Annotated[int, Field(ge=2019, le=2027)]
PeriodValue = Annotated[int, Field(ge=2019, le=202712, description="yyyy or yyyymm")]
QueryDate = iso_date()


class TableOut(Schema):
    """A published table: hidden numbers are null (fewer than the threshold, or hidden so
    they cannot be worked out from the totals)."""

    key: str
    columns: list[str]
    rows: list[list[Any]]
    hidden: int
    threshold: int
    notes: dict[str, Any]


class MonitoringIndicatorOut(Schema):
    number: int
    key: str
    name: str
    unit: str
    unit_as_written: str
    computed: bool
    data_source: str
    baseline: float | None
    targets: dict[int, float]
    values: dict[int, float]
    sources: dict[int, str]
    latest_year: int | None
    projection_2027: float | None
    trend_per_year: float | None
    status: Literal["on_track", "at_risk", "no_data"]


class ValueIn(RequestSchema):
    year: Annotated[int, Strict(), Field(ge=2019, le=2027)]
    value: Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]
    source: text(500, min_length=1)


class ValueOut(Schema):
    indicator: int
    year: int
    value: float
    source: str


class QualityOut(Schema):
    events: int
    unknown_district: int
    future: int
    region_mismatch: int
    duplicates: int
    counted: int
    snapshot: str
    as_of: str
    refreshed_at: str


class MeasureOut(Schema):
    number: int
    direction: str
    title_kk: str
    title_en: str
    completion_form_kk: str
    completion_form_en: str
    deadline: str
    deadline_on: str
    recurring: bool
    responsible: list[str]
    status: Literal["done", "on_schedule", "at_risk", "late"]
    percent: int


class ReportIn(RequestSchema):
    year: Annotated[int, Strict(), Field(ge=2023, le=2027)]
    quarter: Annotated[int, Strict(), Field(ge=1, le=4)]
    body: text(60, min_length=1)
    status: Literal[tuple(Progress.values)]
    percent: Annotated[int, Strict(), Field(ge=0, le=100)]
    text: text(2000, min_length=1)
    evidence: text(500, min_length=1)


class ReportOut(Schema):
    id: int
    measure: int
    year: int
    quarter: int
    body: str
    status: str
    percent: int
    text: str
    evidence: str
