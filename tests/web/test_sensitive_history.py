"""The sensitive history asks for a purpose first and records it."""

import pytest
from django.urls import reverse

from kosh.access.models import AuditEvent
from kosh.identity.models import Person

pytestmark = pytest.mark.django_db


def _sensitive_reads(person: Person):
    return AuditEvent.objects.filter(person_id=person.pk, action=AuditEvent.Action.READ_SENSITIVE)


def test_history_asks_for_the_purpose_first(client_as, aziz):
    response = client_as("migration").get(reverse("person-sensitive", args=[aziz.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="purpose-form"' in page
    assert 'data-testid="crossings"' not in page
    assert not _sensitive_reads(aziz).exists()


def test_history_without_a_purpose_is_refused(client_as, aziz):
    response = client_as("migration").post(
        reverse("person-sensitive", args=[aziz.pk]), {"purpose": "", "justification": "x"}
    )
    assert response.status_code == 400
    assert "purpose" in response.context["form"].errors
    assert not _sensitive_reads(aziz).exists()


def test_history_with_a_purpose_shows_crossings_and_records_the_purpose(client_as, aziz):
    response = client_as("migration").post(
        reverse("person-sensitive", args=[aziz.pk]),
        {"purpose": "official_inquiry", "justification": "  request   12/2026 "},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="crossings"' in page
    assert 'data-testid="address-history"' in page
    assert _sensitive_reads(aziz).get().purpose == "official_inquiry: request 12/2026"


@pytest.mark.parametrize("username", ["labour", "akimat", "employer", "applicant", "analyst"])
def test_roles_without_the_capability_never_see_the_form(client_as, aziz, username):
    assert client_as(username).get(reverse("person-sensitive", args=[aziz.pk])).status_code == 403


def test_person_outside_scope_is_not_found(client_as, zhanna):
    response = client_as("admin").post(
        reverse("person-sensitive", args=[zhanna.pk + 100000]), {"purpose": "identity_check"}
    )
    assert response.status_code == 404
