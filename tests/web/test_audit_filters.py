"""The auditor's page and GET /api/audit: refusal reasons, filters by action, reason and
date range, and each event's hash."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(actor_of) -> dict[str, AuditEvent]:
    """A refusal on 2030-01-10 and a download on 2030-01-12 (after every demo event)."""
    actor = actor_of("embassy")
    with time_machine.travel("2030-01-10 09:00:00+05:00", tick=False):
        denied = audit_record(actor=actor, action=AuditEvent.Action.DENIED, object_type="case",
                              object_id=1, reason=AuditEvent.Reason.OUT_OF_SCOPE)
    with time_machine.travel("2030-01-12 09:00:00+05:00", tick=False):
        download = audit_record(actor=actor, action=AuditEvent.Action.DOWNLOAD,
                                object_type="case_file", object_id=2)
    return {"denied": denied, "download": download}


def _rows(client, **params) -> list[AuditEvent]:
    response = client.get(reverse("audit"), params)
    assert response.status_code == 200
    return list(response.context["page"])


def test_page_filters_by_action_reason_and_dates(client_as, events):
    client = client_as("auditor")
    assert _rows(client, action="denied", reason="out_of_scope")[0] == events["denied"]
    assert _rows(client, action="download", date_from="2030-01-11") == [events["download"]]
    assert _rows(client, date_from="2030-01-10", date_to="2030-01-10") == [events["denied"]]
    assert _rows(client, reason="locked", date_from="2030-01-01") == []


def test_page_shows_the_reason_and_the_short_hash(client_as, events):
    client = client_as("auditor")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("audit"), {"date_from": "2030-01-10"}).content.decode()
    assert "outside the user&#x27;s scope" in page
    assert events["denied"].hash[:12] in page
    assert f'title="{events["denied"].hash}"' in page


def test_api_filters_and_returns_reason_and_hash(api_as, events):
    client = api_as("auditor")
    body = client.get("/api/audit", {"action": "denied", "reason": "out_of_scope",
                                      "date_from": "2030-01-01"}).json()
    assert [(i["id"], i["reason"], i["hash"]) for i in body["items"]] == [
        (events["denied"].pk, "out_of_scope", events["denied"].hash)]
    body = client.get("/api/audit", {"date_from": str(date(2030, 1, 11)),
                                      "date_to": "2030-01-12"}).json()
    assert [i["action"] for i in body["items"]] == ["download"]
    assert client.get("/api/audit", {"reason": "bogus"}).status_code == 422
