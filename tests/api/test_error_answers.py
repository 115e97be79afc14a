"""Every bad request is refused with 422 (or 404/405) in the documented error shape
``{code, message, field, rows}`` and changes nothing."""

import json

import pytest

from kosh.access.models import AuditEvent
from kosh.identity.models import Person, PersonCategory

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "field", "rows"}


def _json(api, method: str, url: str, body: str | bytes):
    return getattr(api, method)(url, body, content_type="application/json",
                                headers={"Accept-Language": "en"})


def _refused(response, status: int = 422) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    return body


def test_a_body_that_is_not_an_object_is_refused_and_changes_nothing(api_as, zhanna):
    before = Person.objects.get(pk=zhanna.pk).updated_at
    updates = AuditEvent.objects.filter(action="update").count()
    for body in ("[null, null]", "null", "[]", '"iin"'):
        refusal = _refused(_json(api_as("migration"), "patch", f"/api/persons/{zhanna.pk}",
                                 body))
        assert refusal["code"] == "invalid"
    assert Person.objects.get(pk=zhanna.pk).updated_at == before
    assert AuditEvent.objects.filter(action="update").count() == updates


@pytest.mark.parametrize("valid_from", [0, 20250101, "01.09.2025", "2025-9-1", True,
                                        "1899-12-31", "2101-01-01", None])
def test_a_date_is_an_iso_string_within_its_bounds(api_as, aziz, valid_from):
    before = PersonCategory.objects.count()
    payload = json.dumps({"category": "student", "valid_from": valid_from})
    body = _refused(_json(api_as("migration"), "post", f"/api/persons/{aziz.pk}/categories",
                          payload))
    assert (body["code"], body["field"]) == ("invalid", "valid_from")
    assert PersonCategory.objects.count() == before


def test_a_birth_date_in_the_future_is_refused_at_the_field(api_as):
    body = _refused(_json(api_as("migration"), "post", "/api/persons",
                          '{"birth_date": "2099-01-01", "sex": "F", "surname": "Әлиева",'
                          ' "given_name": "Дана"}'))
    assert body["field"] == "birth_date"


@pytest.mark.parametrize("payload", [
    '{"surname": "A", "given_name": "B", "is_primary": 0}',
    '{"surname": "A", "given_name": "B", "document_id": "1"}',
    '{"surname": "A", "given_name": "B", "nickname": "C"}',
])
def test_values_are_not_coerced_and_unknown_fields_are_refused(api_as, zhanna, payload):
    before = zhanna.names.count()
    _refused(_json(api_as("migration"), "post", f"/api/persons/{zhanna.pk}/names", payload))
    assert zhanna.names.count() == before


@pytest.mark.parametrize("body", [b"{", b"Y", b"\xff\xfe", b""])
def test_a_malformed_body_is_refused_with_422(api_as, body):
    before = Person.objects.count()
    response = _refused(_json(api_as("migration"), "post", "/api/persons", body))
    assert response["code"] in ("malformed_body", "invalid")
    assert Person.objects.count() == before


def test_an_unknown_path_is_a_json_404(api_as):
    api = api_as("admin")
    for url in ("/api/nowhere", "/api/cases/null,null", "/api/persons/1/nothing",
                "/api/cases/1%0A/files/2"):
        assert _refused(api.get(url), 404)["code"] == "not_found"
    csrf_checked = type(api)(enforce_csrf_checks=True, headers=api.headers)
    response = _json(csrf_checked, "post", "/api/cases/null,null/comments", '{"text": "x"}')
    assert _refused(response, 404)["code"] == "not_found"


def test_an_unknown_object_is_a_json_404(api_as):
    response = api_as("admin").get("/api/persons/999999999", {"purpose": "identity_check"})
    assert _refused(response, 404)["code"] == "not_found"


def test_a_method_the_path_does_not_serve_is_a_json_405(api_as):
    response = api_as("admin").delete("/api/reference/countries")
    assert _refused(response, 405)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_authentication_failures_are_json(client):
    assert _refused(client.get("/api/reference/countries"), 401)["code"] == "unauthorized"
    response = client.get("/api/reference/countries",
                          headers={"Authorization": "Bearer not-a-token"})
    assert _refused(response, 401)["code"] == "unauthorized"


def test_every_operation_documents_its_error_statuses(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"401", "422"} <= documented, (method, path)
            if "{" in path:
                assert "404" in documented, (method, path)


def test_an_application_date_or_yes_no_is_not_coerced(api_as):
    application = {"instrument": "repatriation_insurance", "stay_from": "2026-01-01",
                   "stay_until": 0}
    body = _refused(_json(api_as("applicant"), "post", "/api/cases/precheck",
                          json.dumps({"application": application})))
    assert any(row["field"].endswith("stay_until") for row in body["rows"]), body


def test_an_unknown_query_parameter_is_refused(api_as):
    response = api_as("admin").get("/api/persons", {"q": "Janna", "purpose": "identity_check",
                                                    "limt": "5"})
    body = _refused(response)
    assert (body["code"], body["field"]) == ("invalid", "limt")


def test_a_fault_of_ours_is_a_json_500_that_reveals_nothing(api_as, monkeypatch):
    def broken() -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("kosh.api.reference.selectors.country_list", broken)
    body = _refused(api_as("admin").get("/api/reference/countries"), 500)
    assert body["code"] == "server_error" and "secret" not in body["message"]
