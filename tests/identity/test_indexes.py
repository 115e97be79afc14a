"""The registry's tables carry no index a query does not need: a national load rebuilds
each of them over tens of millions of rows (docs/synthetic-data.md)."""

import re

import pytest
from django.db import connection

from kosh.synth.nation.mapping import REGISTRY_TABLES

IDENTITY = [t for t in REGISTRY_TABLES if t.startswith("identity_")]


def _indexes() -> dict[str, list[tuple[str, str]]]:
    with connection.cursor() as cur:
        cur.execute("SELECT tablename, indexname, indexdef FROM pg_indexes "
                    "WHERE tablename = ANY(%s) ORDER BY 1, 2", [IDENTITY])
        out: dict[str, list[tuple[str, str]]] = {}
        for table, name, definition in cur.fetchall():
            out.setdefault(table, []).append((name, definition))
        return out


def _columns(definition: str) -> list[str]:
    """The key columns of an index definition (INCLUDE and WHERE left out)."""
    keys = re.search(r"USING \w+ \(([^)]*)\)", definition)[1]
    return [c.strip().split(" ")[0] for c in keys.split(",")]


@pytest.mark.postgres
def test_no_like_index_on_the_registry(db):
    like = [name for indexes in _indexes().values() for name, definition in indexes
            if "pattern_ops" in definition]
    assert like == []


@pytest.mark.postgres
def test_no_index_begins_another_one_of_its_table(db):
    redundant = []
    for indexes in _indexes().values():
        for name, definition in indexes:
            if "UNIQUE" in definition:
                continue  # a constraint, not only a way in
            cols = _columns(definition)
            for other, other_definition in indexes:
                longer = _columns(other_definition)
                if other != name and len(longer) > len(cols) and longer[:len(cols)] == cols:
                    redundant.append((name, other))
    assert redundant == []


@pytest.mark.postgres
def test_the_lookups_of_the_registry_keep_their_index(db):
    indexes = _indexes()
    first = {t: {tuple(_columns(d)) for _, d in indexes[t]} for t in indexes}
    assert ("iin",) in first["identity_person"]
    assert ("citizenship_id",) in first["identity_person"]
    assert ("region_id", "birth_date") in first["identity_person"]
    assert ("person_id", "key", "part") in first["identity_nameindex"]
    assert ("number",) in first["identity_identitydocument"]
    for table in ("identity_personname", "identity_identitydocument", "identity_address",
                  "identity_citizenship", "identity_bordercrossing", "identity_namepair"):
        assert ("person_id",) in first[table], table
