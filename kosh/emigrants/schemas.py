"""Request and response schemas of ``/api/emigrants``."""

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import StringConstraints

from kosh.api.schemas import BodyId, RequestSchema, iso_date, text

from .statuses import ComplaintKind, ComplaintStatus, LicenceStatus, WorkStatus

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Day = iso_date()
LicenceValue = Literal[tuple(LicenceStatus.values)]
ComplaintStatusValue = Literal[tuple(ComplaintStatus.values)]


class AgencyIn(RequestSchema):
    bin_number: text(32, min_length=1)
    name: text(300, min_length=1)


class ReasonsIn(RequestSchema):
    reasons: text(2000, min_length=1)


class AgencyOut(Schema):
    id: int
    bin: str
    name: str
    status: LicenceValue
    licence_number: str
    applied_on: date
    licensed_on: date | None
    licence_valid_to: date | None
    expired: bool
    revoked_on: date | None
    reason: str
    placements_open: int
    placements_total: int
    complaints_total: int
    open_placements_at_revocation: int | None


class WorkIn(RequestSchema):
    person_id: BodyId
    country: CountryCode
    city: text(100, min_length=1)
    employer_name: text(300, min_length=1)
    contract_from: Day
    contract_to: Day
    agency_id: BodyId | None = None
    insurance_policy: text(50) = ""
    insurer: text(200) = ""


class WorkOut(Schema):
    id: int
    person_id: int
    country: str
    city: str
    employer_name: str
    contract_from: date
    contract_to: date
    agency_id: int | None
    insurance_applies: bool
    insurance_policy: str
    insurer: str
    status: Literal[tuple(WorkStatus.values)]
    returned_on: date | None


class ComplaintIn(RequestSchema):
    """A complaint: a citizen for themselves; a relative names the citizen's IIN and
    their own name; an officer handling complaints names the person (``person_id``)."""

    country: CountryCode
    kind: Literal[tuple(ComplaintKind.values)]
    description: text(4000, min_length=1)
    city: text(100) = ""
    relative_iin: text(12) = ""
    relative_name: text(200) = ""
    person_id: BodyId | None = None
    work_id: BodyId | None = None


class MoveIn(RequestSchema):
    to: ComplaintStatusValue
    note: text(4000) = ""


class ComplaintEventOut(Schema):
    at: str
    status: str
    side: str
    note: str


class ComplaintOut(Schema):
    id: int
    person: str
    country: str
    city: str
    kind: str
    description: str
    relative_name: str
    agency: str
    status: ComplaintStatusValue
    filed_on: date
    mission_due: date
    ministry_due: date
    overdue_at_mission: bool
    overdue_at_ministry: bool
    outcome: str
    closed_on: date | None
    moves: list[str]
    history: list[ComplaintEventOut]
