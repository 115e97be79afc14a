"""The issued document as a PDF (WeasyPrint): Kazakh and Russian columns, English as a third
for foreigners' documents, each column translated with ``translation.override``; the
holder's name as written in the passport, the passport number, validity, conditions, the
document number and a QR code with the verification address."""

from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML

from kosh.cases.models import IssuedDocument
from kosh.cases.registry import instrument_get
from kosh.identity.models import IdentityDocument, Person, PersonName

CITIZENS_OF = "KAZ"
PASSPORT_KINDS = (IdentityDocument.Kind.FOREIGN_PASSPORT, IdentityDocument.Kind.PASSPORT)

LABELS = {
    "state": _("Republic of Kazakhstan"),
    "holder": _("Holder (as in the passport)"),
    "birth_date": _("Date of birth"),
    "citizenship": _("Citizenship"),
    "passport": _("Passport"),
    "valid_from": _("Valid from"),
    "valid_to": _("Valid until"),
    "number": _("Document number"),
    "application": _("Application"),
    "conditions": _("Conditions"),
    "verify": _("Check this document: scan the code, or open the verification page and enter "
                "the document number and the holder's date of birth."),
    "signed": _("Signed electronically by the issuing body."),
}


@dataclass(frozen=True)
class Column:
    """The texts of the document in one language."""

    language: str
    title: str
    labels: dict[str, str]
    citizenship: str
    conditions: list[str]


def document_languages(holder: Person) -> list[str]:
    """Kazakh and Russian; English too when the holder is not a citizen of Kazakhstan."""
    return ["kk", "ru"] if holder.citizenship_id == CITIZENS_OF else ["kk", "ru", "en"]


def holder_passport(holder: Person) -> IdentityDocument | None:
    """The holder's passport: a valid one, the latest issued (foreign passport first)."""
    documents = holder.documents.filter(kind__in=PASSPORT_KINDS)
    return (documents.filter(status=IdentityDocument.Status.VALID).order_by(
        "-issued_on", "-pk").first() or documents.order_by("-issued_on", "-pk").first())


def passport_name(holder: Person, passport: IdentityDocument | None) -> str:
    """The holder's name as written in the passport: the name tied to that document (Latin
    first), else a Latin name, else the name as registered."""
    names = holder.names.order_by("-is_primary", "pk")
    latin = PersonName.Script.LATIN
    name = ((names.filter(document=passport, script=latin).first()
             or names.filter(document=passport).first()) if passport else None)
    name = name or names.filter(script=latin).first()
    return name.full.upper() if name else holder.display_name


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as a PNG data URI (error correction M)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=2)


def verification_url(base: str, number: str, token: str) -> str:
    """``<base>/verify/<number>?t=<token>``: the address the QR code carries."""
    return f"{base.rstrip('/')}{reverse('documents:verify-number', args=[number])}?t={token}"


def issued_pdf_render(issued: IssuedDocument, *, verify_url: str, verify_page: str) -> bytes:
    """Render the document once, for freezing: the bytes are stored and never rebuilt."""
    spec = instrument_get(issued.case.instrument)
    holder = issued.holder
    passport = holder_passport(holder)
    columns = []
    for language in document_languages(holder):
        with translation.override(language):
            columns.append(Column(
                language=language, title=str(spec.document_title),
                labels={key: str(label) for key, label in LABELS.items()},
                citizenship=(getattr(holder.citizenship, f"name_{language}")
                             if holder.citizenship else "—"),
                conditions=[str(spec.conditions[c]) for c in issued.conditions
                            if c in spec.conditions],
            ))
    html = render_to_string("documents/issued_document.html", {
        "doc": issued, "columns": columns, "holder": holder,
        "name": passport_name(holder, passport), "passport": passport,
        "qr": qr_data_uri(verify_url), "verify_page": verify_page,
    })
    return HTML(string=html).write_pdf()


@dataclass(frozen=True)
class Row:
    """One line of a document issued outside a case: its label in each language and the
    value (a translatable value is written in each language, joined by " / ")."""

    labels: list[tuple[str, str]]
    value: str


def subject_pdf_render(*, document: object, title: Promise, holder: Person,
                       rows: list[tuple[Promise, object]], verify_url: str,
                       verify_page: str) -> bytes:
    """Render a document issued outside a case once, for freezing: the title and the labels
    in Kazakh and Russian (and English for a foreigner), the holder as in the passport, the
    validity, the kind's own lines, the number and the QR code."""
    passport = holder_passport(holder)
    languages = document_languages(holder)
    columns = []
    for language in languages:
        with translation.override(language):
            columns.append(Column(
                language=language, title=str(title),
                labels={key: str(label) for key, label in LABELS.items()},
                citizenship=(getattr(holder.citizenship, f"name_{language}")
                             if holder.citizenship else "—"),
                conditions=[],
            ))
    lines = []
    for label, value in rows:
        labels = []
        values = []
        for language in languages:
            with translation.override(language):
                labels.append((language, str(label)))
                if isinstance(value, Promise):
                    values.append(str(value))
        lines.append(Row(labels=labels, value=" / ".join(dict.fromkeys(values))
                         if values else str(value)))
    html = render_to_string("documents/subject_document.html", {
        "doc": document, "columns": columns, "holder": holder, "rows": lines,
        "name": passport_name(holder, passport), "passport": passport,
        "qr": qr_data_uri(verify_url), "verify_page": verify_page,
    })
    return HTML(string=html).write_pdf()
