"""The protection certificates as signed PDFs (kosh.documents, outside a case): issued
with the certificate, downloaded from the unit's pages (one ``download`` event), verified at
/verify/ without revealing the asylum fact, revoked when superseded or the status ends."""

import io
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from kosh.access.models import AuditEvent
from kosh.documents.models import SubjectDocument
from kosh.documents.selectors import NOT_FOUND, document_verify
from kosh.documents.signing import pdf_signature_check
from kosh.protection import services

pytestmark = pytest.mark.django_db

TOKEN = "known-token-of-the-qr-code"
ON = "2026-03-07 10:00 +05:00"


@pytest.fixture(autouse=True)
def fixed(monkeypatch):
    tokens = iter([TOKEN, *(f"{TOKEN}-{n}" for n in range(2, 20))])
    monkeypatch.setattr("kosh.documents.services.verification_token", lambda: next(tokens))
    cache.clear()
    with time_machine.travel(ON, tick=False):
        yield
    cache.clear()


@pytest.fixture
def application(asylum_actor, arrival):
    return services.asylum_register(actor=asylum_actor, person=arrival, origin="AFG",
                                    arrival_date=date(2026, 3, 2),
                                    registered_on=date(2026, 3, 7))


def _doc(certificate) -> SubjectDocument:
    return SubjectDocument.objects.get(number=certificate.number)


def test_the_certificate_is_a_signed_pdf_under_its_number_in_kk_and_ru(application):
    cert = services.current_certificate(application)
    doc = _doc(cert)
    assert (doc.kind, doc.valid_from, doc.valid_to) == (
        "protection_asylum_seeker", cert.valid_from, cert.valid_to)
    assert cert.number.startswith("ASC-2026-") and len(doc.sha256) == 64
    pdf = bytes(doc.pdf)
    assert pdf_signature_check(pdf).status == "valid"
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert cert.number in text and "ZARGHUNA" in text.upper()
    assert "Свидетельство лица, ищущего убежище" in text  # the Russian column
    assert "Баспана іздеушінің куәлігі" in text  # the Kazakh column


def test_download_from_the_unit_page_writes_one_event_others_refused(
        application, client_as, embassy_afg):
    cert = services.current_certificate(application)
    url = f"/protection/certificates/{cert.number}/pdf/"
    page = client_as("asylum").get(f"/protection/applications/{application.pk}/")
    assert url in page.content.decode()
    before = AuditEvent.objects.filter(action="download").count()
    got = client_as("asylum").get(url)
    assert got.status_code == 200 and got.content == bytes(_doc(cert).pdf)
    events = AuditEvent.objects.filter(action="download").order_by("-pk")
    assert events.count() == before + 1
    assert events[0].object_type == "protection_document"
    assert events[0].person_id == application.person_id
    for other in ("embassy", "migration"):
        assert client_as(other).get(url).status_code == 403
    outsider = Client()
    outsider.force_login(embassy_afg)
    assert outsider.get(url).status_code == 403
    assert AuditEvent.objects.filter(action="download").count() == before + 1


def test_verification_shows_validity_only(application, arrival, embassy_afg_actor):
    cert = services.current_certificate(application)
    for answer in (document_verify(actor=embassy_afg_actor, number=cert.number,
                                   birth_date=arrival.birth_date),
                   document_verify(actor=embassy_afg_actor, number=cert.number, token=TOKEN)):
        assert answer.found and answer.status == "valid"
        assert (answer.document, answer.holder) == ("", "")
        assert (answer.valid_from, answer.valid_to) == (cert.valid_from, cert.valid_to)
        assert answer.signature == "valid"
    assert document_verify(actor=embassy_afg_actor, number=cert.number,
                           birth_date=date(1990, 4, 3)) == NOT_FOUND
    for page in (Client().get(f"/verify/{cert.number}?t={TOKEN}"),
                 Client().post("/verify/", {"number": cert.number,
                                            "birth_date": "02.04.1990"})):
        body = page.content.decode()
        assert page.status_code == 200, body[:300]
        lowered = body.lower()
        for hidden in ("zarghuna", "z***", "asylum", "убежищ", "баспана", "refugee",
                       "беженц", "protection", "protection_"):
            assert hidden not in lowered, hidden
    # the found check is audited under the unit's object type: off others' view
    event = AuditEvent.objects.filter(object_id=cert.number, action="read").latest("pk")
    assert event.object_type == "protection_document"


def test_superseded_and_ended_certificates_are_revoked(application, asylum_actor, arrival):
    first = services.current_certificate(application)
    with time_machine.travel("2026-06-10 10:00 +05:00", tick=False):
        renewed = services.asylum_certificate_extend(actor=asylum_actor,
                                                     application=application)
        assert _doc(first).revoked and not _doc(renewed).revoked
        assert document_verify(actor=asylum_actor, number=first.number,
                               token=TOKEN).status == "revoked"
        assert document_verify(actor=asylum_actor, number=first.number,
                               token=TOKEN).revoked_on is None  # no day: validity only
        services.asylum_interview(actor=asylum_actor, application=application,
                                  on=date(2026, 6, 10), note="heard in Dari with interpreter")
        services.asylum_decide(actor=asylum_actor, application=application, recognise=True,
                               on=date(2026, 6, 10))
    assert _doc(renewed).revoked  # the asylum-seeker status ended
    refugee = application.certificates.get(kind="refugee")
    assert _doc(refugee).kind == "protection_refugee" and not _doc(refugee).revoked


def test_a_refusal_revokes_the_seeker_certificate(application, asylum_actor):
    services.asylum_interview(actor=asylum_actor, application=application,
                              on=date(2026, 3, 7), note="heard in Dari with interpreter")
    services.asylum_decide(actor=asylum_actor, application=application, recognise=False,
                           ground="no_fear", reasons="no individual risk shown at all")
    assert _doc(services.current_certificate(application)).revoked


def test_the_stateless_certificate_is_signed_and_downloadable(asylum_actor, arrival,
                                                              client_as):
    record = services.stateless_identify(actor=asylum_actor, person=arrival,
                                         basis="no nationality confirmed by any state")
    cert = services.stateless_document(actor=asylum_actor, record=record)
    assert _doc(cert).kind == "protection_stateless"
    page = client_as("asylum").get("/protection/stateless/").content.decode()
    assert f"/protection/certificates/{cert.number}/pdf/" in page
    assert client_as("asylum").get(
        f"/protection/certificates/{cert.number}/pdf/").status_code == 200
