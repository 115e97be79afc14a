"""A name search reads the name index in one SQL statement, whatever tiers it needs, in
the actor's scope and narrowed or not (issue 21: no round trip per tier)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosh.identity.models import NameIndex
from kosh.identity.search import person_search

pytestmark = pytest.mark.django_db

ZHANNA = "Ахметова Жанна Серікқызы"


@pytest.mark.parametrize(
    ("username", "query"),
    [
        ("migration", "Ахметова Жанна"),  # every word exact
        ("migration", "Ahmetova Zhana"),  # fuzzy tiers
        ("migration", "Ахметова Жанна Серікқызы"),  # three words: the all-but-one tiers
        ("migration", "Жанна"),  # one word: the any-word tier only
        ("migration", "Akhmetova 1990"),  # narrowed by the birth year
        ("akimat", "Жанна"),  # scoped to the officer's region
    ],
)
def test_the_name_index_is_read_in_one_statement(actor_of, username, query):
    actor = actor_of(username)
    with CaptureQueriesContext(connection) as queries:
        found = person_search(actor=actor, query=query)
    reads = [q["sql"] for q in queries.captured_queries
             if NameIndex._meta.db_table in q["sql"]]
    assert len(reads) == 1, reads
    if username == "akimat":
        assert found and all(p.region_id == actor.region_id for p in found)
    else:
        assert ZHANNA in [p.display_name for p in found[:5]]

