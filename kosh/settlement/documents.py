"""The economic mobility certificate as a frozen PDF (WeasyPrint, Kazakh and Russian
columns), signed with the issuing body's key (``kosh.documents.signing``) and stored with
its SHA-256 at issue: the bytes are never rebuilt."""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML

from kosh.documents.signing import pdf_sign

from .models import Certificate, CertificateFile

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
