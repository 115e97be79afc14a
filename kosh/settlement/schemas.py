"""Request and response schemas of ``/api/settlement``."""

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict, StrictBool, StringConstraints

from kosh.api.schemas import BodyId, PastDate, RegistryDate, RequestSchema, SexValue, text

from .models import Member, Programme, Stage, Support

Kato = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
OptionalKato = Annotated[str, StringConstraints(pattern=r"^(\d{9})?$")]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^([A-Z]{3})?$")]
Months = Annotated[int, Strict(), Field(ge=1, le=120)]
RentMci = Annotated[int, Strict(), Field(ge=0, le=1000)]


class MemberBody(RequestSchema):
    """A member: an existing person (``person_id``) or a new one with the name as written
    in the foreign document."""

    relation: Literal[tuple(Member.Relation.values)]
    person_id: BodyId | None = None
    surname: text(100) = ""
    given_name: text(100) = ""
    patronymic: text(100) = ""
    birth_date: PastDate | None = None
    sex: SexValue | None = None


class OneWindowIn(RequestSchema):
    members: list[MemberBody] = Field(min_length=1, max_length=20)
    ethnic_kazakh: StrictBool
    was_kz_citizen: StrictBool = False
    region: OptionalKato = Field("", description="KATO of the region asked for; empty: "
                                 "the settlement region with most places")
    mission_country: Alpha3 = Field("", description="ISO alpha-3 of the mission's country "
                                    "(an embassy officer's own mission is used)")
    applied_on: PastDate | None = None


class ResettlersIn(RequestSchema):
    members: list[MemberBody] = Field(min_length=1, max_length=20)
    origin_district: BodyId
    region: Kato
    moved_on: PastDate | None = None


class DayIn(RequestSchema):
    on: RegistryDate | None = None


class SupportIn(RequestSchema):
    kind: Literal[tuple(Support.Kind.values)]
    on: RegistryDate | None = None


class SettlementExtensionIn(RequestSchema):
    months: Months
    on: RegistryDate | None = None


class TermsIn(RequestSchema):
    rent_mci: RentMci
    priority_sectors: text(500) = ""
    valid_from: RegistryDate | None = None


class JobIn(RequestSchema):
    employer_bin: Annotated[str, StringConstraints(pattern=r"^\d{12}$")]
    person_id: BodyId
    on: RegistryDate | None = None


class CertificateIn(RequestSchema):
    district: BodyId
    on: RegistryDate | None = None


class ReturnIn(RequestSchema):
    reason: text(300) = ""
    on: RegistryDate | None = None


class MemberOut(Schema):
    person_id: int
    name: str
    relation: str


class StatusOut(Schema):
    due_on: date
    granted_on: date
    valid_until: date
    extended_months: int
    ended_on: date | None
    relocation_kzt: int
    rent_mci: int
    rent_monthly_kzt: int


class SettlementPaymentOut(Schema):
    id: int
    due_on: date
    amount_kzt: int
    status: str
    paid_on: date | None


class SupportOut(Schema):
    id: int
    kind: str
    granted_on: date
    total_kzt: int
    mci: int
    payments: list[SettlementPaymentOut]


class SettlementCertificateOut(Schema):
    id: int
    status: str
    district: int
    price_m2_kzt: int
    housing_cost_kzt: int
    amount_kzt: int
    cap_kzt: int
    issued_on: date
    returned_on: date | None


class FamilyOut(Schema):
    id: int
    programme: Literal[tuple(Programme.values)]
    stage: Literal[tuple(Stage.values)]
    region: str | None
    quota_year: int | None
    mission_country: str | None
    applied_on: date
    visa_issued_on: date | None
    arrived_on: date | None
    citizenship_on: date | None
    departed_on: date | None
    refusal: str
    members: list[MemberOut]
    status: StatusOut | None
    supports: list[SupportOut]
    certificate: SettlementCertificateOut | None


class OneWindowOut(Schema):
    family: FamilyOut
    eligible: bool
    places_left: int
    relocation_kzt: int
    rent_monthly_kzt: int
    certificate_cap_kzt: int
    priority_sectors: str
    rule_version: str


class TermsOut(Schema):
    region: str
    valid_from: date
    rent_mci: int
    priority_sectors: str


class JobOut(Schema):
    id: int
    family: int
    person_id: int
    employer_bin: str
    confirmed_on: date
