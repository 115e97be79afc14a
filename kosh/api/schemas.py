"""Request and response schemas of the API. Lengths and vocabularies follow the models, so
the schema itself refuses what the database could not hold.

Request bodies are read strictly (``RequestSchema``): a JSON object with only the fields
documented, each of its documented type. No value is coerced: ``0`` is not a date nor
``false``, ``"1"`` is not an id; a date is an ISO ``YYYY-MM-DD`` string within the bounds its
field allows. Whatever the schema forbids is answered 422."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db.models import TextChoices
from django.utils import timezone
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    Strict,
    StrictBool,
    StringConstraints,
    model_validator,
)

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose, Role
from kosh.identity.identifiers import ATTRIBUTES, ENTITY_TYPES
from kosh.identity.models import (
    PROTECTED_CATEGORIES,
    Address,
    BorderCrossing,
    Category,
    IdentityDocument,
    NameIndex,
    Person,
    PersonCategory,
    PersonName,
    Sex,
)
from kosh.identity.names import name_tokens

# No control characters (PostgreSQL cannot store NUL; none belongs in a name or a number).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
BIGINT_MAX = 2**63 - 1


def text(max_length: int, *, min_length: int = 0) -> Any:
    """A single-line string, stripped, of at most ``max_length`` characters."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=PRINTABLE
        ),
    ]


def choice(choices: type[TextChoices]) -> Any:
    """The values of a Django ``TextChoices`` as an inline ``Literal`` (enums of the same
    class name, such as ``Address.Kind`` and ``IdentityDocument.Kind``, would collide as
    named OpenAPI components)."""
    return Literal[tuple(choices.values)]


def _max(model: type, field: str) -> int:
    return model._meta.get_field(field).max_length


NAME_KEY_MAX = _max(NameIndex, "key")
FULL_NAME_MAX = _max(Person, "display_name")


def _name_words_fit(value: str) -> str:
    """Each word of a name must fit the search index once normalised (``ЩЩЩ…`` → ``SHCH…``)."""
    if any(len(key) > NAME_KEY_MAX for key in name_tokens(value)):
        raise ValueError("a word of the name is too long")
    return value


SexValue = choice(Sex)
CategoryValue = choice(Category)
PurposeValue = choice(Purpose)
DocumentKind = choice(IdentityDocument.Kind)
DocumentStatus = choice(IdentityDocument.Status)
AddressKind = choice(Address.Kind)
ScriptValue = choice(PersonName.Script)
AuditAction = choice(AuditEvent.Action)
AuditReason = choice(AuditEvent.Reason)
RoleValue = choice(Role)
CrossingDirection = choice(BorderCrossing.Direction)

# The dates the registry accepts: nobody living was born, and no document or address of a
# living person begins, before 1900; nothing is planned beyond 2100.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_text(value: Any) -> Any:
    """A date arrives as ``YYYY-MM-DD`` text, nothing else (pydantic would read the integer
    ``0`` as 1970-01-01 and accept other spellings)."""
    if not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        raise ValueError("a date is written as an ISO string, YYYY-MM-DD")
    return value


def _not_future(value: date) -> date:
    if value > timezone.localdate():
        raise ValueError("the date is in the future")
    return value


def iso_date(*, past: bool = False) -> Any:
    """A date sent as ``YYYY-MM-DD`` from 1900-01-01 to 2100-12-31 (with ``past``, not after
    today: a date of birth, a date of issue)."""
    checks = (AfterValidator(_not_future),) if past else ()
    return Annotated[
        date,
        BeforeValidator(_iso_text),
        Field(ge=EARLIEST, le=LATEST, json_schema_extra={
            "description": "YYYY-MM-DD, from 1900-01-01 to "
            + ("today" if past else "2100-12-31"),
        }),
        *checks,
    ]


RegistryDate = iso_date()
PastDate = iso_date(past=True)
# An id in a path or query (text on the wire) and in a JSON body (a JSON integer only).
RecordId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
BodyId = Annotated[int, Strict(), Field(ge=1, le=BIGINT_MAX)]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
Kato = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]

NameText = Annotated[text(_max(PersonName, "surname")), AfterValidator(_name_words_fit)]
RequiredName = Annotated[
    text(_max(PersonName, "surname"), min_length=1), AfterValidator(_name_words_fit)
]
IinText = text(_max(Person, "iin"))
DocumentNumber = text(_max(IdentityDocument, "number"), min_length=1)
IssuedBy = text(_max(IdentityDocument, "issued_by"))
AddressLine = text(_max(Address, "line"))
CategoryNote = text(_max(PersonCategory, "note"))
Username = text(_max(AuditEvent, "actor_name"))
SearchText = text(200, min_length=1)
PersonText = text(200)  # an IIN, a document number or a name, as typed in a search
# With the purpose in front it fits the audit event's purpose (300 characters).
Justification = text(_max(AuditEvent, "purpose") - 50, min_length=1)
IdentifierText = text(32)  # 12 digits and generous surrounding whitespace


class ErrorDetail(Schema):
    """One field (or import row) at fault."""

    row: int | None = None
    field: str = ""
    message: str


class ErrorOut(Schema):
    """Every refusal: a stable ``code``, a ``message`` in the request's language, the
    ``field`` at fault and, for imports and invalid requests, one entry per problem."""

    code: str
    message: str
    field: str = ""
    rows: list[ErrorDetail] = []


# ----- reference data ---------------------------------------------------------------------


class RegionOut(Schema):
    kato: str
    iso_3166_2: str
    kind: str
    name_kk: str
    name_ru: str
    name_en: str


class DistrictOut(Schema):
    id: int
    kato: str
    unit_type: str
    name_kk: str
    name_ru: str
    name_en: str


class SettlementOut(Schema):
    kato: str
    level: int
    name_ru: str


class CountryOut(Schema):
    alpha3: str
    alpha2: str
    numeric: str
    name_kk: str
    name_ru: str
    name_en: str


class RegionRef(Schema):
    kato: str
    name: str


class DistrictRef(Schema):
    id: int
    kato: str
    name: str


class SettlementRef(Schema):
    kato: str
    name: str = Field(alias="name_ru")


class CountryRef(Schema):
    alpha3: str
    name: str


# ----- persons: responses -----------------------------------------------------------------


class PersonSummary(Schema):
    """A search hit."""

    id: int
    iin: str | None
    display_name: str
    birth_date: date
    sex: SexValue
    region: RegionRef | None
    citizenship: CountryRef | None


class NameOut(Schema):
    id: int
    surname: str
    given_name: str
    patronymic: str
    script: ScriptValue
    document_id: int | None
    is_primary: bool


class DocumentOut(Schema):
    id: int
    person_id: int
    kind: DocumentKind
    number: str
    issuing_country: str = Field(alias="issuing_country_id")
    issued_on: date
    expires_on: date | None
    issued_by: str
    status: DocumentStatus


class CitizenshipOut(Schema):
    country: str = Field(alias="country_id")
    valid_from: date | None
    valid_to: date | None


class AddressOut(Schema):
    id: int
    kind: AddressKind
    country: CountryRef
    region: RegionRef | None
    district: DistrictRef | None
    settlement: SettlementRef | None
    line: str
    valid_from: date
    valid_to: date | None


class CategoryOut(Schema):
    id: int
    category: CategoryValue
    valid_from: date
    valid_to: date | None
    note: str


class PersonOut(PersonSummary):
    """The person's record: identity, names as written, documents, citizenships, the
    addresses valid today and categories."""

    names: list[NameOut]
    documents: list[DocumentOut]
    citizenships: list[CitizenshipOut]
    addresses: list[AddressOut]
    categories: list[CategoryOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_names(obj: Person) -> list[PersonName]:
        return list(obj.names.order_by("-is_primary", "pk"))

    @staticmethod
    def resolve_documents(obj: Person) -> list[IdentityDocument]:
        return list(obj.documents.order_by("pk"))

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[Any]:
        return list(obj.citizenships.order_by("pk"))

    @staticmethod
    def resolve_addresses(obj: Person) -> list[Address]:
        today = timezone.localdate()
        return [
            a
            for a in obj.addresses.select_related("country", "region", "district", "settlement")
            if a.valid_from <= today and (a.valid_to is None or a.valid_to >= today)
        ]

    @staticmethod
    def resolve_categories(obj: Person) -> list[Any]:
        """The categories ``person_get`` let the actor see; without them (a record just
        created) every category but the asylum facts."""
        visible = getattr(obj, "visible_categories", None)
        if visible is not None:
            return visible
        return list(obj.categories.exclude(category__in=PROTECTED_CATEGORIES)
                    .order_by("valid_from", "pk"))


class CrossingOut(Schema):
    at: datetime
    direction: CrossingDirection
    checkpoint: str
    country: CountryRef


class SensitiveOut(Schema):
    """Addresses over time (newest first) and border crossings (newest first)."""

    addresses: list[AddressOut]
    crossings: list[CrossingOut]


# ----- persons: requests ------------------------------------------------------------------


class RequestSchema(Schema):
    """A request body: a JSON object (not an array, not null) with no field the schema does
    not name."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, data: Any, handler: ModelWrapValidatorHandler) -> Any:
        """Replaces Ninja's, which reads any object's attributes (so ``[null, null]`` would
        pass as a body with every field left out)."""
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return handler(data)


def _full_name_fits(surname: str, given_name: str, patronymic: str) -> None:
    if len(" ".join(p for p in (surname, given_name, patronymic) if p)) > FULL_NAME_MAX:
        raise ValueError(f"the full name is longer than {FULL_NAME_MAX} characters")


class PersonCreate(RequestSchema):
    """A new person with the primary name; the script is detected from the spelling."""

    birth_date: PastDate
    sex: SexValue
    surname: RequiredName
    given_name: RequiredName
    patronymic: NameText = ""
    iin: IinText | None = None
    citizenship: Alpha3 | None = Field(None, description="ISO 3166-1 alpha-3 code")

    @model_validator(mode="after")
    def _name_fits(self) -> "PersonCreate":
        _full_name_fits(self.surname, self.given_name, self.patronymic)
        return self


class PersonPatch(RequestSchema):
    """Corrections of identity fields; only the fields sent change. ``iin`` null clears it."""

    iin: IinText | None = None
    birth_date: PastDate = Field(None)
    sex: SexValue = Field(None)


class NameCreate(RequestSchema):
    """A spelling of the name as written in one of the person's documents."""

    surname: RequiredName
    given_name: RequiredName
    patronymic: NameText = ""
    document_id: BodyId | None = None
    is_primary: StrictBool = False

    @model_validator(mode="after")
    def _name_fits(self) -> "NameCreate":
        _full_name_fits(self.surname, self.given_name, self.patronymic)
        return self


class DocumentCreate(RequestSchema):
    kind: DocumentKind
    number: DocumentNumber
    issuing_country: Alpha3
    issued_on: PastDate
    expires_on: RegistryDate | None = None
    issued_by: IssuedBy = ""


class DocumentPatch(RequestSchema):
    """Corrections of a document; only the fields sent change."""

    number: DocumentNumber = Field(None)
    issued_on: PastDate = Field(None)
    expires_on: RegistryDate | None = None
    issued_by: IssuedBy = Field(None)
    status: DocumentStatus = Field(None)


class AddressCreate(RequestSchema):
    """A new address; the open address of the same kind ends the day before ``valid_from``."""

    kind: AddressKind
    valid_from: RegistryDate
    country: Alpha3 = "KAZ"
    region: Kato | None = Field(None, description="KATO code of the region")
    district: BodyId | None = Field(None, description="id of the district")
    settlement: Kato | None = Field(None, description="KATO code of the settlement")
    line: AddressLine = ""


class CategoryCreate(RequestSchema):
    category: CategoryValue
    valid_from: RegistryDate
    note: CategoryNote = ""


# ----- identifiers ------------------------------------------------------------------------


class IinValid(Schema):
    valid: Literal[True] = True
    kind: Literal["iin"] = "iin"
    number: str
    birth_date: date
    sex: SexValue


class BinValid(Schema):
    valid: Literal[True] = True
    kind: Literal["bin"] = "bin"
    number: str
    registered: str = Field(description="year and month of registration, YYYY-MM")
    entity_type: Literal[tuple(ENTITY_TYPES.values())]
    attribute: Literal[tuple(ATTRIBUTES.values())]


class IdentifierInvalid(Schema):
    valid: Literal[False] = False
    code: str
    message: str


IdentifierCheck = IinValid | BinValid | IdentifierInvalid


# ----- audit ------------------------------------------------------------------------------


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor_name: str
    role: RoleValue | Literal[""]
    action: AuditAction
    object_type: str
    object_id: str
    person_id: int | None
    purpose: str
    channel: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: AuditReason | Literal[""]
    hash: str


class AuditPage(Schema):
    items: list[AuditEventOut]
    count: int
    page: int
    pages: int


# ----- import -----------------------------------------------------------------------------


class ImportOut(Schema):
    """An import that passed (a refused one is an ``ErrorOut`` with one entry per faulty
    row): ``created`` persons, or on a dry run how many would be created."""

    created: int
    dry_run: bool
