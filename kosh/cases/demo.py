"""Demo cases in every state, made through the services (so history, audit, evaluations
and issued documents are real). Called by ``kosh.synth.demo.demo_load``."""

import io
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from openfisca_core.periods import MONTH, period
from PIL import Image, ImageDraw

from kosh.access.policy import actor_for
from kosh.identity.models import Category, Person

from .evidence import case_evidence
from .issuing import case_decide
from .models import Case
from .registry import instrument_get
from .services import (
    Upload,
    case_documents_request,
    case_submit,
    case_transition,
    contradiction_resolve,
    criterion_confirm,
    upload_check,
)
from .statuses import CaseStatus, DocumentKind


def _incomes(day: date, amounts: list[float]) -> dict[str, str]:
    """Monthly incomes for the complete months before ``day``, oldest first."""
    first = period(f"{day:%Y-%m}")
    months = [str(first.offset(-k, MONTH)) for k in range(len(amounts), 0, -1)]
    return {m: f"{a:.2f}" for m, a in zip(months, amounts, strict=True)}


def _neo_nomad(day: date, amounts: list[float], employer: str = "DEU") -> dict:
    entry = day + timedelta(days=30)
    return {
        "work_arrangement": "foreign_employer", "employer_name": "Nordlicht Software GmbH",
        "employer_country": employer, "income_currency": "USD",
        "monthly_income": _incomes(day, amounts), "has_local_employment": False,
        "intended_entry_date": entry.isoformat(),
        "medical_insurance_from": entry.isoformat(),
        "medical_insurance_until": (entry + timedelta(days=400)).isoformat(),
        "criminal_record_clear": True, "tax_return_provided": True, "has_invitation": True,
    }


def sample_pdf(title: str) -> bytes:
    """A small valid one-page PDF that shows ``title`` (ASCII): a stand-in for a scan."""
    text = "".join(ch for ch in title if ch.isascii() and ch.isprintable())
    text = text.replace("\\", "").replace("(", "[").replace(")", "]")[:80]
    stream = f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def sample_png(title: str) -> bytes:
    """A small valid PNG with ``title`` written on it: a stand-in for a photographed page."""
    image = Image.new("RGB", (420, 120), "white")
    ImageDraw.Draw(image).text((12, 50), title[:60], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def sample_uploads(instrument: str, skip: tuple[str, ...] = ()) -> tuple[Upload, ...]:
    """One sample file per document the instrument requires or checks a criterion on (the
    passport as a PNG, the rest as PDFs), except the kinds in ``skip``."""
    uploads = []
    for kind in instrument_get(instrument).document_kinds():
        if kind in skip:
            continue
        if kind == DocumentKind.PASSPORT:
            content, name = sample_png(f"Passport (sample) - {instrument}"), f"{kind}.png"
        else:
            content, name = sample_pdf(f"{kind} (sample) - {instrument}"), f"{kind}.pdf"
        uploads.append(upload_check(kind=kind, name=name, content=content))
    return tuple(uploads)


RESOLUTIONS = {
    # what an officer writes, in the officers' working language
    "citizenship": "Проверены паспорт и консульский учёт: гражданство подтверждается.",
    "passport_valid": "Заявитель предъявил новый паспорт; реестр обновляется.",
    "no_local_employment": "Трудовой договор расторгнут, письмо работодателя приложено; "
                           "реестр исправляется.",
    "no_valid_document": "Прежний документ сдан и будет отозван при выдаче нового.",
}


def review_complete(case: Case, officer: AbstractBaseUser) -> Case:
    """What an officer does before approving (demo): confirm each document criterion on its
    file and record how each contradiction with the registry was resolved."""
    actor = actor_for(officer)
    for row in case_evidence(case):
        if row.unconfirmed and row.files:
            criterion_confirm(case=case, actor=actor, criterion=row.code,
                              file_id=row.files[-1].pk, note="Оригинал предъявлен.")
        if row.unresolved:
            contradiction_resolve(case=case, actor=actor, criterion=row.code,
                                  explanation=RESOLUTIONS.get(row.fact.check, "Проверено."))
    return case


def _first(category: str, citizenship: str) -> Person | None:
    return Person.objects.filter(categories__category=category,
                                 citizenship_id=citizenship).order_by("pk").first()


def _taken(case: Case, officer: AbstractBaseUser) -> Case:
    return case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor_for(officer))


def cases_demo_load(users: dict[str, AbstractBaseUser]) -> int:
    """Create the demo cases; returns how many. Needs the demo persons and logins."""
    today = timezone.localdate()
    applicant, embassy = actor_for(users["applicant"]), actor_for(users["embassy"])
    migration, admin = actor_for(users["migration"]), actor_for(users["admin"])
    aziz = Person.objects.get(account=users["applicant"])
    made = []

    # Aziz: a Neo Nomad visa approved (with its PDF), an investor visa waiting for papers.
    visa, _ = case_submit(actor=applicant, instrument="neo_nomad",
                          data=_neo_nomad(today, [3400, 3550, 3380, 3600, 3720, 3410]),
                          uploads=sample_uploads("neo_nomad"))
    review_complete(_taken(visa, users["embassy"]), users["embassy"])
    case_decide(case=visa, actor=embassy, outcome="approved")
    invest, _ = case_submit(
        actor=embassy, instrument="investor_visa", person_id=aziz.pk,
        received_on=today - timedelta(days=9),
        data={"investment_amount": "150000000", "investment_currency": "KZT",
              "investment_date": (today - timedelta(days=200)).isoformat(),
              "investment_in_kazakhstan": True, "recipient_name": "Kosh Demo Construction"},
        uploads=sample_uploads("investor_visa"))
    case_documents_request(case=_taken(invest, users["embassy"]), actor=embassy,
                           kinds=[DocumentKind.INVESTMENT_PROOF],
                           message="Please upload the bank confirmation of the transfer.")
    made += [visa, invest]

    if nomad := _first(Category.DIGITAL_NOMAD, "RUS"):  # EAEU citizen: refused
        case, _ = case_submit(actor=migration, instrument="neo_nomad", person_id=nomad.pk,
                              received_on=today - timedelta(days=3),
                              data=_neo_nomad(today - timedelta(days=3), [5200] * 6, "USA"),
                              uploads=sample_uploads("neo_nomad"))
        # registered by one officer, decided by another (four-eyes)
        case_decide(case=_taken(case, users["migration"]), actor=admin, outcome="refused",
                    reason_code="criteria_not_met",
                    reason="Граждане государств ЕАЭС въезжают без визы.")
        made.append(case)
    if investor := _first(Category.INVESTOR, "TUR"):  # waiting too long: overdue
        case, _ = case_submit(
            actor=migration, instrument="investor_visa", person_id=investor.pk,
            received_on=today - timedelta(days=16),
            data={"investment_amount": "420000", "investment_currency": "USD",
                  "investment_date": (today - timedelta(days=120)).isoformat(),
                  "investment_in_kazakhstan": True, "recipient_name": "Anatolia Foods KZ"},
            uploads=sample_uploads("investor_visa"))
        made.append(case)
    if kazakh := _first(Category.ATA_ZHOLY, "MNG"):  # decided by labour bodies
        case, _ = case_submit(
            actor=migration, instrument="ata_zholy", person_id=kazakh.pk,
            received_on=today - timedelta(days=2),
            data={"is_ethnic_kazakh": True, "ata_zholy_basis": "profession_demanded_list",
                  "profession": "oncologist",
                  "passport_expires_on": (today + timedelta(days=2000)).isoformat()},
            uploads=sample_uploads("ata_zholy"))
        made.append(_taken(case, users["labour"]))
    # the proposed instruments below run in their pilot mode (switched on by demo_load)
    if teacher := _first(Category.TEACHER_SCIENTIST, "IND"):
        case, _ = case_submit(
            actor=migration, instrument="teachers_scientists", person_id=teacher.pk,
            data={"academic_role": "researcher", "host_institution": "Nazarbayev University",
                  "has_host_institution_offer": True},
            uploads=sample_uploads("teachers_scientists"))
        made.append(case)
    if leaving := _first(Category.EMIGRANT_WORKER, "KAZ"):  # a citizen leaving for 120 days
        start = today + timedelta(days=14)
        case, _ = case_submit(
            actor=migration, instrument="repatriation_insurance", person_id=leaving.pk,
            data={"travel_direction": "departure_citizen", "stay_from": start.isoformat(),
                  "stay_until": (start + timedelta(days=119)).isoformat(),
                  "insurance_policy_number": "KZ-RI-2026-00417", "insurer_name": "Kosh Re",
                  "insurance_cover_from": start.isoformat(),
                  "insurance_cover_until": (start + timedelta(days=130)).isoformat()},
            uploads=sample_uploads("repatriation_insurance"))
        review_complete(_taken(case, users["migration"]), users["admin"])
        case_decide(case=case, actor=admin, outcome="approved")  # a second officer
        made.append(case)
    if worker := _first(Category.HOUSEHOLD_WORKER, "UZB"):  # due within two working days
        case, _ = case_submit(actor=embassy, instrument="neo_nomad", person_id=worker.pk,
                              received_on=today - timedelta(days=11),
                              data=_neo_nomad(today - timedelta(days=11),
                                              [3100, 2850, 3300, 3050, 3200, 3150]),
                              uploads=sample_uploads("neo_nomad"))
        made.append(case)
    return len(made)
