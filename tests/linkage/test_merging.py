"""Merge two registry records of one person, then split the merge: both histories come
back exactly (names, documents, primary names, the name index); refusals write nothing;
the real-time match finds a person across scripts before a duplicate is created."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.errors import DomainError
from kosh.identity import services as identity
from kosh.identity.models import NameIndex, PersonName
from kosh.identity.search import person_search
from kosh.linkage.match import jaro_winkler, levenshtein, person_candidates
from kosh.linkage.merging import person_history, person_merge, person_merge_split
from kosh.linkage.models import PersonMerge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel("2026-06-01 09:00Z", tick=False):
        yield


def _two_records_of_one_person(actor):
    first = identity.person_create(actor=actor, birth_date=date(1990, 3, 7), sex="F",
                                   surname="Тлеубердиева", given_name="Жансая",
                                   patronymic="Маратқызы")
    identity.document_add(actor=actor, person=first, kind="passport", number="N90030701",
                          issuing_country="KAZ", issued_on=date(2020, 1, 10))
    second = identity.person_create(actor=actor, birth_date=date(1990, 3, 7), sex="F",
                                    surname="TLEUBERDIEVA", given_name="ZHANSAYA")
    identity.document_add(actor=actor, person=second, kind="foreign_passport",
                          number="X7070707", issuing_country="UZB",
                          issued_on=date(2022, 5, 1))
    return first, second


def _state(person_id: int) -> tuple:
    names = sorted(PersonName.objects.filter(person_id=person_id)
                   .values_list("pk", "is_primary"))
    keys = sorted(NameIndex.objects.filter(person_id=person_id).values_list("key", "part"))
    return person_history(person_id), names, keys


def test_merge_then_split_restores_both_histories(actor_of) -> None:
    admin = actor_of("admin")
    first, second = _two_records_of_one_person(admin)
    before = _state(first.pk), _state(second.pk)
    merge = person_merge(actor=admin, survivor_id=first.pk, absorbed_id=second.pk,
                         reason="same passport photo")
    merged = person_history(first.pk)
    assert len(merged["names"]) == 2 and len(merged["documents"]) == 2
    assert person_history(second.pk) == {k: [] for k in merged}
    assert PersonName.objects.filter(person=first, is_primary=True).count() == 1
    assert first.pk in {p.pk for p in person_search(actor=admin, query="ZHANSAYA 1990")}
    person_merge_split(actor=admin, merge_id=merge.pk, reason="two different women")
    assert (_state(first.pk), _state(second.pk)) == before
    assert PersonMerge.objects.get(pk=merge.pk).state == PersonMerge.State.SPLIT
    assert AuditEvent.objects.filter(object_type="person_merge").count() == 2


def test_merge_refusals(actor_of) -> None:
    admin = actor_of("admin")
    first, second = _two_records_of_one_person(admin)
    with pytest.raises(DomainError) as err:
        person_merge(actor=admin, survivor_id=first.pk, absorbed_id=first.pk)
    assert err.value.code == "same_person"
    merge = person_merge(actor=admin, survivor_id=first.pk, absorbed_id=second.pk)
    with pytest.raises(DomainError) as err:
        person_merge(actor=admin, survivor_id=second.pk, absorbed_id=first.pk)
    assert err.value.code == "already_merged"
    person_merge_split(actor=admin, merge_id=merge.pk)
    with pytest.raises(DomainError) as err:
        person_merge_split(actor=admin, merge_id=merge.pk)
    assert err.value.code == "already_split"


def test_real_time_match_across_scripts_and_a_swapped_date(actor_of) -> None:
    admin = actor_of("admin")
    first, _ = _two_records_of_one_person(admin)
    found = person_candidates(actor=admin, surname="Tleuberdieva", given_name="Janssaia",
                              birth_date=date(1990, 7, 3), sex="F")
    assert found and found[0].person.pk in {first.pk, _.pk} and found[0].likely
    assert found[0].fields["birth_date"][0] == 3  # day and month swapped
    nobody = person_candidates(actor=admin, surname="Tleuberdieva", given_name="Janssaia",
                               birth_date=date(1961, 11, 30), sex="M")
    assert not any(c.likely for c in nobody)


def test_real_time_match_finds_a_mistyped_date_and_swapped_fields(actor_of) -> None:
    admin = actor_of("admin")
    first, _ = _two_records_of_one_person(admin)
    searches = AuditEvent.objects.filter(action="search").count()
    # given name written as the surname, and the birth year mistyped (1980 for 1990)
    found = person_candidates(actor=admin, surname="Жансая", given_name="Тлеубердиева",
                              birth_date=date(1980, 3, 7), sex="F")
    assert found and found[0].person.pk in {first.pk, _.pk}
    assert found[0].fields["birth_date"][0] == 2  # one character apart
    assert found[0].fields["surname"][0] == 5  # written in the other name field
    event = AuditEvent.objects.filter(action="search").latest("id")
    assert AuditEvent.objects.filter(action="search").count() == searches + 1
    assert event.purpose == "match a new record" and event.after["results"][0] == found[0].person.pk


def test_near_dates_are_one_digit_away_and_real() -> None:
    from kosh.linkage.match import near_dates

    near = near_dates(date(1990, 3, 7))
    assert date(1990, 3, 8) in near and date(1980, 3, 7) in near and date(1990, 8, 7) in near
    assert date(1990, 3, 7) not in near and date(1990, 7, 3) not in near  # swap: its own rule
    assert all(date(1900, 1, 1) <= d <= date(2026, 6, 1) for d in near)
    assert date(2990, 3, 7) not in near


def test_string_similarities() -> None:
    assert jaro_winkler("MARTHA", "MARHTA") == pytest.approx(0.9611, abs=1e-4)
    assert jaro_winkler("JANA", "JANA") == 1.0 and jaro_winkler("", "A") == 0.0
    assert levenshtein("SERIK", "SRIK") == 1 and levenshtein("ABC", "XYZ") == 3


def test_real_time_match_without_a_birth_date(actor_of) -> None:
    admin = actor_of("admin")
    first, second = _two_records_of_one_person(admin)
    found = person_candidates(actor=admin, surname="TLEUBERDIEVA", given_name="ZHANSAIA")
    assert {c.person.pk for c in found} == {first.pk, second.pk}
    assert found[0].fields["birth_date"][0] == -1  # not compared: no date on the record


def test_real_time_match_refuses_a_name_without_letters(actor_of) -> None:
    with pytest.raises(DomainError) as err:
        person_candidates(actor=actor_of("admin"), surname="123", given_name="--")
    assert err.value.code == "empty_query"
