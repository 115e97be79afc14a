"""The audit log for auditors and the suppressed aggregates for analysts."""

import pytest
from django.conf import settings
from django.urls import reverse

from kosh.access.models import AuditEvent
from kosh.identity.aggregates import cell_suppress, registry_counts

pytestmark = pytest.mark.django_db


def test_audit_log_filters_by_person_and_action(client_as, zhanna):
    client_as("migration").get(reverse("person-card", args=[zhanna.pk]) + "?purpose=identity_check")
    response = client_as("auditor").get(
        reverse("audit"), {"person_id": zhanna.pk, "action": "read"}
    )
    rows = list(response.context["page"])
    assert response.status_code == 200
    assert [(e.actor_name, e.purpose) for e in rows] == [("migration", "identity_check")]
    assert "проверка личности" in response.content.decode()


def test_audit_log_pages_by_fifty(client_as):
    page = client_as("auditor").get(reverse("audit")).context["page"]
    assert AuditEvent.objects.count() > 50
    assert len(page.object_list) == 50
    assert page.has_next()


def test_audit_log_ignores_malformed_filters(client_as):
    response = client_as("auditor").get(reverse("audit"), {"person_id": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (60, 60)])
def test_small_counts_are_suppressed(count, shown):
    assert cell_suppress(count, 5).count == shown


def test_analyst_never_receives_a_small_count(actor_of):
    counts = registry_counts(actor=actor_of("analyst"))
    values = [c.count for row in counts.rows for c in row.cells]
    assert None in values  # the demo has small cells
    assert all(v is None or v == 0 or v >= settings.KOSH_MIN_CELL for v in values)


def test_akimat_sees_only_its_region(actor_of):
    counts = registry_counts(actor=actor_of("akimat"))
    assert [row.region.pk for row in counts.rows] == ["110000000"]


def test_stats_page_shows_suppressed_cells_and_no_names(client_as):
    page = client_as("analyst").get(reverse("stats")).content.decode()
    assert 'data-testid="suppressed"' in page
    assert ">×</td>" in page
    assert "/persons/" not in page
    assert "Жанна" not in page
