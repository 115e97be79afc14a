"""Writes on issued documents: freezing (render, sign and store the PDF once, at issue) and
revocation (audited)."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.cases.models import Case, IssuedDocument
from kosh.cases.permissions import can_decide, case_filter
from kosh.errors import DomainError
from kosh.identity.models import Person

from .kinds import kind_get
from .models import DocumentSeries, FrozenDocument, Revocation, SubjectDocument
from .rendering import issued_pdf_render, subject_pdf_render, verification_url
from .signing import pdf_sign

REASON_MAX = 1000


def token_digest(token: str) -> str:
    """The stored form of a verification token (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def verification_token() -> str:
    """A fresh unguessable token for a document's QR code (192 bits)."""
    return secrets.token_urlsafe(24)


def document_freeze(*, issued: IssuedDocument) -> FrozenDocument:
    """Render the PDF of a document just issued, sign it with the issuing body's key and
    store it with its SHA-256 and the digest of a fresh verification token (printed only in
    the QR code). Called inside the issuing transaction: no key, no document."""
    token = verification_token()
    base = settings.KOSH_PUBLIC_URL.rstrip("/")
    pdf = issued_pdf_render(
        issued, verify_url=verification_url(base, issued.number, token),
        verify_page=base + reverse("documents:verify"),
    )
    signed, fingerprint = pdf_sign(pdf)
    return FrozenDocument.objects.create(
        issued=issued, pdf=signed, sha256=hashlib.sha256(signed).hexdigest(),
        token_digest=token_digest(token), signer_fingerprint=fingerprint,
    )


def _reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the revocation."),
                          field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError("reason_too_long", _("The reason is too long."), field="reason")
    return reason


def subject_number_next(*, kind: str, year: int) -> str:
    """The next number of ``kind``'s series for ``year`` (prefix, year, serial, Luhn digit:
    the shape of case documents' numbers). Locks the series row: numbers never repeat."""
    from kosh.cases.issuing import document_number  # issuing imports this module

    prefix = kind_get(kind).prefix
    DocumentSeries.objects.get_or_create(prefix=prefix, year=year)
    series = DocumentSeries.objects.select_for_update().get(prefix=prefix, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return document_number(prefix, year, series.last)


@transaction.atomic
def subject_document_issue(
    *, actor: Actor, kind: str, holder: Person, object_type: str, object_id: object,
    valid_from: date, valid_to: date, rows: list[tuple[Promise, object]] = (),
    number: str = "",
) -> SubjectDocument:
    """Issue a document outside a case: number it from the kind's series (or ``number``,
    taken from that series by the caller), render the PDF (kk/ru, en for a foreigner), sign
    it with the issuing body's key and store it frozen with its SHA-256 and the digest of
    the QR token. Audited as a creation under the kind's object type. The caller, which
    decided the issue, has checked its own rights; no key, no document."""
    spec = kind_get(kind)
    number = number or subject_number_next(kind=kind, year=valid_from.year)
    token = verification_token()
    base = settings.KOSH_PUBLIC_URL.rstrip("/")
    doc = SubjectDocument(kind=kind, number=number, holder=holder, object_type=object_type,
                          object_id=str(object_id), valid_from=valid_from, valid_to=valid_to,
                          token_digest=token_digest(token), issued_by_name=actor.username)
    pdf = subject_pdf_render(
        document=doc, title=spec.title, holder=holder, rows=list(rows),
        verify_url=verification_url(base, number, token),
        verify_page=base + reverse("documents:verify"))
    signed, fingerprint = pdf_sign(pdf)
    doc.pdf, doc.sha256, doc.signer_fingerprint = (
        signed, hashlib.sha256(signed).hexdigest(), fingerprint)
    doc.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                 object_type=spec.audit_object_type, object_id=number, person_id=holder.pk,
                 after={"kind": kind, "number": number, "sha256": doc.sha256,
                        "valid_to": valid_to.isoformat()})
    return doc


@transaction.atomic
def subject_document_revoke(*, actor: Actor, document: SubjectDocument,
                            reason: str) -> SubjectDocument:
    """Revoke a document issued outside a case, with a reason, if the kind's ``access``
    lets the actor. Revoking a revoked document is refused."""
    spec = kind_get(document.kind)
    spec.access(actor, document)
    reason = _reason_clean(reason)
    doc = SubjectDocument.objects.select_for_update().get(pk=document.pk)
    if doc.revoked_at is not None:
        raise DomainError("already_revoked", _("This document is already revoked."),
                          field="reason")
    doc.revoked_at, doc.revocation_reason, doc.revoked_by_name = (
        timezone.now(), reason, actor.username)
    doc.save(update_fields=["revoked_at", "revocation_reason", "revoked_by_name"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE,
                 object_type=spec.audit_object_type, object_id=doc.number,
                 person_id=doc.holder_id, before={"revoked": False},
                 after={"revoked": True, "reason": reason})
    document.revoked_at = doc.revoked_at
    return doc


@transaction.atomic
def document_revoke(*, actor: Actor, document: IssuedDocument, reason: str) -> Revocation:
    """Revoke an issued document, with a reason. Officers who may decide the document's
    instrument (for cases in their scope) and administrators may; the verification page
    reports it from the next request on."""
    issued = IssuedDocument.objects.select_for_update().select_related("case").get(
        pk=document.pk)
    if not Case.objects.filter(case_filter(actor), pk=issued.case_id).exists():
        raise IssuedDocument.DoesNotExist
    if not can_decide(actor, issued.case):
        raise AccessDenied(Capability.DECIDE_CASES)
    reason = _reason_clean(reason)
    if issued.revoked or Revocation.objects.filter(issued=issued).exists():
        raise DomainError("already_revoked", _("This document is already revoked."),
                          field="reason")
    revocation = Revocation.objects.create(issued=issued, reason=reason, officer=actor.user,
                                           officer_name=actor.username)
    IssuedDocument.objects.filter(pk=issued.pk).update(revoked=True)
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="issued_document",
                 object_id=issued.number, person_id=issued.holder_id,
                 purpose=f"case_processing: {issued.case.number}",
                 before={"revoked": False}, after={"revoked": True, "reason": reason})
    document.revoked = True
    return revocation
