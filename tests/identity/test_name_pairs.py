"""The name search's indexes hold the birth year and the key pairs of every written name,
kept in step by the services, the bulk loader and the migration alike (issue 21)."""

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kosh.identity import services
from kosh.identity.identifiers import iin_generate
from kosh.identity.models import NameIndex, NamePair, PersonName
from kosh.identity.name_index import name_pairs_of, person_keys_text
from kosh.identity.names import PAIR_TOKENS, key_pairs
from kosh.identity.search import person_search
from kosh.synth.nation.registry import person_tables
from kosh.synth.persons import persons_generate

BIRTH = date(1987, 6, 5)


def test_pairs_keep_the_written_order_of_every_two_tokens():
    assert key_pairs(["AHMETOVA", "JANA", "SERIKIZI"]) == {
        "AHMETOVA JANA", "AHMETOVA SERIKIZI", "JANA SERIKIZI"}
    assert key_pairs(["JANA"]) == set()
    assert key_pairs(["ANA", "ANA"]) == set()  # a key is not paired with itself


@given(st.lists(st.text(alphabet="ABCDEJKZ", min_size=1, max_size=6), max_size=9))
def test_pairs_are_every_two_distinct_tokens_within_the_first_six(keys):
    pairs = key_pairs(keys)
    head = keys[:PAIR_TOKENS]
    for i, a in enumerate(head):
        for b in head[i + 1 :]:
            assert a == b or f"{a} {b}" in pairs
    assert all(p.split(" ")[0] in head and p.split(" ")[1] in head for p in pairs)


def test_bulk_rows_hold_the_pairs_the_services_would_write():
    persons = persons_generate(300, seed=11)
    ids = persons.column("id").to_numpy()
    tables = person_tables(persons, ids=ids, now="2024-01-01 00:00:00", known_keys=set(),
                           next_ids=dict.fromkeys(("identity_personname", "identity_nameindex",
                                                   "identity_namekey", "identity_namepair"), 1))
    pairs = tables["identity_namepair"].to_pylist()
    by_person: dict[int, set[str]] = {}
    for row in pairs:
        by_person.setdefault(row["person_id"], set()).add(row["key"])
    years = dict(zip(ids.tolist(), (d.year for d in persons.column("birth_date").to_pylist()),
                     strict=True))
    assert all(row["birth_year"] == years[row["person_id"]] for row in pairs)
    assert all(row["birth_year"] == years[row["person_id"]]
               for row in tables["identity_nameindex"].to_pylist())
    assert len({(r["person_id"], r["key"]) for r in pairs}) == len(pairs)  # distinct
    for row in persons.slice(0, 100).to_pylist():
        name = PersonName(surname=row["surname"], given_name=row["given_name"],
                          patronymic=row["patronymic"] or "")
        assert name_pairs_of(name) <= by_person.get(row["id"], set()), row
    assert np.unique(tables["identity_namepair"].column("id").to_numpy()).size == len(pairs)
    index: dict[int, set[tuple[str, int]]] = {}
    for row in tables["identity_nameindex"].to_pylist():
        index.setdefault(row["person_id"], set()).add((row["key"], row["part"]))
    assert all(row["person_keys"] == person_keys_text(index[row["person_id"]]) for row in pairs)


@pytest.mark.django_db
def test_a_corrected_birth_date_moves_the_person_to_the_new_year(actor_of):
    actor = actor_of("migration")
    person = services.person_create(
        actor=actor, birth_date=BIRTH, sex="F", surname="Сейітова", given_name="Әсел",
        patronymic="Маратқызы", iin=iin_generate(BIRTH, "F", 4321), citizenship="KAZ")
    assert set(NamePair.objects.filter(person=person).values_list("key", flat=True)) == {
        "SEITOVA ASEL", "SEITOVA MARATKIZI", "ASEL MARATKIZI"}
    assert set(NamePair.objects.filter(person=person).values_list("person_keys", flat=True)) \
        == {"0SEITOVA 1ASEL 2MARATKIZI"}
    assert person in person_search(actor=actor, query="Асель Сейитова 1987")
    new = date(1988, 6, 5)
    services.person_update(actor=actor, person=person, birth_date=new,
                           iin=iin_generate(new, "F", 4321))
    assert set(NameIndex.objects.filter(person=person).values_list("birth_year", flat=True)) \
        == set(NamePair.objects.filter(person=person).values_list("birth_year", flat=True)) \
        == {1988}
    assert person in person_search(actor=actor, query="Асель Сейитова 1988")
    assert person in person_search(actor=actor, query="Асель Сейитова Маратқызы 1988")
    assert person not in person_search(actor=actor, query="Асель Сейитова 1987")


@pytest.mark.django_db
def test_a_new_spelling_is_paired_too(actor_of):
    actor = actor_of("migration")
    person = services.person_create(
        actor=actor, birth_date=BIRTH, sex="F", surname="Сейітова", given_name="Әсел",
        iin=iin_generate(BIRTH, "F", 4322), citizenship="KAZ")
    services.name_add(actor=actor, person=person, surname="Smith", given_name="Asel")
    assert "SMITH ASEL" in set(NamePair.objects.filter(person=person)
                               .values_list("key", flat=True))
    assert person in person_search(actor=actor, query="Asel Smith")


@pytest.mark.django_db
def test_the_migration_fills_the_indexes_of_persons_registered_before(actor_of):
    from importlib import import_module

    from django.apps import apps

    fill = import_module("kosh.identity.migrations.0003_name_pairs").fill
    actor = actor_of("migration")
    person = services.person_create(
        actor=actor, birth_date=BIRTH, sex="F", surname="Сейітова", given_name="Әсел",
        patronymic="Маратқызы", iin=iin_generate(BIRTH, "F", 4323), citizenship="KAZ")
    pairs = sorted(NamePair.objects.filter(person=person)
                   .values_list("key", "birth_year", "person_keys"))
    NamePair.objects.all().delete()
    NameIndex.objects.filter(person=person).update(birth_year=0)
    fill(apps, None)
    assert sorted(NamePair.objects.filter(person=person)
                  .values_list("key", "birth_year", "person_keys")) == pairs
    assert set(NameIndex.objects.filter(person=person)
               .values_list("birth_year", flat=True)) == {1987}
