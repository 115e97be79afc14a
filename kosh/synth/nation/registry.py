"""Bulk writing into the registry's tables: rows built as Arrow tables with explicit ids,
then PostgreSQL ``COPY`` (psycopg ``cursor.copy``) or SQLite ``executemany`` in batches,
inside the caller's transaction. Used by ``kosh synth load`` and the search benchmark.

For a large load on PostgreSQL, drop the secondary indexes and the foreign-key and unique
constraints of the tables first and rebuild them after (:func:`indexes_drop`,
:func:`indexes_restore`: several times faster than maintaining them row by row); the
transaction keeps it all-or-nothing. After the commit, :func:`tables_vacuum` readies the
tables for queries (statistics, visibility map)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection

from kosh.identity.models import KEY_LENGTH
from kosh.identity.names import PAIR_TOKENS, key_deletes, name_tokens, transliterate

SQLITE_BATCH = 5_000
COPY_BLOCK = 1 << 24
COPY_ROWS = 250_000  # rows of one CSV slice (rows_write)
T = TypeVar("T")


def decoded(table: pa.Table, name: str) -> pa.Array:
    """A column as plain values (dictionary columns decoded), one chunk."""
    col = table.column(name).combine_chunks() if isinstance(table.column(name),
                                                             pa.ChunkedArray) else \
        table.column(name)
    return col.dictionary_decode() if pa.types.is_dictionary(col.type) else col


@lru_cache(maxsize=1 << 20)
def _name_keys(name: str) -> tuple[str, ...]:
    """Search keys of a name as written, with those of its passport Latin spelling (the
    registry indexes every written name of a person)."""
    latin = transliterate(name, "passport_icao_kz").upper()
    return tuple(dict.fromkeys(k[:KEY_LENGTH] for k in name_tokens(name) + name_tokens(latin)))


def index_rows(persons: pa.Table) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(row numbers, key ids, parts, keys) of the NameIndex rows: one per distinct (key,
    part) of a person, computed per distinct name and expanded with numpy."""
    key_ids: dict[str, int] = {}
    rows_out, keys, parts = [], [], []
    for part, column in enumerate(("surname", "given_name", "patronymic")):
        col = persons.column(column)
        arr = (col.unify_dictionaries().combine_chunks() if pa.types.is_dictionary(col.type)
               else pc.dictionary_encode(col.combine_chunks()))
        tokens = [_name_keys(v) for v in arr.dictionary.to_pylist()]
        counts = np.array([len(t) for t in tokens], dtype=np.int64)
        flat = np.array([key_ids.setdefault(k, len(key_ids)) for t in tokens for k in t],
                        dtype=np.int64)
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        idx = arr.indices.to_numpy()
        per_row = counts[idx]
        rows = np.repeat(np.arange(idx.size), per_row)
        within = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        rows_out.append(rows)
        keys.append(flat[starts[idx[rows]] + within])
        parts.append(np.full(rows.size, part, dtype=np.int16))
    return np.concatenate(rows_out), np.concatenate(keys), np.concatenate(parts), list(key_ids)


def pair_rows(rows: np.ndarray, key_ids: np.ndarray, parts: np.ndarray, n: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row numbers, first key ids, second key ids) of the NamePair rows of ``n`` persons
    from their NameIndex rows (:func:`index_rows`): every two of a person's keys in the
    order written (surname, given name, patronymic; within a part in token order), as
    ``kosh.identity.names.key_pairs`` pairs them, distinct. Persons are grouped by their
    number of keys, so that each group is one matrix."""
    order = np.lexsort((np.arange(rows.size), parts, rows))  # by person, part, token
    rows, key_ids = rows[order], key_ids[order]
    counts = np.bincount(rows, minlength=n)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    out_rows, out_a, out_b = [], [], []
    for size in range(2, int(counts.max(initial=0)) + 1):
        persons = np.flatnonzero(counts == size)
        if not persons.size:
            continue
        width = min(size, PAIR_TOKENS)
        keys = key_ids[starts[persons][:, None] + np.arange(width)]
        for i in range(width):
            for j in range(i + 1, width):
                out_rows.append(persons)
                out_a.append(keys[:, i])
                out_b.append(keys[:, j])
    if not out_rows:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    r, a, b = np.concatenate(out_rows), np.concatenate(out_a), np.concatenate(out_b)
    keep = a != b
    r, a, b = r[keep], a[keep], b[keep]
    width = np.int64(max(int(key_ids.max(initial=0)) + 1, 1))
    _, first = np.unique((r * width + a) * width + b, return_index=True)
    return r[first], a[first], b[first]


def person_keys_rows(rows: np.ndarray, key_ids: np.ndarray, parts: np.ndarray,
                     keys: list[str], n: int) -> pa.Array:
    """``NamePair.person_keys`` of each of ``n`` persons from their NameIndex rows: every
    (part, key) as "0AHMETOVA 1JANA 2SERIKIZI", by part then key (as
    ``kosh.identity.name_index.person_keys_text`` writes them)."""
    key_array = pa.array(keys, pa.string())
    rank = np.empty(len(keys), np.int64)
    rank[np.argsort(np.array(keys, dtype=object), kind="stable")] = np.arange(len(keys))
    order = np.lexsort((rank[key_ids], parts, rows))
    tokens = pc.binary_join_element_wise(
        pa.array(["0", "1", "2"]).take(pa.array(parts[order])),
        key_array.take(pa.array(key_ids[order])), "")
    offsets = np.r_[0, np.cumsum(np.bincount(rows, minlength=n))].astype(np.int32)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), tokens), " ")


def person_tables(persons: pa.Table, *, ids: np.ndarray, next_ids: dict[str, int],
                  known_keys: set[str], now: str) -> dict[str, pa.Table]:
    """Person, PersonName (Cyrillic and passport Latin), NameIndex, NamePair and the new
    NameKey vocabulary rows of ``persons`` (the columns of ``persons_generate``), with database
    ids ``ids``; ``next_ids`` (first free id per table) and ``known_keys`` are updated."""
    n = persons.num_rows
    surname, given, patronymic = (decoded(persons, c) for c in
                                  ("surname", "given_name", "patronymic"))
    display = pc.utf8_trim_whitespace(pc.binary_join_element_wise(surname, given,
                                                                  patronymic, " "))
    ts = pa.array([now] * n, type=pa.string())
    out = {"identity_person": pa.table({
        "id": ids, "iin": decoded(persons, "iin"),
        "birth_date": decoded(persons, "birth_date"), "sex": decoded(persons, "sex"),
        "display_name": display, "region_id": decoded(persons, "region"),
        "citizenship_id": decoded(persons, "citizenship"), "created_at": ts,
        "updated_at": ts,
    })}
    first = next_ids["identity_personname"]
    out["identity_personname"] = pa.table({
        "id": np.arange(first, first + 2 * n),
        "person_id": np.r_[ids, ids],
        "surname": pa.concat_arrays([surname, decoded(persons, "surname_latin")]),
        "given_name": pa.concat_arrays([given, decoded(persons, "given_name_latin")]),
        "patronymic": pa.concat_arrays([patronymic, pa.array([""] * n, pa.string())]),
        "script": pa.array(["cyrl"] * n + ["latn"] * n, pa.string()),
        "is_primary": np.r_[np.ones(n, bool), np.zeros(n, bool)],
    })
    next_ids["identity_personname"] += 2 * n
    rows, kid, part, keys = index_rows(persons)
    years = pc.year(decoded(persons, "birth_date")).to_numpy(zero_copy_only=False)
    key_array = pa.array(keys, pa.string())
    first = next_ids["identity_nameindex"]
    out["identity_nameindex"] = pa.table({
        "id": np.arange(first, first + rows.size), "person_id": ids[rows],
        "key": key_array.take(pa.array(kid)), "part": part, "birth_year": years[rows],
    })
    next_ids["identity_nameindex"] += rows.size
    prow, pa_, pb = pair_rows(rows, kid, part, n)
    first = next_ids["identity_namepair"]
    out["identity_namepair"] = pa.table({
        "id": np.arange(first, first + prow.size, dtype=np.int64), "person_id": ids[prow],
        "key": pc.binary_join_element_wise(key_array.take(pa.array(pa_)),
                                           key_array.take(pa.array(pb)), " "),
        "birth_year": years[prow],
        "person_keys": person_keys_rows(rows, kid, part, keys, n).take(pa.array(prow)),
    })
    next_ids["identity_namepair"] += prow.size
    new = sorted(k for k in set(keys) - known_keys if k)
    known_keys.update(new)
    variants = [(v, k) for k in new for v in sorted(key_deletes(k))]
    first = next_ids["identity_namekey"]
    out["identity_namekey"] = pa.table({
        "id": np.arange(first, first + len(variants), dtype=np.int64),
        "variant": pa.array([v for v, _ in variants], pa.string()),
        "key": pa.array([k for _, k in variants], pa.string()),
    })
    next_ids["identity_namekey"] += len(variants)
    return out


def next_ids(tables: list[str]) -> dict[str, int]:
    """The first free id of each table."""
    out = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}")
            out[t] = int(cur.fetchone()[0])
    return out


def known_name_keys() -> set[str]:
    """Keys already in the fuzzy vocabulary (each key is its own variant)."""
    with connection.cursor() as cur:
        cur.execute("SELECT key FROM identity_namekey WHERE variant = key")
        return {k for (k,) in cur.fetchall()}


def _csv(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, batch_size=65536))
    return sink.getvalue().to_pybytes()


def _sqlite_rows(table: pa.Table) -> list[list]:
    columns = []
    for col in table.columns:
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_boolean(col.type):
            col = col.cast(pa.int8())
        elif pa.types.is_date(col.type):
            col = col.cast(pa.string())
        elif pa.types.is_timestamp(col.type):
            col = pc.strftime(col, "%Y-%m-%d %H:%M:%S")
        columns.append(col.to_pylist())
    return columns


def indexes_drop(tables: list[str]) -> tuple[list, list]:
    """PostgreSQL: drop the foreign-key and unique constraints and the secondary indexes
    of ``tables``; returns what :func:`indexes_restore` puts back. SQLite: nothing."""
    if connection.vendor != "postgresql":
        return [], []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
            "AND contype IN ('f', 'u') ORDER BY contype DESC, conname", [tables])
        constraints = cur.fetchall()
        for table, name, _ in constraints:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND "
            "indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')",
            [tables])
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    return constraints, indexes


def indexes_restore(dropped: tuple[list, list], *, sessions: int = 2) -> None:
    """Rebuild what :func:`indexes_drop` dropped and is not there now (a violated
    constraint raises here), in three passes: the indexes, with those of the unique
    constraints; the unique constraints, attached to their indexes; the foreign keys,
    added without checking the rows (``NOT VALID``) and then validated.

    Inside a transaction, one statement after another on its connection (all or nothing).
    Outside one (the load has committed its tables), the builds and validations of a pass
    run in ``sessions`` connections at once, largest table first — these statements on
    different tables or indexes do not lock each other out — and each is committed as it
    ends, so that a rebuild that stopped resumes with what is missing."""
    constraints, indexes = dropped
    if not constraints and not indexes:  # SQLite, or a load that kept its indexes
        return
    there = _indexes_there([t for t, _, _ in constraints] + [_index_table(d) for _, d in indexes])
    builds, attach, foreign = [], [], []
    for name, definition in indexes:
        if name not in there["indexes"]:
            builds.append((_index_table(definition),
                           re.sub(r"^CREATE (UNIQUE )?INDEX ", r"CREATE \1INDEX IF NOT EXISTS ",
                                  definition)))
    for table, name, definition in constraints:
        if name in there["valid"]:
            continue
        columns = re.fullmatch(r"UNIQUE \((.+)\)", definition)
        if definition.startswith("FOREIGN KEY"):
            if name not in there["constraints"]:
                attach.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} '
                              "NOT VALID")
            foreign.append((table, f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"'))
        elif columns:
            builds.append((table, f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON {table} '
                                  f"({columns[1]})"))
            attach.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE USING INDEX '
                          f'"{name}"')
        else:
            attach.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    sizes = _table_bytes([t for t, _ in builds + foreign])
    _in_sessions([sql for t, sql in sorted(builds, key=lambda b: -sizes.get(b[0], 0))],
                 sessions)
    with connection.cursor() as cur:
        for sql in attach:
            cur.execute(sql)
    _in_sessions([sql for t, sql in sorted(foreign, key=lambda b: -sizes.get(b[0], 0))],
                  sessions)


def _index_table(definition: str) -> str:
    return re.search(r" ON (?:ONLY )?(?:public\.)?(\w+) ", definition)[1]


def _indexes_there(tables: list[str]) -> dict[str, set[str]]:
    """The indexes, the constraints and the validated constraints of ``tables`` now."""
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        indexes = {n for (n,) in cur.fetchall()}
        cur.execute("SELECT conname, convalidated FROM pg_constraint "
                    "WHERE conrelid::regclass::text = ANY(%s)", [tables])
        rows = cur.fetchall()
    return {"indexes": indexes, "constraints": {n for n, _ in rows},
            "valid": {n for n, valid in rows if valid}}


def _table_bytes(tables: list[str]) -> dict[str, int]:
    """The size of each table on disk now (``relpages`` is 0 until a table is vacuumed or
    indexed, so not for a table just loaded)."""
    with connection.cursor() as cur:
        cur.execute("SELECT relname, pg_relation_size(oid) FROM pg_class "
                    "WHERE relname = ANY(%s) AND relkind = 'r'", [sorted(set(tables))])
        return dict(cur.fetchall())


def _in_sessions(statements: list[str], sessions: int) -> None:
    """Run ``statements`` in this order, in the open transaction, or — outside one — in
    ``sessions`` threads, each statement on a connection of its own (Django opens one per
    thread) and committed by itself; the first error is raised once the running ones have
    ended, and those not started are dropped."""
    if connection.in_atomic_block or sessions <= 1 or len(statements) <= 1:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        return
    with ThreadPoolExecutor(sessions, thread_name_prefix="index-session") as pool:
        running = [pool.submit(_alone, sql) for sql in statements]
        try:
            for statement in running:
                statement.result()
        finally:
            pool.shutdown(cancel_futures=True)


def _alone(sql: str) -> None:
    """One statement on this thread's connection, committed, the connection closed."""
    try:
        with connection.cursor() as cur:
            cur.execute(sql)
    finally:
        connection.close()


def tables_vacuum(tables: list[str], *, attempts: int = 3) -> dict[str, float]:
    """PostgreSQL, after the load's transaction has committed: ``VACUUM (ANALYZE)`` each
    table, so that the planner has statistics and the visibility map is set (the name
    search reads its posting lists by index-only scans; without the map every posting is a
    heap fetch and a common name costs several times more). Returns the share of each
    table's pages marked all-visible. Inside a transaction (nothing committed yet) and on
    SQLite: nothing, ``{}``.

    VACUUM marks a page all-visible only once the commit of the rows' transaction is
    flushed to the WAL (before that their hint bits may not be set). With
    ``synchronous_commit = off`` (the benchmark's clusters) the load's commit is flushed
    some time later, and every asynchronous commit of a nearby transaction id (each
    ANALYZE's) moves the flush point its hint bits wait for on again, so whether a table got
    its map was a matter of timing. Hence: wait until the WAL is flushed past the load's
    commit, commit synchronously meanwhile, and vacuum again a table a concurrent snapshot
    held back."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return {}
    shares: dict[str, float] = {}
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('synchronous_commit'), pg_current_wal_insert_lsn()")
        previous, written = cur.fetchone()
        cur.execute("SET synchronous_commit TO on")
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # the WAL writer flushes within ~200 ms
                cur.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [written])
                if cur.fetchone()[0]:
                    break
                time.sleep(0.01)
            pending = list(tables)
            for attempt in range(attempts):
                if attempt:
                    time.sleep(0.2)
                for table in pending:
                    cur.execute(f"VACUUM (ANALYZE) {table}")
                cur.execute("SELECT relname, relallvisible::float / greatest(relpages, 1) "
                            "FROM pg_class WHERE relname = ANY(%s)", [pending])
                shares |= dict(cur.fetchall())
                pending = [t for t in pending if shares.get(t, 1.0) < 0.99]
                if not pending:
                    break
        finally:
            cur.execute("SELECT set_config('synchronous_commit', %s, false)", [previous])
    return {t: shares[t] for t in tables if t in shares}


def sequences_reset(tables: list[str]) -> None:
    """PostgreSQL: move the id sequences past the ids written explicitly."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def ahead(items: Iterable[T]) -> Iterator[T]:
    """The items of ``items`` in order, each made in a thread while the caller uses the one
    before: the loader's Python (Parquet, names, CSV) runs on one core while the server
    parses the rows sent before on the other. An error in making an item is raised where
    that item is taken; a caller that stops early waits for the item being made, no more."""
    made = iter(items)
    done = object()
    with ThreadPoolExecutor(1, thread_name_prefix="rows-ahead") as maker:
        coming = maker.submit(next, made, done)
        while (item := coming.result()) is not done:
            coming = maker.submit(next, made, done)
            yield item


def rows_write(table: str, rows: pa.Table) -> float:
    """Write ``rows`` (columns named as in the database) in the open transaction; returns
    the seconds taken. PostgreSQL: one COPY, its CSV made a slice ahead of what is sent
    (:func:`ahead`); SQLite: executemany in batches."""
    t = time.perf_counter()
    columns = ", ".join(rows.column_names)
    if connection.vendor == "postgresql":
        slices = (_csv(rows.slice(i, COPY_ROWS)) for i in range(0, rows.num_rows, COPY_ROWS))
        with connection.cursor() as cur, cur.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as cp:
            for data in ahead(slices):
                for i in range(0, len(data), COPY_BLOCK):
                    cp.write(data[i: i + COPY_BLOCK])
    else:
        values = _sqlite_rows(rows)
        sql = (f"INSERT INTO {table} ({columns}) VALUES "
               f"({', '.join(['%s'] * len(values))})")
        with connection.cursor() as cur:
            for i in range(0, rows.num_rows, SQLITE_BATCH):
                cur.executemany(sql, list(zip(*(v[i: i + SQLITE_BATCH] for v in values),
                                              strict=True)))
    return time.perf_counter() - t
