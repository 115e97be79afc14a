"""The applicant's pages: live pre-check, submission with files, refusals that change
nothing, following the case."""

from django.core.files.uploadedfile import SimpleUploadedFile
from languages.clients import in_language

from kosh.cases.demo import sample_pdf, sample_uploads
from kosh.cases.models import Case, CaseFile

from .test_instruments import ELIGIBLE

PDF = sample_pdf("Passport")  # a PDF that opens


def _files(skip: tuple[str, ...] = ()) -> dict:
    """A sample file in every document field of the Neo Nomad form (but ``skip``)."""
    return {f"file_{u.kind}": SimpleUploadedFile(u.name, u.content)
            for u in sample_uploads("neo_nomad", skip)}


def _post(**changes) -> dict:
    return ELIGIBLE["neo_nomad"][1] | {"idempotency_key": "form-1"} | _files() | changes


def test_the_precheck_shows_each_criterion(client_as):
    response = client_as("applicant").post("/cases/apply/neo_nomad/precheck/",
                                           _post(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="criterion-') == 10
    assert 'data-testid="criterion-neo_nomad_income" data-passed="true"' in html
    assert 'data-testid="criterion-neo_nomad_invitation" data-passed="false"' in html  # UZB


def test_the_precheck_names_a_missing_date_by_its_label(client_as):
    post = _post()
    del post["intended_entry_date"]
    response = in_language(client_as("applicant"), "en").post(
        "/cases/apply/neo_nomad/precheck/", post, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Day you plan to enter Kazakhstan: a date is required." in html
    assert "intended_entry_date" not in html


def test_submitting_the_form_twice_makes_one_case(client_as, db):
    client = client_as("applicant")
    before = Case.objects.count()
    first = client.post("/cases/apply/neo_nomad/", _post())
    second = client.post("/cases/apply/neo_nomad/", _post())  # the files sent again
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == before + 1


def test_a_malformed_upload_is_refused_at_its_field_and_nothing_is_created(client_as, db):
    before = (Case.objects.count(), CaseFile.objects.count())
    bad = SimpleUploadedFile("passport.pdf", b"<html>not a pdf</html>")
    response = client_as("applicant").post("/cases/apply/neo_nomad/",
                                           _post(file_passport=bad))
    assert response.status_code == 400
    assert 'data-testid="error-file_passport"' in response.content.decode()
    assert (Case.objects.count(), CaseFile.objects.count()) == before


def test_a_malformed_form_is_refused_at_its_field_and_nothing_is_created(client_as, db):
    before = Case.objects.count()
    response = client_as("applicant").post("/cases/apply/neo_nomad/",
                                           _post(intended_entry_date="31.02.2027"))
    assert response.status_code == 400
    assert 'data-testid="error-intended_entry_date"' in response.content.decode()
    assert Case.objects.count() == before


def test_submission_with_a_file_then_the_case_page(client_as, db):
    client = client_as("applicant")
    good = SimpleUploadedFile("passport.pdf", PDF)
    response = client.post("/cases/apply/neo_nomad/", _post(file_passport=good,
                                                             idempotency_key="form-2"))
    case = Case.objects.get(idempotency_key="form-2")
    assert response["Location"] == f"/cases/{case.pk}/"
    assert bytes(case.files.get(kind="passport").content) == PDF
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="expected-date"' in page and case.number in page
    assert case.number in client.get("/cases/mine/").content.decode()


def test_a_missing_document_is_named_by_the_precheck_and_refused_at_submission(client_as, db):
    client = client_as("applicant")
    post = _post(idempotency_key="form-3")
    del post["file_bank_statement"]
    check = in_language(client, "en").post("/cases/apply/neo_nomad/precheck/", post,
                                           HTTP_HX_REQUEST="true")
    assert 'data-testid="missing-bank_statement"' in check.content.decode()
    before = Case.objects.count()
    response = client.post("/cases/apply/neo_nomad/", _post(idempotency_key="form-3")
                           | {"file_bank_statement": ""})
    assert response.status_code == 400
    assert 'data-testid="error-file_bank_statement"' in response.content.decode()
    assert Case.objects.count() == before
