"""Submitting: the case, its evaluation, history and audit; idempotency; one open case per
instrument; refused forms and uploads change nothing."""

import threading

import pytest
from django.db import connection

from kosh.access.models import AuditEvent
from kosh.cases.models import Case, CaseEvent, CaseFile, RuleEvaluation
from kosh.cases.services import Upload, case_submit, upload_check
from kosh.errors import DomainError

from .conftest import docs, neo_nomad_data
from .files import JPEG, PDF, PNG, image


def _counts() -> tuple[int, ...]:
    return (Case.objects.count(), CaseEvent.objects.count(), CaseFile.objects.count(),
            RuleEvaluation.objects.count(), AuditEvent.objects.count())


def test_submission_records_case_evaluation_history_and_audit(actor_of, aziz):
    case, created = case_submit(actor=actor_of("applicant"), instrument="neo_nomad", uploads=docs(),
                                data=neo_nomad_data())
    assert created and case.applicant == aziz and case.status == "submitted"
    evaluation = case.evaluations.get()
    assert evaluation.eligible and evaluation.rule_version.startswith("kosh-rules-")
    assert "neo_nomad_eligible<" + case.assessed_on.isoformat() + ">" in evaluation.trace
    assert case.expected_decision_on > case.assessed_on
    assert case.events.get(kind="submitted").data["registered_by_officer"] is False
    assert sorted(case.files.values_list("kind", flat=True)) == sorted(u.kind for u in docs())
    audit = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk)).get()
    assert audit.action == "create" and audit.person_id == aziz.pk


def test_double_submission_with_the_same_key_creates_one_case(actor_of, aziz):
    actor = actor_of("applicant")
    first, created = case_submit(actor=actor, instrument="neo_nomad", uploads=docs(),
                                 data=neo_nomad_data(),
                                 idempotency_key="key-1")
    again, created_again = case_submit(actor=actor, instrument="neo_nomad", uploads=docs(),
                                       data=neo_nomad_data(), idempotency_key="key-1")
    assert created and not created_again and again.pk == first.pk
    assert Case.objects.filter(idempotency_key="key-1").count() == 1


def test_the_same_key_for_a_different_application_is_refused(actor_of, aziz):
    actor = actor_of("applicant")
    case_submit(actor=actor, instrument="neo_nomad", uploads=docs(), data=neo_nomad_data(),
                idempotency_key="key-2")
    with pytest.raises(DomainError) as err:
        case_submit(actor=actor, instrument="neo_nomad", uploads=docs(),
                    data=neo_nomad_data(income=9000),
                    idempotency_key="key-2")
    assert err.value.code == "idempotency_key_reused"


def test_a_second_open_application_for_the_same_instrument_is_refused(actor_of, submitted):
    with pytest.raises(DomainError) as err:
        case_submit(actor=actor_of("applicant"), instrument="neo_nomad", uploads=docs(),
                    data=neo_nomad_data())
    assert err.value.code == "open_case_taken" and err.value.field == "instrument"


def test_a_malformed_application_is_refused_at_its_field_and_changes_nothing(actor_of, aziz):
    before = _counts()
    bad = neo_nomad_data(employer_country="ZZZ")
    with pytest.raises(DomainError) as err:
        case_submit(actor=actor_of("applicant"), instrument="neo_nomad", uploads=docs(), data=bad)
    assert err.value.field == "employer_country"
    bad = neo_nomad_data(medical_insurance_until="2020-01-01")
    with pytest.raises(DomainError):
        case_submit(actor=actor_of("applicant"), instrument="neo_nomad", uploads=docs(), data=bad)
    assert _counts() == before


@pytest.mark.parametrize(("content", "code"), [
    (b"", "file_empty"),
    (b"MZ\x90\x00 not a document", "file_type"),
    (b"%PDF-" + b"0" * (10 * 1024 * 1024), "file_too_large"),
    (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>", "file_unreadable"),
    (PDF + b"<html><script>alert(1)</script></html>", "file_unreadable"),
    (b"%PDF-1.4\n%%EOF", "file_unreadable"),
    (PNG[:-30], "file_unreadable"),  # truncated
    (PNG[:60] + bytes([PNG[60] ^ 0xFF]) + PNG[61:], "file_unreadable"),  # checksum wrong
    (JPEG[: len(JPEG) // 2], "file_unreadable"),
    (b"\x89PNG\r\n\x1a\n<html></html>", "file_unreadable"),
    (image("GIF"), "file_type"),
])
def test_a_malformed_upload_is_refused_at_the_file_field(content, code):
    with pytest.raises(DomainError) as err:
        upload_check(kind="passport", name="passport.pdf", content=content)
    assert (err.value.code, err.value.field) == (code, "file")


@pytest.mark.parametrize(("content", "name", "content_type", "extension"), [
    (PDF, "scan.png", "application/pdf", ".pdf"),
    (PNG, "photo.pdf", "image/png", ".png"),
    (JPEG, "\u202egpj.exe", "image/jpeg", ".jpg"),
])
def test_a_file_that_parses_is_stored_under_a_generated_name_of_its_real_type(
    content, name, content_type, extension
):
    upload = upload_check(kind="passport", name=name, content=content)
    assert upload.content_type == content_type
    assert upload.name.startswith("passport-") and upload.name.endswith(extension)
    assert upload.name.isascii() and "/" not in upload.name
    assert upload_check(kind="passport", name=name, content=content).name != upload.name


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = image("PNG", (8000, 7000))  # 56 million pixels in a few hundred kilobytes
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DomainError) as err:
        upload_check(kind="passport", name="bomb.png", content=bomb)
    assert (err.value.code, err.value.field) == ("image_too_large", "file")


def test_an_upload_of_an_unknown_type_of_document_is_refused():
    with pytest.raises(DomainError) as err:
        upload_check(kind="selfie", name="a.pdf", content=PDF)
    assert err.value.field == "kind"


def test_files_sent_with_the_application_are_kept_with_history_and_audit(actor_of, aziz):
    upload = upload_check(kind="passport", name="../../etc/passport.pdf", content=PDF)
    assert upload.name.startswith("passport-") and upload.name.endswith(".pdf")
    assert upload == Upload("passport", upload.name, "application/pdf", PDF)
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=(upload, *docs(skip=("passport",))))
    stored = case.files.get(kind="passport")
    assert bytes(stored.content) == PDF and stored.size == len(PDF)
    assert case.events.filter(kind="document").exists()
    assert AuditEvent.objects.filter(object_type="case_document",
                                     object_id=str(stored.pk)).exists()


def test_an_officer_registers_a_paper_application_received_earlier(actor_of, aziz):
    from datetime import timedelta

    from django.utils import timezone

    received = timezone.localdate() - timedelta(days=20)
    data = neo_nomad_data()
    case, _ = case_submit(actor=actor_of("embassy"), instrument="neo_nomad", uploads=docs(),
                          data=data,
                          person_id=aziz.pk, received_on=received)
    assert case.assessed_on == received and case.submitted_by.username == "embassy"
    with pytest.raises(DomainError):
        case_submit(actor=actor_of("embassy"), instrument="investor_visa",
                    uploads=docs("investor_visa"), person_id=aziz.pk,
                    received_on=received - timedelta(days=400), data={})


def _in_thread(work):
    """Run ``work`` in a thread of its own, on a connection of its own (committed writes,
    outside the test's transaction)."""
    out: list = []

    def run() -> None:
        try:
            out.append(work())
        except Exception as err:  # returned to the caller, asserted there
            out.append(err)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


@pytest.mark.postgres
def test_concurrent_submissions_with_one_key_make_one_case(actor_of):
    actor = actor_of("applicant", channel="api")
    data = {"academic_role": "teacher", "host_institution": "KazNU",
            "has_host_institution_offer": True}

    def submit() -> int:
        return case_submit(actor=actor, instrument="teachers_scientists",
                           uploads=docs("teachers_scientists"), data=data,
                           idempotency_key="race")[0].pk

    runs = [_in_thread(submit) for _ in range(4)]
    for thread, _ in runs:
        thread.join()
    results = [out[0] for _, out in runs]

    def count_and_clean() -> int:
        cases = Case.objects.filter(idempotency_key="race")
        found = cases.count()
        cases.delete()  # the audit rows stay: the log is append-only
        return found

    thread, found = _in_thread(count_and_clean)
    thread.join()
    assert all(isinstance(r, int) for r in results) and len(set(results)) == 1
    assert found == [1]
