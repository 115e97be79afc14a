"""Reads of issued documents: verification by number and date of birth or by the QR code's
token (the same "not found" for every mismatch, so numbers cannot be enumerated), and the
frozen PDF for its holder or an officer (each download audited)."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor
from kosh.cases.models import IssuedDocument
from kosh.cases.permissions import is_own_case
from kosh.cases.registry import instrument_get
from kosh.cases.selectors import issued_get
from kosh.errors import DomainError

from .kinds import kind_get
from .models import FrozenDocument, Revocation, SubjectDocument
from .rendering import holder_passport, passport_name
from .services import token_digest
from .signing import pdf_signature_check


@dataclass(frozen=True)
class Verification:
    """What a verifier learns: nothing when not found; else the status, the document's
    title, the holder's masked name, the validity and the check of the stored file's
    signature (and of a file the verifier holds, when given)."""

    found: bool
    status: str = "not_found"  # valid, revoked, expired, not_yet_valid, not_found
    number: str = ""
    document: str = ""
    holder: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    revoked_on: date | None = None
    signature: str = ""  # valid, invalid, unsigned
    file: str = ""  # for a file the verifier holds: match (the issued one) or mismatch
    file_signature: str = ""


NOT_FOUND = Verification(found=False)


def number_clean(number: str) -> str:
    """A document number as typed → as stored (letters, digits and dashes, upper case)."""
    return "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch == "-"))[
        :30].upper()


def masked(name: str) -> str:
    """``KARIMOV AZIZ`` → ``K*** A***``: enough to match a passport, not to learn a name."""
    return " ".join(f"{word[0]}***" for word in name.split())


def _matches(frozen: FrozenDocument | None, birth_date: date | None, token: str) -> bool:
    if frozen is None:
        return False
    if token:
        return hmac.compare_digest(token_digest(token), frozen.token_digest)
    return birth_date is not None and frozen.issued.holder.birth_date == birth_date


def _status(issued: IssuedDocument, revocation: Revocation | None) -> str:
    today = timezone.localdate()
    if revocation is not None or issued.revoked:
        return "revoked"
    if today < issued.valid_from:
        return "not_yet_valid"
    return "expired" if today > issued.valid_to else "valid"


def document_verify(
    *, actor: Actor, number: str, birth_date: date | None = None, token: str = "",
    upload: bytes | None = None,
) -> Verification:
    """Verify a document from its number and the holder's date of birth, or from its number
    and the QR code's token. An unknown number, a wrong date and a wrong token all give
    ``NOT_FOUND``. Every check is audited. ``upload``: a PDF the verifier holds, compared
    with the issued file (hash and signature)."""
    number = number_clean(number)
    if not token and birth_date is None:
        raise DomainError("birth_date_required",
                          _("Enter the holder's date of birth."), field="birth_date")
    frozen = (FrozenDocument.objects.select_related("issued__holder", "issued__case")
              .filter(issued__number=number).first() if number else None)
    if frozen is None and number:
        subject = SubjectDocument.objects.select_related("holder").filter(
            number=number).first()
        if subject is not None:
            return _subject_verify(actor=actor, doc=subject, birth_date=birth_date,
                                   token=token, upload=upload)
    found = _matches(frozen, birth_date, token)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="issued_document",
                 object_id=number, person_id=frozen.issued.holder_id if found else None,
                 purpose="identity_check: document verification"
                 + ("" if found else " (not found)"),
                 actor_name="" if actor.user is not None else "anonymous")
    if not found:
        return NOT_FOUND
    issued = frozen.issued
    revocation = Revocation.objects.filter(issued=issued).first()
    stored = bytes(frozen.pdf)
    intact = hashlib.sha256(stored).hexdigest() == frozen.sha256
    signature = pdf_signature_check(stored).status if intact else "invalid"
    holder = issued.holder
    result = Verification(
        found=True, status=_status(issued, revocation), number=issued.number,
        document=str(instrument_get(issued.case.instrument).document_title),
        holder=masked(passport_name(holder, holder_passport(holder))),
        valid_from=issued.valid_from, valid_to=issued.valid_to,
        revoked_on=timezone.localdate(revocation.at) if revocation else None,
        signature=signature,
    )
    if upload is None:
        return result
    same = hmac.compare_digest(hashlib.sha256(upload).hexdigest(), frozen.sha256)
    return Verification(**{**result.__dict__, "file": "match" if same else "mismatch",
                           "file_signature": pdf_signature_check(upload).status})


def _subject_verify(*, actor: Actor, doc: SubjectDocument, birth_date: date | None,
                    token: str, upload: bytes | None) -> Verification:
    """``document_verify`` for a document issued outside a case. The same ``NOT_FOUND`` on
    a mismatch; a discreet kind (a protection certificate) answers with the status, the
    number and the validity only — no title, no holder, no issuing unit, no revocation
    day — and its audit event carries the kind's object type (kept off others' view)."""
    if token:
        found = hmac.compare_digest(token_digest(token), doc.token_digest)
    else:
        found = birth_date is not None and doc.holder.birth_date == birth_date
    spec = kind_get(doc.kind)
    audit_record(actor=actor, action=AuditEvent.Action.READ,
                 object_type=spec.audit_object_type if found else "issued_document",
                 object_id=doc.number, person_id=doc.holder_id if found else None,
                 purpose="identity_check: document verification"
                 + ("" if found else " (not found)"),
                 actor_name="" if actor.user is not None else "anonymous")
    if not found:
        return NOT_FOUND
    today = timezone.localdate()
    status = ("revoked" if doc.revoked_at else "not_yet_valid" if today < doc.valid_from
              else "expired" if today > doc.valid_to else "valid")
    stored = bytes(doc.pdf)
    intact = hashlib.sha256(stored).hexdigest() == doc.sha256
    result = Verification(
        found=True, status=status, number=doc.number,
        document="" if spec.discreet else str(spec.title),
        holder="" if spec.discreet else masked(passport_name(doc.holder,
                                                             holder_passport(doc.holder))),
        valid_from=doc.valid_from, valid_to=doc.valid_to,
        revoked_on=(timezone.localdate(doc.revoked_at)
                    if doc.revoked_at and not spec.discreet else None),
        signature=pdf_signature_check(stored).status if intact else "invalid",
    )
    if upload is None:
        return result
    same = hmac.compare_digest(hashlib.sha256(upload).hexdigest(), doc.sha256)
    return Verification(**{**result.__dict__, "file": "match" if same else "mismatch",
                           "file_signature": pdf_signature_check(upload).status})


def subject_document_download(*, actor: Actor, number: str, purpose: str) -> SubjectDocument:
    """The frozen PDF of a document issued outside a case, for whom its kind's ``access``
    lets (others: ``AccessDenied`` from the kind, or not found). One ``download`` event,
    under the kind's object type, with ``purpose``."""
    doc = SubjectDocument.objects.filter(number=number_clean(number)).first()
    if doc is None:
        raise SubjectDocument.DoesNotExist
    spec = kind_get(doc.kind)
    spec.access(actor, doc)
    audit_record(actor=actor, action=AuditEvent.Action.DOWNLOAD,
                 object_type=spec.audit_object_type, object_id=doc.number,
                 person_id=doc.holder_id, purpose=purpose)
    return doc


def subject_documents(*, object_type: str, object_id: object) -> list[SubjectDocument]:
    """The documents issued about one object, newest first (for the owner's pages, which
    have checked the reader's rights to that object); the PDF bytes are not loaded."""
    return list(SubjectDocument.objects.defer("pdf").select_related("holder").filter(
        object_type=object_type, object_id=str(object_id)))


def document_download(*, actor: Actor, number: str) -> FrozenDocument:
    """The frozen PDF of a document, for its holder or an officer of the case (others: not
    found). Each download is one audit event."""
    issued = issued_get(actor=actor, number=number)
    frozen = FrozenDocument.objects.filter(issued=issued).first()
    if frozen is None:  # issued before documents were frozen: never re-rendered from today's data
        raise IssuedDocument.DoesNotExist
    frozen.issued = issued
    own = is_own_case(actor, issued.case)
    audit_record(actor=actor, action=AuditEvent.Action.DOWNLOAD, object_type="issued_document",
                 object_id=issued.number, person_id=issued.holder_id,
                 purpose="own document" if own else f"case_processing: {issued.case.number}")
    return frozen
