"""The person endpoints: the round trip an officer makes, refusals with field-level
messages, and the audit trail of every read and change made through the API."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kosh.access.models import AuditEvent
from kosh.identity.identifiers import iin_generate
from kosh.identity.models import Person

pytestmark = pytest.mark.django_db

BIRTH = date(1991, 3, 14)
NEW_PERSON = {
    "birth_date": BIRTH.isoformat(),
    "sex": "F",
    "surname": "Сейітова",
    "given_name": "Әсел",
    "patronymic": "Маратқызы",
    "iin": iin_generate(BIRTH, "F", 7001),
    "citizenship": "KAZ",
}


def _post(client: Client, url: str, data: dict, language: str = "en"):
    return client.post(url, data, content_type="application/json",
                       headers={"Accept-Language": language})


def _patch(client: Client, url: str, data: dict):
    return client.patch(url, data, content_type="application/json")


def test_officer_creates_reads_corrects_and_adds_a_document(api_as):
    api = api_as("migration")

    created = _post(api, "/api/persons", NEW_PERSON)
    assert created.status_code == 201, created.json()
    person_id = created.json()["id"]
    assert created.json()["display_name"] == "Сейітова Әсел Маратқызы"

    card = api.get(f"/api/persons/{person_id}", {"purpose": "identity_check"})
    assert card.status_code == 200
    assert card.json()["iin"] == NEW_PERSON["iin"]
    assert [n["surname"] for n in card.json()["names"]] == ["Сейітова"]
    assert card.json()["citizenships"] == [{"country": "KAZ", "valid_from": None,
                                             "valid_to": None}]

    corrected_birth = date(1991, 3, 15)
    new_iin = iin_generate(corrected_birth, "F", 7001)
    fixed = _patch(api, f"/api/persons/{person_id}",
                   {"birth_date": corrected_birth.isoformat(), "iin": new_iin})
    assert fixed.status_code == 200, fixed.json()
    assert (fixed.json()["birth_date"], fixed.json()["iin"]) == ("1991-03-15", new_iin)

    doc = _post(api, f"/api/persons/{person_id}/documents", {
        "kind": "id_card", "number": "04 712 3456", "issuing_country": "KAZ",
        "issued_on": "2020-05-01", "expires_on": "2030-04-30",
    })
    assert doc.status_code == 201, doc.json()
    assert doc.json()["number"] == "047123456"

    lost = _patch(api, f"/api/documents/{doc.json()['id']}", {"status": "lost"})
    assert lost.status_code == 200
    card = api.get(f"/api/persons/{person_id}", {"purpose": "identity_check"}).json()
    assert [(d["number"], d["status"]) for d in card["documents"]] == [("047123456", "lost")]


def test_every_read_and_change_is_audited_with_channel_api_and_purpose(api_as, aziz):
    api = api_as("migration")
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    person_id = _post(api, "/api/persons", NEW_PERSON).json()["id"]
    api.get(f"/api/persons/{person_id}", {"purpose": "case_processing"})
    _patch(api, f"/api/persons/{person_id}", {"sex": "F", "iin": None})
    _post(api, f"/api/persons/{person_id}/names",
           {"surname": "SEIITOVA", "given_name": "ASEL"})
    _post(api, f"/api/persons/{person_id}/categories",
          {"category": "resettler", "valid_from": "2024-01-01"})
    _post(api, f"/api/persons/{person_id}/addresses", {
        "kind": "permanent", "valid_from": "2024-02-01", "region": "110000000",
        "line": "Kokshetau, 5",
    })
    api.get(f"/api/persons/{aziz.pk}/sensitive",
            {"purpose": "official_inquiry", "justification": "inquiry 17/2025"})
    api.get("/api/persons", {"q": "Әсел", "purpose": "identity_check"})

    events = AuditEvent.objects.filter(actor_name="migration", id__gt=before)
    assert {(e.action, e.object_type) for e in events.filter(person_id=person_id)} == {
        ("create", "person"), ("read", "person"), ("update", "person"),
        ("create", "person_name"), ("create", "category"), ("create", "address"),
    }
    assert events.filter(action="read_sensitive", person_id=aziz.pk,
                         purpose="official_inquiry: inquiry 17/2025").exists()
    assert events.filter(action="search", purpose="identity_check").exists()
    assert set(events.values_list("channel", flat=True)) == {"api"}
    assert all(events.values_list("purpose", flat=True))


@pytest.mark.parametrize(
    ("iin", "code", "says"),
    [
        ("90010130081", "length", "12 digits"),
        ("910314400012", "checksum", "check digit"),
        ("900101700012", "century_sex", "Digit 7"),
    ],
)
def test_malformed_iin_is_refused_with_a_field_message_and_nothing_created(
    api_as, iin, code, says
):
    before = Person.objects.count()
    response = _post(api_as("migration"), "/api/persons", {**NEW_PERSON, "iin": iin})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, "iin")
    assert says in body["message"]
    assert Person.objects.count() == before


def test_garbage_is_refused_by_the_schema_field_by_field(api_as):
    before = Person.objects.count()
    response = _post(api_as("migration"), "/api/persons",
                     {**NEW_PERSON, "sex": "X", "birth_date": "31.02.1990", "surname": ""})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {r["field"] for r in body["rows"]} == {"sex", "birth_date", "surname"}
    assert Person.objects.count() == before


def test_duplicate_iin_is_a_conflict(api_as, zhanna):
    response = _post(api_as("migration"), "/api/persons", {
        **NEW_PERSON, "iin": zhanna.iin, "birth_date": "1990-01-01", "sex": "F",
    })
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("iin_taken", "iin")


def test_messages_follow_accept_language(api_as):
    api = api_as("migration")
    bad = {**NEW_PERSON, "iin": "910314400012"}
    messages = {
        language: _post(api, "/api/persons", bad, language).json()["message"]
        for language in ("en", "ru", "kk")
    }
    assert messages["en"] == "The check digit is 2; 3 was expected."
    assert len(set(messages.values())) == 3, messages


@pytest.mark.parametrize("header", ["Bearer kosh_not-a-token", "Token abc", ""])
def test_bad_or_missing_token_is_refused(zhanna, header):
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get(f"/api/persons/{zhanna.pk}", {"purpose": "identity_check"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert not AuditEvent.objects.filter(action="read", person_id=zhanna.pk,
                                         channel="api").exists()


def test_revoked_token_is_refused(api_as, user_of, zhanna):
    api = api_as("migration")
    user_of("migration").apitoken_set.update(revoked=True)
    assert api.get(f"/api/persons/{zhanna.pk}", {"purpose": "identity_check"}).status_code == 401


def test_sensitive_history_needs_the_capability_and_a_justification(api_as, aziz):
    params = {"purpose": "official_inquiry", "justification": "inquiry 17/2025"}
    history = api_as("migration").get(f"/api/persons/{aziz.pk}/sensitive", params)
    assert history.status_code == 200
    assert history.json()["crossings"] and history.json()["addresses"]
    assert api_as("employer").get(f"/api/persons/{aziz.pk}/sensitive", params).status_code == 403
    unjustified = api_as("migration").get(f"/api/persons/{aziz.pk}/sensitive",
                                          {**params, "justification": "  "})
    assert unjustified.status_code == 422


def test_changes_to_a_person_outside_scope_are_not_found(api_as, zhanna):
    response = _patch(api_as("embassy"), f"/api/persons/{zhanna.pk}", {"sex": "F"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    document = zhanna.documents.first()
    response = _patch(api_as("embassy"), f"/api/documents/{document.pk}", {"status": "lost"})
    assert response.status_code == 404


def test_name_refers_only_to_the_persons_own_documents(api_as, zhanna, aziz):
    response = _post(api_as("migration"), f"/api/persons/{zhanna.pk}/names", {
        "surname": "AKHMETOVA", "given_name": "ZHANNA",
        "document_id": aziz.documents.first().pk,
    })
    assert response.status_code == 422
    assert response.json()["field"] == "document_id"


IMPORT_CSV = (
    "surname,given_name,birth_date,sex,citizenship\n"
    "Нурланов,Ерболат,1985-04-12,M,KAZ\n"
    "Ким,Анна,21.11.1999,F,KAZ\n"
)


def _upload(client: Client, content: str, dry_run: bool):
    upload = SimpleUploadedFile("persons.csv", content.encode(), content_type="text/csv")
    return client.post("/api/persons/import", {"file": upload, "dry_run": dry_run},
                       headers={"Accept-Language": "en"})


def test_import_dry_run_reports_without_writing_and_real_run_writes(api_as):
    api = api_as("migration")
    before = Person.objects.count()
    checked = _upload(api, IMPORT_CSV, dry_run=True)
    assert checked.status_code == 200, checked.json()
    assert checked.json() == {"created": 2, "dry_run": True}
    assert Person.objects.count() == before

    imported = _upload(api, IMPORT_CSV, dry_run=False)
    assert imported.json() == {"created": 2, "dry_run": False}
    assert Person.objects.count() == before + 2
    assert AuditEvent.objects.filter(action="import", channel="api").exists()


def test_import_with_a_bad_row_is_refused_row_by_row_and_writes_nothing(api_as):
    before = Person.objects.count()
    response = _upload(api_as("migration"), IMPORT_CSV + "Ахмет,Ержан,1990-02-30,M,KAZ\n",
                       dry_run=False)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_invalid"
    assert [(r["row"], r["field"]) for r in body["rows"]] == [(4, "birth_date")]
    assert Person.objects.count() == before


def test_import_needs_the_import_capability(api_as):
    assert _upload(api_as("labour"), IMPORT_CSV, dry_run=True).status_code == 403
