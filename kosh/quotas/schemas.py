"""Request and response schemas of ``/api/quotas``."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict, StringConstraints

from kosh.api.schemas import RequestSchema, text

from .models import Kind, QuotaDraw, QuotaSet

KindValue = Literal[tuple(Kind.values)]
Year = Annotated[int, Strict(), Field(ge=2015, le=2100)]
YearQuery = Annotated[int, Field(ge=2015, le=2100)]  # a query parameter is text
RegionCode = Annotated[str, StringConstraints(pattern=r"^(\d{9})?$")]
CategoryCode = Annotated[str, StringConstraints(pattern=r"^([1-4]|seasonal|\d{1,2})?$")]


class BalanceOut(Schema):
    kind: KindValue
    kind_label: str
    category: str
    region: str
    region_name: str
    year: int
    version: int
    amount: int
    issued: int
    reserved: int
    remaining: int


class LineOut(Schema):
    category: str
    region: str
    amount: int
    basis: str


class QuotaSetOut(Schema):
    id: int
    year: int
    kind: KindValue
    version: int
    status: Literal[tuple(QuotaSet.Status.values)]
    effective_from: date
    source: str
    approved_by: str
    approved_at: datetime | None
    sha256: str
    lines: list[LineOut]


class ReserveIn(RequestSchema):
    """One place of a quota line for a holder (a permit, status or certificate number)."""

    kind: KindValue
    category: CategoryCode = ""
    region: RegionCode = ""
    year: Year
    holder_ref: text(100, min_length=1)


class LineIn(RequestSchema):
    """The places of one line of a draft (the line is added if the draft has none)."""

    category: CategoryCode = ""
    region: RegionCode = ""
    amount: Annotated[int, Strict(), Field(ge=0, le=10_000_000)]
    basis: text(1000) = ""


class ReleaseIn(RequestSchema):
    reason: text(300) = ""


class DrawOut(Schema):
    id: int
    kind: KindValue
    category: str
    region: str
    year: int
    holder_ref: str
    status: Literal[tuple(QuotaDraw.Status.values)]
    reserved_at: datetime
    expires_at: datetime
    issued_at: datetime | None
    released_at: datetime | None
