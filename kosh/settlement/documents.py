"""The economic mobility certificate as a frozen PDF (WeasyPrint, Kazakh and Russian
columns), signed with the issuing body's key (``kosh.documents.signing``) and stored with
its SHA-256 at issue: the bytes are never rebuilt. The kandas status decision, one per
member, issued through ``kosh.documents`` (numbered, signed, verifiable at /verify/)."""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML

from kosh.access.policy import Actor
from kosh.documents.kinds import DocumentKind, kind_register
from kosh.documents.models import SubjectDocument
from kosh.documents.selectors import subject_documents
from kosh.documents.services import subject_document_issue, subject_document_revoke
from kosh.documents.signing import pdf_sign

from .models import Certificate, CertificateFile, Family, KandasStatus, Member

LANGUAGES = ("kk", "ru")
LABELS = {
    "state": _("Republic of Kazakhstan"),
    "title": _("Economic mobility certificate"),
    "number": _("Document number"),
    "family": _("Members of the family"),
    "region": _("Settlement region"),
    "district": _("district of the new housing"),
    "cost": _("housing cost, KZT"),
    "amount": _("certificate, KZT"),
    "cap": _("cap, KZT"),
    "issued": _("issued on"),
    "use": _("For the purchase or construction of housing or a down payment on a mortgage; "
             "given once per family."),
    "signed": _("Signed electronically by the issuing body."),
}


def certificate_freeze(*, certificate: Certificate) -> CertificateFile:
    """Render, sign and store the certificate's PDF (inside the issuing transaction: no
    key, no certificate)."""
    family = certificate.family
    columns = []
    for language in LANGUAGES:
        with translation.override(language):
            columns.append({"language": language,
                            "labels": {k: str(v) for k, v in LABELS.items()},
                            "region": family.region.name if family.region else "—",
                            "district": certificate.district.name})
    html = render_to_string("settlement/certificate_pdf.html", {
        "cert": certificate, "columns": columns,
        "members": [m.person.display_name for m in family.members.select_related("person")],
    })
    signed, fingerprint = pdf_sign(HTML(string=html).write_pdf())
    return CertificateFile.objects.create(certificate=certificate, pdf=signed,
                                          sha256=hashlib.sha256(signed).hexdigest(),
                                          signer_fingerprint=fingerprint)


DECISION_KIND = "settlement_kandas_decision"
DECISION_OBJECT = "settlement_family"


def _family_in_scope(actor: Actor, document: SubjectDocument) -> None:
    from .selectors import family_scope

    if not family_scope(actor).filter(pk=int(document.object_id)).exists():
        raise SubjectDocument.DoesNotExist(document.number)


def decision_kind_register() -> None:
    """Register the kandas status decision with ``kosh.documents`` (from ``ready``)."""
    kind_register(DocumentKind(code=DECISION_KIND, prefix="KND",
                               title=_("Decision on kandas status"), access=_family_in_scope,
                               audit_object_type="settlement_decision"))


def decisions_issue(*, actor: Actor, family: Family, status: KandasStatus) -> list[SubjectDocument]:
    """The kandas status decision as a signed PDF, one per member of the family (each
    member holds the status and checks it with their own date of birth), valid from the
    grant to the status's end; the members' previous decisions are revoked as superseded."""
    previous = decisions_of(family=family)
    members = list(family.members.select_related("person", "person__citizenship"))
    head = next((m.person for m in members if m.relation == Member.Relation.HEAD),
                members[0].person)
    issued = []
    for member in members:
        rows = [(_("Relation to the head of the family"), member.get_relation_display()),
                (_("Head of the family"), head.display_name),
                (_("Settlement region"), family.region.name if family.region else "—"),
                (_("Granted on"), status.granted_on.strftime("%d.%m.%Y"))]
        issued.append(subject_document_issue(
            actor=actor, kind=DECISION_KIND, holder=member.person, object_type=DECISION_OBJECT,
            object_id=family.pk, valid_from=status.granted_on, valid_to=status.valid_until,
            rows=rows))
    for old in previous:
        if old.revoked_at is None:
            subject_document_revoke(actor=actor, document=old,
                                    reason=f"superseded by {issued[0].number}")
    return issued


def decisions_revoke(*, actor: Actor, family: Family, reason: str) -> None:
    """Revoke the family's valid decisions (the status ended)."""
    for doc in decisions_of(family=family):
        if doc.revoked_at is None:
            subject_document_revoke(actor=actor, document=doc, reason=reason)


def decisions_of(*, family: Family) -> list[SubjectDocument]:
    """The family's kandas status decisions, newest first."""
    return [d for d in subject_documents(object_type=DECISION_OBJECT, object_id=family.pk)
            if d.kind == DECISION_KIND]
