"""The audit log is append-only, and records who, when, which role, why, before/after."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from kosh.access.models import AuditEvent
from kosh.identity import services
from kosh.identity.models import Person

pytestmark = pytest.mark.django_db


def _event():
    return AuditEvent.objects.order_by("id").first()


def test_an_event_cannot_be_changed_or_deleted_through_the_model():
    event = _event()
    event.purpose = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


@pytest.mark.postgres
def test_database_refuses_update_and_delete_of_events():
    from django.db import DatabaseError

    for sql in ("UPDATE access_auditevent SET purpose = 'x'", "DELETE FROM access_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)


def test_correction_records_actor_role_purpose_before_and_after(actor_of):
    person = Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date="1990-01-01")
    old_iin = person.iin
    services.person_update(actor=actor_of("migration"), person=person, iin="",
                           purpose="data_correction")
    event = AuditEvent.objects.filter(action="update", person_id=person.pk).first()
    assert (event.actor_name, event.role, event.purpose) == (
        "migration", "migration_officer", "data_correction")
    assert event.before["iin"] == old_iin and event.after["iin"] is None
