"""Request and response schemas of ``/api/labour``."""

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StrictBool, StringConstraints

from kosh.api.schemas import BodyId, RequestSchema, iso_date, text

from .models import HouseholdPermit, StayStatus, WorkPermit

PermitCategory = Literal[tuple(WorkPermit.Category.values)]
PermitStatus = Literal[tuple(WorkPermit.Status.values)]
StayStatusValue = Literal[tuple(StayStatus.Status.values)]
RegionQuery = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Staff = Annotated[int, Field(ge=0, le=10_000_000)]
PermitDate = iso_date()


class StaffIn(RequestSchema):
    """The employer's staff by category group, of them Kazakh citizens."""

    cat12_total: Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
    cat12_citizens: Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
    cat34_total: Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
    cat34_citizens: Annotated[int, Field(strict=True, ge=0, le=10_000_000)]


class StaffOut(Schema):
    id: int
    employer_id: int
    declared_on: date
    cat12_total: int
    cat12_citizens: int
    cat34_total: int
    cat34_citizens: int


class PermitIn(RequestSchema):
    """A request for a permit to hire one foreign worker."""

    employer_id: BodyId
    category: PermitCategory
    worker_name: text(300, min_length=1)
    worker_citizenship: Alpha3
    valid_from: PermitDate
    valid_until: PermitDate
    worker_id: BodyId | None = None


class PermitDecisionIn(RequestSchema):
    grant: StrictBool
    reason: text(2000) = ""


class ReasonIn(RequestSchema):
    reason: text(2000, min_length=1)


class PermitOut(Schema):
    id: int
    employer_id: int
    employer_bin: str
    region: str
    category: PermitCategory
    worker_name: str
    worker_citizenship: str
    valid_from: date
    valid_until: date
    quota_year: int
    fee_mci: int
    fee_kzt: int
    status: PermitStatus
    reason: str
    worker_id: int | None
    document_number: str | None
    document_sha256: str | None


class PermitCriterionOut(Schema):
    """One criterion: how it is known (registry, declared, ledger, rules), met (null: not
    applicable), what was found in words, and a contradiction between the registry and the
    declaration with its resolution."""

    code: str
    label: str
    evidence: Literal["registry", "declared", "ledger", "rules"]
    met: bool | None
    found: str
    facts: dict
    contradiction: dict | None
    resolution: dict | None


class PermitDetailOut(PermitOut):
    criteria: list[PermitCriterionOut]
    frozen: bool
    unresolved: list[str]


class PermitResolutionIn(RequestSchema):
    criterion: Literal["worker_identity", "local_content", "ict_share"]
    explanation: text(2000, min_length=1)


class PermitResolutionOut(Schema):
    id: int
    permit_id: int
    criterion: str
    registry_value: str
    declared_value: str
    explanation: str
    resolved_by: str


class HouseholdIn(RequestSchema):
    """A household-worker permit: the worker, the household (a citizen), the first day,
    1–12 months, the work."""

    worker_id: BodyId
    household_id: BodyId
    issued_on: PermitDate
    months: Annotated[int, Field(strict=True, ge=1, le=12)]
    job: text(100, min_length=1)


class PaymentIn(RequestSchema):
    month: Annotated[int, Field(strict=True, ge=1, le=12)]
    paid_on: PermitDate


class HouseholdOut(Schema):
    id: int
    worker_id: int
    household_id: int
    region: str
    job: str
    issued_on: date
    months: int
    valid_until: date
    status: Literal[tuple(HouseholdPermit.Status.values)]
    months_paid: list[int]


class HouseholdPaymentOut(Schema):
    id: int
    permit_id: int
    month: int
    paid_on: date
    amount_kzt: int


class CoverageOut(Schema):
    day: date
    region: str
    permits: int
    paid: int
    monitored: int
    share: float


class StayOut(Schema):
    person_id: int
    citizenship: str
    region: str
    regime: str
    present: bool
    entry_on: date | None
    days_in_stay: int
    used_180: int
    limit_180: int
    per_entry: int
    permit_until: date | None
    allowed_until: date | None
    days_left: int
    overstay_days: int
    status: StayStatusValue
    sanction: str
    fine_mci: int | None
    entries_without_exit: int
    exits_without_entry: int
    notification_missed: bool | None
    registration_missed: bool | None


class OwnStayOut(Schema):
    person_id: int
    computed_on: date | None
    stay: StayOut | None
