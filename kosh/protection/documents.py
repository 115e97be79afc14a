"""The three protection certificates as signed PDFs through ``kosh.documents``: one
discreet kind per certificate (its verification answer shows validity only; its audit
events are ``protection_document``, kept off the view of everyone outside the unit)."""

from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor
from kosh.documents.kinds import DocumentKind, kind_register
from kosh.documents.models import SubjectDocument
from kosh.documents.services import subject_document_issue, subject_document_revoke
from kosh.documents.services import subject_number_next as number_next
from kosh.identity.permissions import asylum_require

from .models import ProtectionCertificate
from .statuses import CertificateKind

OBJECT_TYPE = "protection_certificate"
TITLES = {CertificateKind.ASYLUM_SEEKER: _("Asylum-seeker certificate"),
          CertificateKind.REFUGEE: _("Refugee certificate"),
          CertificateKind.STATELESS: _("Stateless person's certificate")}
PREFIX = {CertificateKind.ASYLUM_SEEKER: "ASC", CertificateKind.REFUGEE: "REF",
          CertificateKind.STATELESS: "SPC"}


def _unit_only(actor: Actor, document: SubjectDocument) -> None:
    asylum_require(actor)


def kind_code(kind: str) -> str:
    """The ``kosh.documents`` kind of a certificate kind."""
    return f"protection_{kind}"


def kinds_register() -> None:
    """Register the three certificate kinds (from ``ProtectionConfig.ready``)."""
    for kind, title in TITLES.items():
        kind_register(DocumentKind(code=kind_code(kind), prefix=PREFIX[kind], title=title,
                                   access=_unit_only, audit_object_type="protection_document",
                                   discreet=True))


def certificate_number(*, kind: str, year: int) -> str:
    """The next number of the certificate kind's series (shared with its PDF)."""
    return number_next(kind=kind_code(kind), year=year)


def certificate_pdf_issue(*, actor: Actor, certificate: ProtectionCertificate) -> SubjectDocument:
    """Render, sign and freeze the certificate's PDF under the certificate's number."""
    rows = [(_("Replaces"), certificate.replaces.number)] if certificate.replaces else []
    return subject_document_issue(
        actor=actor, kind=kind_code(certificate.kind), holder=certificate.person,
        object_type=OBJECT_TYPE, object_id=certificate.pk, valid_from=certificate.valid_from,
        valid_to=certificate.valid_to, rows=rows, number=certificate.number)


def certificate_pdf_revoke(*, actor: Actor, certificate: ProtectionCertificate,
                           reason: str) -> None:
    """Revoke the certificate's PDF (superseded, or the status ended); nothing when it has
    none (issued before certificates were signed) or it is already revoked."""
    doc = SubjectDocument.objects.defer("pdf").filter(
        number=certificate.number, revoked_at__isnull=True).first()
    if doc is not None:
        subject_document_revoke(actor=actor, document=doc, reason=reason)
