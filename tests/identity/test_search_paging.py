"""Search pages with the total, hints for mistyped IINs and dates, the matched spelling,
and the exact namesake first."""

from datetime import date

import pytest
import time_machine

from kosh.identity import search
from kosh.identity.search import person_search_page, search_query_parse
from kosh.identity.services import person_create

pytestmark = pytest.mark.django_db

FROZEN = "2026-11-30 10:00:00+05:00"


@pytest.fixture
def namesakes(actor_of):
    """45 persons named Тестов Ерлан (born 1960…2004) and one Тестов Ерлан Маратович."""
    actor = actor_of("migration")
    with time_machine.travel(FROZEN, tick=False):
        extra = person_create(actor=actor, birth_date=date(1959, 3, 3), sex="M",
                              surname="Тестов", given_name="Ерлан", patronymic="Маратович")
        plain = [person_create(actor=actor, birth_date=date(1960 + i, 1, 2), sex="M",
                               surname="Тестов", given_name="Ерлан") for i in range(45)]
    return extra, plain


def test_pages_carry_the_total_and_the_offset(actor_of, namesakes):
    actor = actor_of("migration")
    first = person_search_page(actor=actor, query="Тестов Ерлан", page_size=20)
    third = person_search_page(actor=actor, query="Тестов Ерлан", offset=40, page_size=20)
    assert first.total == third.total >= 46
    assert (first.first, first.last) == (1, 20)
    assert third.first == 41 and third.last == min(60, third.total)
    assert not {p.pk for p in first.persons} & {p.pk for p in third.persons}
    assert first.has_next and third.has_previous and not first.has_previous


def test_more_exist_beyond_the_cap(actor_of, namesakes, monkeypatch):
    monkeypatch.setattr(search, "RESULT_CAP", 30)
    found = person_search_page(actor=actor_of("migration"), query="Тестов Ерлан")
    assert found.capped and found.total == 30


def test_exact_namesake_without_extra_parts_ranks_first(actor_of, namesakes):
    extra, plain = namesakes
    found = person_search_page(actor=actor_of("migration"), query="Тестов Ерлан",
                               page_size=60).persons
    ranks = {p.pk: i for i, p in enumerate(found)}
    assert all(ranks[p.pk] < ranks[extra.pk] for p in plain)
    with_patronymic = person_search_page(actor=actor_of("migration"),
                                         query="Тестов Ерлан Маратович").persons
    assert with_patronymic[0] == extra


def test_matched_spelling_is_the_name_that_matched(actor_of):
    found = person_search_page(actor=actor_of("migration"), query="AKHMETOVA ZHANNA")
    zhanna = next(p for p in found.persons if p.display_name == "Ахметова Жанна Серікқызы")
    matched = found.matched[zhanna.pk]
    assert matched.script == "latn" and matched.given_name.upper() == "ZHANNA"
    cyrillic = person_search_page(actor=actor_of("migration"), query="Ахметова Жанна")
    assert cyrillic.matched[zhanna.pk].script == "cyrl"


@pytest.mark.parametrize("iin", ["90010130081", "9001013008111"])
def test_an_iin_with_a_digit_too_few_or_many_gets_a_hint(actor_of, iin):
    found = person_search_page(actor=actor_of("migration"), query=iin)
    assert found.persons == []
    assert any("12" in hint and str(len(iin)) in hint for hint in found.hints)


@pytest.mark.parametrize("text", ["24/06/1980", "24.06.1980", "24-06-1980", "1980-06-24"])
def test_dates_in_the_forms_people_type_are_dates_of_birth(text):
    q = search_query_parse(text)
    assert q.birth_date == date(1980, 6, 24) and not q.hints and not q.document


def test_an_unreadable_date_gets_a_hint_not_nobody_found(actor_of):
    found = person_search_page(actor=actor_of("migration"), query="31/02/1980")
    assert found.persons == [] and found.hints and "31/02/1980" in found.hints[0]


def test_a_date_of_birth_with_slashes_finds_the_person(actor_of):
    found = person_search_page(actor=actor_of("migration"), query="01/01/1990 Жанна")
    assert "Ахметова Жанна Серікқызы" in [p.display_name for p in found.persons]


def test_the_search_event_records_the_total_and_the_page(actor_of, namesakes):
    from kosh.access.models import AuditEvent

    found = person_search_page(actor=actor_of("migration"), query="Тестов Ерлан", offset=20)
    event = AuditEvent.objects.filter(action="search").order_by("-id").first()
    assert event.after["total"] == found.total
    assert event.after["results"] == [p.pk for p in found.persons]
