"""Issued documents: frozen at issue, signed, verifiable without enumeration, revocable,
and every download audited."""

import hashlib
import io
import os
import re
from pathlib import Path

import pytest
import segno
from cases.conftest import docs, neo_nomad_data
from django.test import Client, override_settings
from pypdf import PdfReader

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.cases.demo import review_complete
from kosh.cases.issuing import case_decide, document_number
from kosh.cases.models import IssuedDocument
from kosh.cases.services import case_submit, case_transition
from kosh.cases.statuses import CaseStatus
from kosh.documents.models import FrozenDocument, Revocation
from kosh.documents.rendering import verification_url
from kosh.documents.selectors import NOT_FOUND, document_verify
from kosh.documents.services import document_revoke
from kosh.documents.signing import pdf_signature_check
from kosh.errors import DomainError

from .conftest import TOKEN

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')


def _born(issued: IssuedDocument) -> str:
    return issued.holder.birth_date.isoformat()


def _unknown_number() -> str:
    """A well-formed number (right check digit) that was never issued."""
    return document_number("B121", 2026, 999_999)


def test_a_name_corrected_after_issue_leaves_the_pdf_byte_identical(issued, api_as):
    frozen = issued.frozen
    first = bytes(frozen.pdf)
    assert hashlib.sha256(first).hexdigest() == frozen.sha256
    issued.holder.names.update(surname="KARIMOFF", given_name="AZIZBEK")
    type(issued.holder).objects.filter(pk=issued.holder_id).update(display_name="Каримофф Азизбек")
    later = api_as("applicant").get(f"/api/cases/documents/{issued.number}/pdf")
    assert later.status_code == 200 and later.content == first
    assert hashlib.sha256(later.content).hexdigest() == frozen.sha256


def test_the_pdf_has_both_languages_english_for_a_foreigner_and_the_passport(issued):
    pdf = bytes(issued.frozen.pdf)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    if path := os.environ.get("KOSH_TEST_PDF_OUT"):  # to look at the document
        Path(path).write_bytes(pdf)
    passport = issued.holder.documents.get(kind="foreign_passport")
    assert "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ" in text and "РЕСПУБЛИКА КАЗАХСТАН" in text
    assert "REPUBLIC OF KAZAKHSTAN" in text  # Aziz is a citizen of Uzbekistan
    assert passport.number in text and issued.number in text and "KARIMOV" in text


def test_the_signature_validates_and_fails_after_one_byte_is_changed(issued):
    pdf = bytes(issued.frozen.pdf)
    check = pdf_signature_check(pdf)
    assert check.valid and "Kosh demo" in check.signer
    for offset in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 100):
        changed = bytearray(pdf)
        changed[offset] ^= 0x01
        assert pdf_signature_check(bytes(changed)).status == "invalid"


def test_the_qr_code_carries_the_verification_url_with_the_token(issued):
    """No QR decoder is installed: the code's modules, read from the image in the PDF, must
    be those of the expected URL encoded again with segno."""
    image = PdfReader(io.BytesIO(bytes(issued.frozen.pdf))).pages[0].images[0].image
    expected = segno.make(verification_url("http://127.0.0.1:8000", issued.number, TOKEN),
                          error="m", micro=False)
    size = len(expected.matrix) + 4  # modules and a border of two on each side
    scale = image.width / size
    gray = image.convert("L")
    read = [tuple(int(gray.getpixel((int((x + 2.5) * scale), int((y + 2.5) * scale))) < 128)
                  for x in range(len(expected.matrix)))
            for y in range(len(expected.matrix))]
    assert read == [tuple(row) for row in expected.matrix]
    assert issued.frozen.token_digest == hashlib.sha256(TOKEN.encode()).hexdigest()


def test_a_wrong_birth_date_answers_exactly_like_an_unknown_number(issued, api_as):
    api = api_as("employer")
    wrong_date = api.get(f"/api/cases/documents/{issued.number}?birth_date=1990-01-01")
    unknown = api.get(f"/api/cases/documents/{_unknown_number()}?birth_date={_born(issued)}")
    assert wrong_date.status_code == unknown.status_code == 404
    assert wrong_date.json() == unknown.json()
    page = Client()
    answers = [page.post("/verify/", {"number": number, "birth_date": born})
               for number, born in ((issued.number, "1990-01-01"),
                                    (_unknown_number(), _born(issued)))]
    assert [a.status_code for a in answers] == [404, 404]
    bodies = [CSRF.sub("", a.content.decode()).replace(number, "N")
              for a, number in zip(answers, (issued.number, _unknown_number()), strict=True)]
    assert bodies[0] == bodies[1] and 'data-testid="verification-not-found"' in bodies[0]
    right = api.get(f"/api/cases/documents/{issued.number}?birth_date={_born(issued)}")
    assert right.status_code == 200
    assert right.json() | {"document": ""} == {
        "number": issued.number, "status": "not_yet_valid", "document": "",
        "holder": "K*** A***", "valid_from": issued.valid_from.isoformat(),
        "valid_to": issued.valid_to.isoformat(), "revoked_on": None, "signature": "valid",
    }
    assert _born(issued) not in right.content.decode()


def test_the_api_needs_a_birth_date_or_the_token(issued, api_as):
    response = api_as("employer").get(f"/api/cases/documents/{issued.number}")
    assert response.status_code == 422 and response.json()["field"] == "birth_date"


def test_the_qr_token_verifies_and_a_wrong_token_is_not_found(issued, api_as):
    client = Client()
    good = client.get(f"/verify/{issued.number}?t={TOKEN}")
    assert good.status_code == 200 and 'data-status="not_yet_valid"' in good.content.decode()
    assert "K*** A***" in good.content.decode() and _born(issued) not in good.content.decode()
    assert "no-store" in good["Cache-Control"]
    wrong = client.get(f"/verify/{issued.number}?t=guessed")
    assert wrong.status_code == 404 and "verification-not-found" in wrong.content.decode()
    api = api_as("employer")
    assert api.get(f"/api/cases/documents/{issued.number}?t={TOKEN}").status_code == 200
    assert api.get(f"/api/cases/documents/{issued.number}?t=guessed").status_code == 404


@override_settings(KOSH_VERIFY_ATTEMPTS=3)
def test_verification_is_rate_limited_per_client(issued, api_as):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert client.post("/verify/", {"number": _unknown_number(),
                                        "birth_date": "1990-01-01"}).status_code == 404
    blocked = client.post("/verify/", {"number": issued.number, "birth_date": _born(issued)})
    assert blocked.status_code == 429 and 'data-testid="error-429"' in blocked.content.decode()
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.get(f"/verify/{issued.number}?t={TOKEN}").status_code == 200
    api = api_as("employer")  # the test client's address, 127.0.0.1
    for _ in range(3):
        api.get(f"/api/cases/documents/{issued.number}?t={TOKEN}")
    refused = api.get(f"/api/cases/documents/{issued.number}?t={TOKEN}")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"


def test_revoked_shows_on_the_verification_page_at_once(issued, client_as):
    officer = client_as("embassy")
    asked = officer.post(f"/issued/{issued.number}/revoke/", {"reason": "Forged statement."})
    assert asked.status_code == 200 and 'data-testid="revoke-confirm"' in asked.content.decode()
    assert not Revocation.objects.filter(issued=issued).exists()  # not before confirming
    done = officer.post(f"/issued/{issued.number}/revoke/",
                        {"reason": "Forged statement.", "confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == f"/cases/{issued.case_id}/"
    page = Client().post("/verify/", {"number": issued.number, "birth_date": _born(issued)})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-status="revoked"' in text and "01.12.2026" in text
    event = AuditEvent.objects.get(object_type="issued_document", object_id=issued.number,
                                   action="update")
    assert event.after == {"revoked": True, "reason": "Forged statement."}
    assert event.person_id == issued.holder_id and event.actor_name == "embassy"
    case_page = officer.get(f"/cases/{issued.case_id}/")
    assert 'data-testid="document-revoked"' in case_page.content.decode()


def test_only_deciding_officers_revoke_with_a_reason_once(issued, actor_of, api_as):
    with pytest.raises(AccessDenied):
        document_revoke(actor=actor_of("applicant"), document=issued, reason="mine")
    with pytest.raises(IssuedDocument.DoesNotExist):  # labour officers do not see the case
        document_revoke(actor=actor_of("labour"), document=issued, reason="x")
    with pytest.raises(DomainError) as err:
        document_revoke(actor=actor_of("embassy"), document=issued, reason="  ")
    assert err.value.field == "reason"
    response = api_as("admin").post(f"/api/cases/documents/{issued.number}/revocation",
                                    {"reason": "Passport reported stolen."},
                                    content_type="application/json")
    assert response.status_code == 201 and response.json()["officer"] == "admin"
    again = api_as("embassy").post(f"/api/cases/documents/{issued.number}/revocation",
                                   {"reason": "twice"}, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "already_revoked"
    check = document_verify(actor=actor_of("embassy"), number=issued.number, token=TOKEN)
    assert check.status == "revoked" and str(check.revoked_on) == "2026-12-01"


@pytest.mark.parametrize("channel", ["console", "api"])
def test_a_pdf_download_writes_exactly_one_audit_event(issued, client_as, api_as, channel):
    before = AuditEvent.objects.count()
    if channel == "console":
        response = client_as("embassy").get(f"/cases/documents/{issued.number}.pdf")
    else:
        response = api_as("embassy").get(f"/api/cases/documents/{issued.number}/pdf")
    assert response.status_code == 200 and response.content == bytes(issued.frozen.pdf)
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.count() - before == 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditEvent.Action.DOWNLOAD and event.object_type == "issued_document"
    assert event.person_id == issued.holder_id and event.channel == channel
    assert event.purpose == f"case_processing: {issued.case.number}"


def test_the_holder_downloads_as_own_document(issued, client_as):
    response = client_as("applicant").get(f"/cases/documents/{issued.number}.pdf")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "download" and event.purpose == "own document"


def test_the_file_a_visitor_holds_is_checked_against_the_issued_one(issued):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = bytes(issued.frozen.pdf)
    same = Client().post("/verify/", {"number": issued.number, "birth_date": _born(issued),
                                      "pdf": SimpleUploadedFile("visa.pdf", pdf)})
    assert 'data-file="match"' in same.content.decode()
    changed = pdf.replace(b"/Producer", b"/Produced", 1)
    other = Client().post("/verify/", {"number": issued.number, "birth_date": _born(issued),
                                       "pdf": SimpleUploadedFile("visa.pdf", changed)})
    assert 'data-file="mismatch"' in other.content.decode()


def test_not_found_reveals_nothing(issued, actor_of):
    assert document_verify(actor=actor_of("auditor"), number=issued.number,
                           birth_date=issued.holder.birth_date.replace(year=1901)) == NOT_FOUND


@override_settings(KOSH_SIGNING_DEMO_KEYS=False, KOSH_SIGNING_KEY="", KOSH_SIGNING_CERT="")
def test_no_document_is_issued_without_a_signing_key(actor_of, user_of, aziz):
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=docs())
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor_of("embassy"))
    review_complete(case, user_of("embassy"))
    with pytest.raises(DomainError) as err:
        case_decide(case=case, actor=actor_of("embassy"), outcome="approved")
    assert err.value.code == "signing_key_missing"
    assert not IssuedDocument.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW


def test_a_document_without_its_frozen_file_is_not_rebuilt(issued, client_as, api_as):
    FrozenDocument.objects.filter(issued=issued).delete()
    assert client_as("applicant").get(f"/cases/documents/{issued.number}.pdf").status_code == 404
    assert api_as("applicant").get(f"/api/cases/documents/{issued.number}/pdf").status_code == 404
