"""Search finds the same person whatever the spelling, and only within the actor's scope."""

import pytest

from kosh.errors import DomainError
from kosh.identity.search import person_search, search_query_parse

pytestmark = pytest.mark.django_db

ZHANNA = "Ахметова Жанна Серікқызы"


@pytest.mark.parametrize(
    "query",
    [
        "Жанна",
        "ZHANNA",
        "Janna",
        "zhanna akhmetova",
        "Ахметова Жанна",
        "AKHMETOVA ZHANNA",
        "Akhmetova 1990",
        "Ahmetova Zhana",
        "01.01.1990 Жанна",
    ],
)
def test_name_in_any_spelling_finds_zhanna(actor_of, query):
    found = person_search(actor=actor_of("migration"), query=query)
    assert ZHANNA in [p.display_name for p in found[:5]]


def test_search_by_iin_returns_exactly_that_person(actor_of):
    actor = actor_of("migration")
    zhanna = person_search(actor=actor, query="Ахметова Жанна 01.01.1990")[0]
    assert [p.pk for p in person_search(actor=actor, query=zhanna.iin)] == [zhanna.pk]


def test_search_by_document_number(actor_of):
    actor = actor_of("migration")
    zhanna = person_search(actor=actor, query="Ахметова Жанна 01.01.1990")[0]
    number = zhanna.documents.first().number
    assert [p.pk for p in person_search(actor=actor, query=number.lower())] == [zhanna.pk]


def test_exact_spelling_ranks_before_fuzzy(actor_of):
    found = person_search(actor=actor_of("migration"), query="Ахметова Жанна Серікқызы")
    assert found[0].display_name == ZHANNA


def test_empty_query_is_refused(actor_of):
    with pytest.raises(DomainError) as err:
        person_search(actor=actor_of("migration"), query="   ")
    assert err.value.field == "q"


def test_query_parse_recognises_each_part():
    q = search_query_parse("900101300811 N1234567 31.12.1990 Жанна")
    assert q.iin == "900101300811"
    assert q.document == "N1234567"
    assert q.birth_date.isoformat() == "1990-12-31"
    assert q.name_keys == ["JANA"]


def test_akimat_officer_finds_only_residents_of_own_region(actor_of):
    actor = actor_of("akimat")
    found = person_search(actor=actor, query="Жанна")
    assert found and all(p.region_id == actor.region_id for p in found)


def test_every_search_is_audited(actor_of):
    from kosh.access.models import AuditEvent

    person_search(actor=actor_of("migration"), query="Janna", purpose="identity_check")
    event = AuditEvent.objects.filter(action="search").first()
    assert event.actor_name == "migration" and event.purpose == "identity_check"
    assert event.after["query"] == "Janna"
