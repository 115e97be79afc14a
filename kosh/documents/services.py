"""Writes on issued documents: freezing (render, sign and store the PDF once, at issue) and
revocation (audited)."""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.cases.models import Case, IssuedDocument
from kosh.cases.permissions import can_decide, case_filter
from kosh.errors import DomainError

from .models import FrozenDocument, Revocation
from .rendering import issued_pdf_render, verification_url
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
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the revocation."),
                          field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError("reason_too_long", _("The reason is too long."), field="reason")
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
