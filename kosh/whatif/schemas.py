"""Request and response shapes of the what-if API."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import Strict, StrictBool

from kosh.api.schemas import RequestSchema, iso_date
from kosh.rules.reforms import ParameterChange

from .forms import FIRST_DAY, LAST_DAY, POPULATIONS
from .instruments import WHATIF_PARAMETERS

IsoDate = iso_date()
ParameterPath = Literal[tuple(WHATIF_PARAMETERS)]  # type: ignore[valid-type]


class ChangeIn(RequestSchema):
    path: ParameterPath
    value: Annotated[float, Strict(), Field(ge=0, le=1e10, allow_inf_nan=False)] | StrictBool
    start: IsoDate = Field(ge=FIRST_DAY, le=LAST_DAY)

    def change(self) -> ParameterChange:
        value = self.value
        if not isinstance(value, bool) and float(value).is_integer():
            value = int(value)
        return ParameterChange(path=self.path, value=value, start=self.start)


class WhatIfIn(RequestSchema):
    changes: list[ChangeIn] = Field(min_length=1, max_length=4)
    on: IsoDate = Field(ge=FIRST_DAY, le=LAST_DAY)
    population: Literal[POPULATIONS] = 100_000  # type: ignore[valid-type]


class GroupOut(Schema):
    key: str
    label: str
    baseline: int
    reform: int
    gained: int


class ChangeOut(Schema):
    path: str
    label: str
    current: str
    new: str
    start: date


class WhatIfOut(Schema):
    instrument: str
    instrument_label: str
    changes: list[ChangeOut]
    on: date
    population: int
    baseline: int
    reform: int
    gained: int
    lost: int
    by_country: list[GroupOut]
    by_occupation: list[GroupOut]
    seconds: float
    rule_version: str


class ParameterOut(Schema):
    path: str
    label: str
    instrument: str
    instrument_label: str
    boolean: bool
    whole: bool
    low: float
    high: float | None
