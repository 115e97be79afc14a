"""Request and response schemas of ``/api/forecast``."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, Strict

from kosh.api.schemas import RequestSchema

from .runs import BASE_YEARS, MAX_TRAJECTORIES
from .services import DEFAULT_SEED, MAX_HORIZON

#: A scenario's code (shipped or an analyst's; an unknown one is refused with 422).
ScenarioCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{2,39}$")]
BaseYear = Annotated[int, Strict(), Field(ge=BASE_YEARS[0], le=BASE_YEARS[-1])]
Horizon = Annotated[int, Strict(), Field(ge=1, le=MAX_HORIZON)]
Trajectories = Annotated[int, Strict(), Field(ge=10, le=MAX_TRAJECTORIES)]
Seed = Annotated[int, Strict(), Field(ge=0, le=2**62)]
YearQuery = Annotated[int, Field(ge=BASE_YEARS[0], le=BASE_YEARS[-1] + MAX_HORIZON)]


class ScenarioOut(Schema):
    code: str
    version: int
    title: dict[str, str]
    description: dict[str, str]
    levers: dict[str, float]
    builtin: bool
    author: str


class ForecastScenarioIn(RequestSchema):
    """An analyst's scenario to save as the next version of ``code``: a title, an optional
    description and levers (numbers within their bounds; missing ones keep the
    baseline's value)."""

    code: Annotated[str, Strict(), Field(max_length=40)]
    title: Annotated[str, Strict(), Field(max_length=120)]
    description: Annotated[str, Strict(), Field(max_length=2000)] = ""
    levers: dict[str, Annotated[float, Strict()]]


class RunIn(RequestSchema):
    """A forecast to compute: scenario, base year (1 January), horizon in years,
    trajectories and seed (the same request on the same inputs returns the stored run)."""

    scenario: ScenarioCode
    base_year: BaseYear
    horizon: Horizon
    trajectories: Trajectories = 200
    seed: Seed = DEFAULT_SEED


class ForecastIndicatorOut(Schema):
    number: int
    name: dict[str, str]
    unit: str
    target: float
    median: float
    low80: float
    high80: float
    probability: float


class ForecastRunOut(Schema):
    id: int
    scenario: str
    scenario_version: int
    levers: dict[str, float]
    base_year: int
    horizon: int
    trajectories: int
    seed: int
    inputs: dict[str, str]
    seconds: float
    created_at: datetime
    years: list[int]
    indicators: list[ForecastIndicatorOut]


class NationalOut(Schema):
    year: int
    median: float
    low80: float
    high80: float
    low95: float
    high95: float
    working: float
    working_low80: float
    working_high80: float


class ForecastRegionOut(Schema):
    kato: str
    name: str
    men: float
    women: float
    total: float
    working: float
    low80: float
    high80: float
    low95: float
    high95: float
    working_low80: float
    working_high80: float
    arrivals: float
    departures: float
    immigrants: float
    emigrants: float
    births: float
    deaths: float


class SupplyOut(Schema):
    kato: str
    working_age: float
