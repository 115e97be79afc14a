"""The applicant's pages: live pre-check, submission with files, refusals that change
nothing, following the case."""

from django.core.files.uploadedfile import SimpleUploadedFile

from kosh.cases.models import Case, CaseFile

from .test_instruments import ELIGIBLE

PDF = (  # one blank page
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def _post(**changes) -> dict:
    return ELIGIBLE["neo_nomad"][1] | {"idempotency_key": "form-1"} | changes


def test_the_precheck_shows_each_criterion(client_as):
    response = client_as("applicant").post("/cases/apply/neo_nomad/precheck/",
                                           _post(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="criterion-') == 7
    assert 'data-testid="criterion-neo_nomad_income" data-passed="true"' in html
    assert 'data-testid="criterion-neo_nomad_invitation" data-passed="false"' in html  # UZB


def test_submitting_the_form_twice_makes_one_case(client_as, db):
    client = client_as("applicant")
    before = Case.objects.count()
    first = client.post("/cases/apply/neo_nomad/", _post())
    second = client.post("/cases/apply/neo_nomad/", _post())
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
    assert case.files.get().kind == "passport"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="expected-date"' in page and case.number in page
    assert case.number in client.get("/cases/mine/").content.decode()
