"""The name search's statements (the vocabulary, the tiers, the narrowed and audit-filter
reads) are prepared on PostgreSQL with server-side binding, one text per shape with every
key a parameter, and give the same persons in the same order as when bound on the client:
on every call, with the generic plans the connections are set to, with custom plans and with
PostgreSQL's own choice between custom and generic plans too (issue 21, planning the tiers
statement on every search; the connections force generic plans, kosh/settings/database.py)."""

import pytest
from django.db import connection

from kosh.identity import name_ranking
from kosh.identity.models import NameIndex, NameKey, NamePair, Person
from kosh.identity.permissions import person_filter
from kosh.identity.search import person_ids_matching, person_search_page

pytestmark = pytest.mark.django_db

QUERIES = [
    ("migration", "Жанна"),  # one word: the any-word tier only
    ("migration", "Ахметова Жанна"),  # every word exact
    ("migration", "Ahmetova Zhana"),  # the fuzzy tiers
    ("migration", "Ахметова Жанна Серікқызы"),  # three words: the all-but-one tiers
    ("migration", "Akhmetova 1990"),  # the birth year in every probe
    ("migration", "01.01.1990 Жанна"),  # narrowed by the birth date (scoped statement)
]
SCOPED = ["akimat", "embassy"]  # the officer's region; the mission's citizens less the
# protected: searched for a name of the first person they see, its two first words and all
CALLS = 7  # past the five custom plans after which PostgreSQL itself may plan generically


def _client_bound(sql: str, params: list) -> list[tuple]:
    """The statement run as before: Django's cursor, bound on the client, never
    prepared."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _found(actor, query: str) -> tuple[list[int], int, bool]:
    page = person_search_page(actor=actor, query=query, page_size=50)
    return [p.pk for p in page.persons], page.total, page.capped


def _plan_cache_mode(mode: str | None = None) -> str:
    """Set the session's plan cache mode (None: back to the connection's own); return it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET plan_cache_mode = {mode}" if mode else "RESET plan_cache_mode")
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_repeated_searches_past_the_generic_plan_give_the_same_persons(actor_of):
    queries = list(QUERIES)
    for username in SCOPED:
        seen = Person.objects.filter(person_filter(actor_of(username))).order_by("pk").first()
        queries += [(username, " ".join(seen.display_name.split()[:2])),
                    (username, seen.display_name)]
    actors = {username: actor_of(username) for username, _ in queries}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_ranking, "prepared_fetch", _client_bound)
        expected = {(u, q): _found(actors[u], q) for u, q in queries}
    assert all(ids for ids, _total, _capped in expected.values()), expected
    assert _plan_cache_mode() == "force_generic_plan"
    try:
        for mode in ("force_generic_plan", "force_custom_plan", "auto"):
            _plan_cache_mode(mode)
            for _ in range(CALLS):
                for username, query in queries:
                    assert _found(actors[username], query) == expected[username, query], (
                        mode, query)
    finally:
        _plan_cache_mode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, least(generic_plans, custom_plans) "
                       "FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    tiers = [n for s, n in prepared if s.startswith("WITH ") and NamePair._meta.db_table in s]
    vocabulary = [n for s, n in prepared if NameKey._meta.db_table in s]
    assert tiers and vocabulary, prepared
    assert max(tiers) >= CALLS and max(vocabulary) >= CALLS, prepared


@pytest.mark.postgres
def test_the_audit_filter_by_name_is_the_same_prepared(actor_of):
    actor = actor_of("auditor")
    zhanna = Person.objects.get(display_name="Ахметова Жанна Серікқызы",
                                birth_date="1990-01-01")
    lines = ["Ахметова Жанна", "Жанна", "Ахметова Жанна 01.01.1990", f"{zhanna.iin} Жанна"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_ranking, "prepared_fetch", _client_bound)
        expected = {line: person_ids_matching(actor=actor, text=line) for line in lines}
    assert all(zhanna.pk in ids for ids in expected.values()), expected
    for _ in range(CALLS):
        for line in lines:
            assert person_ids_matching(actor=actor, text=line) == expected[line], line


def test_the_statement_texts_hold_no_key(actor_of):
    """Every key goes as a parameter: the texts are one per shape of the statement, not one
    per query (else each search would be prepared anew)."""
    texts: list[str] = []
    real = name_ranking.prepared_fetch

    def spy(sql: str, params: list) -> list[tuple]:
        texts.append(sql)
        return real(sql, params)

    actor = actor_of("migration")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_ranking, "prepared_fetch", spy)
        for query in ("Ахметова Жанна", "Тестов Ерлан", "Akhmetova 1990"):
            person_search_page(actor=actor, query=query)
    keys = {k for k in NameIndex.objects.filter(person__display_name__in=[
        "Ахметова Жанна Серікқызы"]).values_list("key", flat=True)}
    assert texts and keys
    assert not [(k, t) for t in texts for k in keys | {"1990"} if k in t]
