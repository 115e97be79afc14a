"""A search by IIN reads the person, region, citizenship and every written name in one
statement and gives the same page the ORM gave (issue 21: 2 ms p95 with the audit event),
only within the actor's scope, with exactly one search audit event."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosh.access.models import AuditEvent
from kosh.identity.models import Person, PersonName
from kosh.identity.permissions import person_filter
from kosh.identity.search import person_search_page

pytestmark = pytest.mark.django_db

ROLES = ["admin", "migration", "asylum", "labour", "embassy", "akimat", "employer"]


@pytest.fixture
def zhanna():
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date="1990-01-01")


def _fields(obj) -> dict | None:
    return None if obj is None else {f.attname: getattr(obj, f.attname)
                                     for f in obj._meta.concrete_fields}


def _page(persons: list[Person]) -> list[tuple]:
    """Everything the result page and the API read of the persons, compared as values;
    reading it must not query the database."""
    with CaptureQueriesContext(connection) as queries:
        out = [(_fields(p), _fields(p.region), _fields(p.citizenship),
                sorted((_fields(n) for n in p.names.all()), key=lambda n: n["id"]))
               for p in persons]
    assert queries.captured_queries == []
    return out


def _orm_page(actor, iin: str) -> list[Person]:
    """The page as the ORM read it before (region and citizenship joined, names
    prefetched)."""
    return list(Person.objects.filter(person_filter(actor), iin=iin)
                .select_related("region", "citizenship").prefetch_related("names")
                .order_by("pk"))


@pytest.mark.parametrize("username", ROLES)
def test_the_page_is_the_one_the_orm_gave(actor_of, username):
    actor = actor_of(username)
    iins = list(Person.objects.exclude(iin=None).order_by("pk").values_list("iin", flat=True)
                [:12])
    assert iins
    for iin in iins:
        found = person_search_page(actor=actor, query=iin)
        expected = _orm_page(actor, iin)
        assert _page(found.persons) == _page(expected)
        assert (found.total, found.capped, found.matched) == (len(expected), False, {})
        assert found.total == 1 or username != "migration"  # the officer sees everyone


def test_names_read_with_the_person_still_filter_as_the_relation(actor_of, zhanna):
    person = person_search_page(actor=actor_of("migration"), query=zhanna.iin).persons[0]
    assert len(person.names.all()) == PersonName.objects.filter(person=zhanna).count() >= 2
    assert all(n.person is person for n in person.names.all())
    primary = list(person.names.filter(is_primary=True))  # a query of this person's names
    assert [n.pk for n in primary] == list(
        PersonName.objects.filter(person=zhanna, is_primary=True).values_list("pk", flat=True))


@pytest.mark.parametrize("username", ["embassy", "employer"])
def test_an_officer_out_of_scope_finds_nobody(actor_of, zhanna, username):
    actor = actor_of(username)
    assert not Person.objects.filter(person_filter(actor), pk=zhanna.pk).exists()
    found = person_search_page(actor=actor, query=zhanna.iin)
    assert (found.persons, found.total) == ([], 0)


def test_the_akimat_officer_finds_only_persons_of_the_region(actor_of):
    actor = actor_of("akimat")
    inside = Person.objects.filter(region_id=actor.region_id).exclude(iin=None).first()
    outside = Person.objects.exclude(region_id=actor.region_id).exclude(iin=None).first()
    assert [p.pk for p in person_search_page(actor=actor, query=inside.iin).persons] == [
        inside.pk]
    assert person_search_page(actor=actor, query=outside.iin).persons == []


def test_the_birth_date_beside_the_iin_still_narrows(actor_of, zhanna):
    actor = actor_of("migration")
    assert [p.pk for p in person_search_page(
        actor=actor, query=f"{zhanna.iin} 01.01.1990").persons] == [zhanna.pk]
    assert person_search_page(actor=actor, query=f"{zhanna.iin} 02.01.1990").persons == []
    assert person_search_page(actor=actor, query=f"{zhanna.iin} 1991").persons == []


@pytest.mark.parametrize(("username", "total"), [("migration", 1), ("embassy", 0)])
def test_each_search_writes_exactly_one_audit_event(actor_of, zhanna, username, total):
    actor = actor_of(username)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    person_search_page(actor=actor, query=zhanna.iin, purpose="case_processing")
    new = list(AuditEvent.objects.exclude(pk__in=before))
    assert [(e.action, e.object_type, e.actor_id, e.purpose, e.after) for e in new] == [(
        AuditEvent.Action.SEARCH, "person", actor.user.pk, "case_processing",
        {"query": zhanna.iin, "total": total, "results": [zhanna.pk][:total]})]


@pytest.mark.parametrize("username", ["migration", "akimat", "labour", "embassy"])
def test_a_search_by_iin_is_one_read_and_one_audit_append(actor_of, zhanna, username):
    actor = actor_of(username)
    appends = mock.patch.object(AuditEvent, "save", autospec=True,
                                side_effect=AuditEvent.save)
    with appends as save, CaptureQueriesContext(connection) as queries:
        person_search_page(actor=actor, query=zhanna.iin)
    reads = [q["sql"] for q in queries.captured_queries  # the audit append is not a read
             if q["sql"].startswith("SELECT") and "kosh_audit_append" not in q["sql"]
             and "access_audit" not in q["sql"]]
    assert len(reads) == 1, reads
    assert PersonName._meta.db_table in reads[0]
    assert save.call_count == 1


@pytest.mark.postgres
def test_the_read_and_the_audit_append_are_prepared_statements(actor_of, zhanna):
    actor = actor_of("migration")
    for _ in range(2):
        person_search_page(actor=actor, query=zhanna.iin)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(PersonName._meta.db_table in s and "iin" in s for s in prepared), prepared
    assert any("kosh_audit_append" in s for s in prepared), prepared
