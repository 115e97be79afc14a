"""The cases API: idempotent submission, field-level refusals, files, decisions, issued
documents (PDF, verification by number)."""


from kosh.cases.models import Case, CaseFile

from .conftest import docs, documents_json, neo_nomad_data
from .files import PDF


def _body(**changes) -> dict:
    return {"application": {"instrument": "neo_nomad", **neo_nomad_data(**changes)},
            "documents": documents_json()}


def test_double_submission_with_one_idempotency_key_creates_one_case(api_as, aziz):
    client = api_as("applicant")
    headers = {"Idempotency-Key": "portal-7f3a"}
    first = client.post("/api/cases", _body(), content_type="application/json", headers=headers)
    again = client.post("/api/cases", _body(), content_type="application/json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.filter(idempotency_key="portal-7f3a").count() == 1
    body = first.json()
    assert body["evaluation"]["eligible"] is True
    assert [c["passed"] for c in body["evaluation"]["criteria"]] == [True] * 10


def test_a_malformed_application_is_refused_with_its_field(api_as, aziz):
    before = Case.objects.count()
    response = api_as("applicant").post(
        "/api/cases", _body(intended_entry_date="not a date"), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "application.neo_nomad.intended_entry_date"
    response = api_as("applicant").post(
        "/api/cases", _body(employer_country="ZZZ"), content_type="application/json")
    assert response.status_code == 422 and "employer_country" in response.json()["field"]
    assert Case.objects.count() == before


def test_a_second_open_application_is_a_conflict(api_as, submitted):
    response = api_as("applicant").post("/api/cases", _body(), content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "open_case_taken"


def test_precheck_explains_each_criterion(api_as, aziz):
    body = {"application": _body(income=2850)["application"]}  # precheck takes no files
    response = api_as("applicant").post("/api/cases/precheck", body,
                                        content_type="application/json",
                                        headers={"Accept-Language": "en"})
    assert response.status_code == 200
    income = next(c for c in response.json()["criteria"] if c["code"] == "neo_nomad_income")
    assert not income["passed"]
    assert "2,850.00 USD" in income["explanation"] and "is below 3,000.00 USD" in (
        income["explanation"])


def test_files_are_checked_and_kept(api_as, submitted):
    client = api_as("applicant")
    url = f"/api/cases/{submitted.pk}/files"
    bad = client.post(url, {"kind": "passport", "file": _file(b"GIF89a")})
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    assert CaseFile.objects.filter(case=submitted).count() == len(docs())  # submitted
    good = client.post(url, {"kind": "passport", "file": _file(PDF)})
    assert good.status_code == 201 and good.json()["content_type"] == "application/pdf"
    download = client.get(f"{url}/{good.json()['id']}")
    assert download.content == PDF


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("passport.pdf", content)


def test_decide_then_download_and_verify_the_visa(api_as, ready):
    under_review = ready
    officer = api_as("embassy")
    decided = officer.post(f"/api/cases/{under_review.pk}/decision", {"outcome": "approved"},
                           content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    number = decided.json()["decision"]["document"]
    pdf = api_as("applicant").get(f"/api/cases/documents/{number}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    born = under_review.applicant.birth_date.isoformat()
    check = api_as("employer").get(f"/api/cases/documents/{number}?birth_date={born}")
    assert check.status_code == 200 and check.json()["status"] == "not_yet_valid"
    assert "birth_date" not in check.json()
    assert api_as("employer").get(f"/api/cases/documents/{number}/pdf").status_code == 404


def test_refusal_needs_a_reason_code(api_as, under_review):
    response = api_as("embassy").post(f"/api/cases/{under_review.pk}/decision",
                                      {"outcome": "refused"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "reason_code"


def test_transitions_through_the_api(api_as, submitted):
    take = api_as("embassy").post(f"/api/cases/{submitted.pk}/transitions",
                                  {"to": "under_review"}, content_type="application/json")
    assert take.status_code == 200
    illegal = api_as("embassy").post(f"/api/cases/{submitted.pk}/transitions",
                                     {"to": "submitted"}, content_type="application/json")
    assert illegal.status_code == 422 and illegal.json()["code"] == "illegal_transition"
    denied = api_as("applicant").post(f"/api/cases/{submitted.pk}/transitions",
                                      {"to": "approved"}, content_type="application/json")
    assert denied.status_code == 403


def test_instruments_are_listed(api_as):
    codes = {i["code"] for i in api_as("applicant").get("/api/cases/instruments").json()}
    assert codes == {"neo_nomad", "investor_visa", "demanded_professions",
                     "teachers_scientists", "ethnic_kazakh_skills", "ata_zholy",
                     "repatriation_insurance"}
