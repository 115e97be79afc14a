"""The benchmarks' reference endpoints: mounted only by ``kosh.settings.bench``, and doing
what the benchmarks say (one row and one audit event; a page after a session lookup)."""

import base64
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import Resolver404, resolve

from kosh.access.models import AuditEvent
from kosh.bench.views import TABLE, reference_table_create
from kosh.cases.models import Case
from kosh.errors import DomainError
from kosh.identity.models import Person
from tests.cases.conftest import documents_json, neo_nomad_data


def test_production_urls_do_not_mount_the_references():
    with pytest.raises(Resolver404):
        resolve("/bench/page")


@override_settings(ROOT_URLCONF="kosh.bench.urls")
def test_the_bare_endpoint_inserts_one_row_and_one_audit_event(api_as, client_as):
    reference_table_create()
    before = AuditEvent.objects.count()
    response = api_as("migration").post("/bench/api/rows", {"text": "x"},
                                        content_type="application/json")
    assert response.status_code == 201
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        assert cursor.fetchone()[0] == 1
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.object_type, event.object_id) == ("bench_row", str(response.json()["id"]))
    assert client_as("migration").get("/bench/page").status_code == 200


@override_settings(ROOT_URLCONF="kosh.bench.urls")
def test_the_floor_parses_the_documents_applies_the_rules_and_stores_one_row(api_as):
    """The floor does the work a submission cannot skip and stores no case: a damaged
    document is refused as the case engine refuses it; a good body leaves one row and one
    audit event."""
    reference_table_create()
    client = api_as("migration")
    person = Person.objects.create(birth_date=date(1988, 5, 4), sex="F",
                                   display_name="Floor Test", citizenship_id="UZB")
    body = {"application": {"instrument": "neo_nomad", **neo_nomad_data()},
            "person_id": person.pk, "documents": documents_json()}
    cases = Case.objects.count()
    before = AuditEvent.objects.count()
    response = client.post("/bench/api/floor", body, content_type="application/json")
    assert response.status_code == 201
    assert (Case.objects.count(), AuditEvent.objects.count()) == (cases, before + 1)
    body["documents"][0]["content"] = base64.b64encode(b"%PDF-1.4 not a pdf").decode()
    with pytest.raises(DomainError) as refused:
        client.post("/bench/api/floor", body, content_type="application/json")
    assert refused.value.code == "file_unreadable"
    assert AuditEvent.objects.count() == before + 1
