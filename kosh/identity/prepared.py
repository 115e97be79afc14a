"""Statements of the registry's hot reads (the search by IIN, the name search) run
prepared on PostgreSQL: psycopg binds their parameters on the server and prepares each
query text once per connection, so PostgreSQL neither parses nor plans it again (Django's
own cursors bind on the client and never prepare; ``prepare_threshold`` in
kosh/settings/database.py lets psycopg prepare at all). The texts must therefore be one
per shape of a statement, every value a parameter (arrays for lists of keys or ids). On
SQLite (the demo) the statement runs through Django's cursor as any other."""

import time
from typing import Any

import psycopg
from django.db import connection


class _PreparedCursor(psycopg.Cursor):
    """A psycopg cursor with server-side binding that prepares every statement it runs
    (Django's own cursors bind on the client and never prepare)."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                binary: bool | None = None) -> "_PreparedCursor":
        return super().execute(query, params, prepare=True, binary=binary)


def prepared_fetch(sql: str, params: list[Any]) -> list[tuple]:
    """Run one statement and return its rows: on PostgreSQL prepared (once per connection
    and SQL text) and run through Django's cursor wrapper (its error translation and
    execute wrappers), logged in ``connection.queries`` (and seen by
    ``CaptureQueriesContext``) when queries are logged."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    start = time.monotonic()
    with connection.make_cursor(_PreparedCursor(connection.connection)) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.queries_logged:  # Django's debug cursor cannot read a prepared text back
        connection.queries_log.append({"sql": connection.ops.compose_sql(sql, params),
                                       "time": f"{time.monotonic() - start:.3f}"})
    return rows
