"""The benchmarks' reference endpoints: mounted only by ``kosh.settings.bench``, and doing
what the benchmarks say (one row and one audit event; a page after a session lookup)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import Resolver404, resolve

from kosh.access.models import AuditEvent
from kosh.bench.views import TABLE, reference_table_create


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
