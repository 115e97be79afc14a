"""The registry of persons: search, the record, corrections, sensitive history, import.

Each endpoint resolves the actor, calls one selector or service and returns a schema.
Every change first reads the record for ``data_correction`` through ``person_get``, so a
person outside the actor's scope is answered 404 for writes as for reads."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from kosh.access.policy import Actor, actor_for
from kosh.access.roles import Purpose
from kosh.errors import DomainError
from kosh.identity import search, selectors, services
from kosh.identity.importing import persons_import
from kosh.identity.models import Address, IdentityDocument, Person, PersonCategory, PersonName
from kosh.identity.permissions import sensitive_require

from .schemas import (
    AddressCreate,
    AddressOut,
    CategoryCreate,
    CategoryOut,
    DocumentCreate,
    DocumentOut,
    DocumentPatch,
    ErrorOut,
    ImportOut,
    Justification,
    NameCreate,
    NameOut,
    PersonCreate,
    PersonOut,
    PersonPatch,
    PersonSummary,
    PurposeValue,
    RecordId,
    SearchText,
    SensitiveOut,
)

router = Router(tags=["persons"])

WRITE_PURPOSE = Purpose.DATA_CORRECTION
IMPORT_MAX_BYTES = 20 * 1024 * 1024

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _person_for_change(actor: Actor, person_id: int) -> Person:
    return selectors.person_get(actor=actor, person_id=person_id, purpose=WRITE_PURPOSE)


@router.get("/persons", response={200: list[PersonSummary], **READ_ERRORS})
def person_search(
    request: HttpRequest,
    purpose: PurposeValue,
    q: SearchText,
    limit: int = Query(20, ge=1, le=100),
) -> list[Person]:
    """Find persons by IIN, document number, date of birth or name in any spelling."""
    return search.person_search(
        actor=_actor(request), query=q, limit=limit, purpose=purpose
    )


@router.post("/persons", response={201: PersonOut, **WRITE_ERRORS})
def person_create(request: HttpRequest, payload: PersonCreate) -> Status[Person]:
    """Register a person with a primary name."""
    person = services.person_create(
        actor=_actor(request), purpose=WRITE_PURPOSE, **payload.model_dump()
    )
    return Status(201, person)


@router.post("/persons/import", response={200: ImportOut, **WRITE_ERRORS})
def person_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> ImportOut:
    """Import persons from a CSV or XLSX file, one person a row. Every row is checked and
    nothing is written unless all rows are valid; a refused file is answered 422 with one
    entry per faulty row. ``dry_run`` checks without writing."""
    if file.size is not None and file.size > IMPORT_MAX_BYTES:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(mb)s MB.") % {"mb": IMPORT_MAX_BYTES // 2**20},
            field="file",
        )
    report = persons_import(
        actor=_actor(request), file=file, filename=file.name or "", dry_run=dry_run
    )
    if not report.ok:
        raise DomainError(
            "import_invalid",
            _("The file has errors; nothing was imported."),
            field="file",
            rows=[{"row": r.row, "field": r.field, "message": str(r.message)}
                  for r in report.rows],
        )
    return ImportOut(created=report.created, dry_run=dry_run)


@router.get("/persons/{person_id}", response={200: PersonOut, **READ_ERRORS})
def person_get(request: HttpRequest, person_id: RecordId, purpose: PurposeValue) -> Person:
    """The person's record; the read is audited with its purpose."""
    return selectors.person_get(actor=_actor(request), person_id=person_id, purpose=purpose)


@router.patch("/persons/{person_id}", response={200: PersonOut, **WRITE_ERRORS})
def person_update(request: HttpRequest, person_id: RecordId, payload: PersonPatch) -> Person:
    """Correct the IIN, date of birth or sex; the IIN must agree with the other two."""
    actor = _actor(request)
    person = _person_for_change(actor, person_id)
    return services.person_update(
        actor=actor, person=person, purpose=WRITE_PURPOSE, **payload.model_dump(exclude_unset=True)
    )


@router.get("/persons/{person_id}/sensitive", response={200: SensitiveOut, **READ_ERRORS})
def person_sensitive(
    request: HttpRequest,
    person_id: RecordId,
    purpose: PurposeValue,
    justification: Justification,
) -> dict:
    """Addresses over time and border crossings. The purpose and its justification (for
    example the case number) are recorded with the read."""
    actor = _actor(request)
    sensitive_require(actor)  # before the card's read, so a refusal reads nothing
    person = selectors.person_get(actor=actor, person_id=person_id, purpose=purpose)
    return selectors.person_sensitive_history(
        actor=actor, person=person, purpose=purpose, justification=justification
    )


@router.post("/persons/{person_id}/names", response={201: NameOut, **WRITE_ERRORS})
def name_add(
    request: HttpRequest, person_id: RecordId, payload: NameCreate
) -> Status[PersonName]:
    """Record a spelling of the name, optionally as written in one of the person's
    documents; a primary name becomes the display name."""
    actor = _actor(request)
    person = _person_for_change(actor, person_id)
    data = payload.model_dump()
    document_id = data.pop("document_id")
    document = None
    if document_id is not None:
        document = person.documents.filter(pk=document_id).first()
        if document is None:
            raise DomainError(
                "unknown_document", _("The person has no document with this id."),
                field="document_id",
            )
    name = services.name_add(
        actor=actor, person=person, document=document, purpose=WRITE_PURPOSE, **data
    )
    return Status(201, name)


@router.post("/persons/{person_id}/documents", response={201: DocumentOut, **WRITE_ERRORS})
def document_add(
    request: HttpRequest, person_id: RecordId, payload: DocumentCreate
) -> Status[IdentityDocument]:
    """Add an identity document; its number is normalised (no spaces, upper case)."""
    actor = _actor(request)
    person = _person_for_change(actor, person_id)
    document = services.document_add(
        actor=actor, person=person, purpose=WRITE_PURPOSE, **payload.model_dump()
    )
    return Status(201, document)


@router.patch("/documents/{document_id}", response={200: DocumentOut, **WRITE_ERRORS})
def document_update(
    request: HttpRequest, document_id: RecordId, payload: DocumentPatch
) -> IdentityDocument:
    """Correct a document's number, dates, issuer or status."""
    actor = _actor(request)
    document = selectors.document_get(actor=actor, document_id=document_id, purpose=WRITE_PURPOSE)
    return services.document_update(
        actor=actor, document=document, purpose=WRITE_PURPOSE,
        **payload.model_dump(exclude_unset=True),
    )


@router.post("/persons/{person_id}/addresses", response={201: AddressOut, **WRITE_ERRORS})
def address_add(
    request: HttpRequest, person_id: RecordId, payload: AddressCreate
) -> Status[Address]:
    """Register an address; a permanent registration in Kazakhstan moves the person's
    region (and so which akimat sees the person)."""
    actor = _actor(request)
    person = _person_for_change(actor, person_id)
    address = services.address_add(
        actor=actor, person=person, purpose=WRITE_PURPOSE, kind=payload.kind,
        valid_from=payload.valid_from, country=payload.country, region_id=payload.region,
        district_id=payload.district, settlement_id=payload.settlement, line=payload.line,
    )
    return Status(201, address)


@router.post("/persons/{person_id}/categories", response={201: CategoryOut, **WRITE_ERRORS})
def category_add(
    request: HttpRequest, person_id: RecordId, payload: CategoryCreate
) -> Status[PersonCategory]:
    """Record that the person holds a category from ``valid_from``."""
    actor = _actor(request)
    person = _person_for_change(actor, person_id)
    category = services.category_add(
        actor=actor, person=person, purpose=WRITE_PURPOSE, **payload.model_dump()
    )
    return Status(201, category)
