"""Request and response schemas of ``/api/protection``."""

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import StrictBool, StringConstraints

from kosh.api.schemas import BodyId, RequestSchema, iso_date, text

from .statuses import AsylumStatus, CertificateKind, EndGround, RefusalGround, StatelessStatus

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
StatusValue = Literal[tuple(AsylumStatus.values)]
GroundValue = Literal[("", *RefusalGround.values)]
PastDay = iso_date(past=True)
Day = iso_date()
Reasons = text(2000)
Note = text(4000)


class ApplicationIn(RequestSchema):
    person_id: BodyId
    origin: CountryCode
    arrival_date: PastDay
    registered_on: PastDay | None = None
    late_reason: text(500) = ""


class InterviewIn(RequestSchema):
    on: PastDay
    note: Note = ""


class ProtectionExtensionIn(RequestSchema):
    until: Day
    reasons: Reasons


class AsylumDecisionIn(RequestSchema):
    recognise: StrictBool
    ground: GroundValue = ""
    reasons: Reasons = ""


class StatusEndIn(RequestSchema):
    """The end of a refugee's or a stateless person's status: ground, reasons, day
    (today when not given)."""

    ground: Literal[tuple(EndGround.values)]
    reasons: Reasons
    on: PastDay | None = None


class StatelessIn(RequestSchema):
    person_id: BodyId
    basis: text(500, min_length=1)


class ProtectionCertificateOut(Schema):
    number: str
    kind: Literal[tuple(CertificateKind.values)]
    valid_from: date
    valid_to: date
    replaces: str
    sha256: str
    in_force: bool


class ApplicationOut(Schema):
    id: int
    person_id: int
    person: str
    origin: str
    arrival_date: date
    registered_on: date
    late: bool
    late_reason: str
    status: StatusValue
    interview_due: date
    decision_due: date
    extension_reason: str
    interviewed_on: date | None
    decided_on: date | None
    refusal_ground: str
    refusal_reason: str
    appeal_until: date | None
    sla: str
    escalated: bool
    residence_applied_on: date | None
    residence_decision_due: date | None
    ended_on: date | None
    end_ground: str
    end_reason: str
    before_kosh: bool
    certificates: list[ProtectionCertificateOut]


class StatelessOut(Schema):
    id: int
    person_id: int
    person: str
    identified_on: date
    basis: str
    status: Literal[tuple(StatelessStatus.values)]
    residence_applied_on: date | None
    residence_decision_due: date | None
    ended_on: date | None
    end_ground: str
    end_reason: str
    before_kosh: bool


class HistoryOut(Schema):
    day: date
    code: str
    label: str
    detail: str


class CountsOut(Schema):
    """Applications by year and status; ``null`` is a count hidden (under the threshold,
    or one that would reveal such a count)."""

    statuses: list[str]
    years: list[int]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
