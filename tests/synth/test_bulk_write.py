"""The bulk writer of ``kosh synth load``: rows made a step ahead of what is sent, and the
indexes and constraints dropped for a load rebuilt in several sessions at once — all of
them, checked as before, and only the missing ones when a rebuild that stopped runs again."""

import threading

import pytest
from django.db import IntegrityError, connection

from kosh.synth.nation.registry import ahead, indexes_drop, indexes_restore

PARENT, CHILD = "bulk_test_parent", "bulk_test_child"


def test_items_made_ahead_come_in_order():
    assert list(ahead(iter(range(50)))) == list(range(50))
    assert list(ahead(iter([]))) == []


def test_an_error_in_making_an_item_is_raised_where_it_is_taken():
    def items():
        yield 1
        raise ValueError("bad batch")

    made = ahead(items())
    assert next(made) == 1
    with pytest.raises(ValueError, match="bad batch"):
        next(made)


def test_a_caller_that_stops_early_stops_the_maker():
    made_count = []

    def items():
        for i in range(1000):
            made_count.append(i)
            yield i

    made = ahead(items())
    assert next(made) == 0
    made.close()  # the maker thread is joined here, not left blocked on a full hand-over
    assert len(made_count) < 5
    assert not [t for t in threading.enumerate() if t.name.startswith("rows-ahead")]


def _own_session(work):
    """Run ``work`` on a connection of its own in autocommit (as ``kosh synth load`` runs
    its rebuild after the tables are committed), outside the test's transaction."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = work()
        except Exception as err:  # re-raised in the test's thread
            out["error"] = err
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def _sql(*statements: str) -> None:
    def run() -> None:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
    _own_session(run)


def _schema() -> dict[str, object]:
    def read() -> dict[str, object]:
        with connection.cursor() as cur:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)",
                        [[PARENT, CHILD]])
            indexes = sorted(n for (n,) in cur.fetchall())
            cur.execute("SELECT conname, contype, convalidated FROM pg_constraint WHERE "
                        "conrelid::regclass::text = ANY(%s) ORDER BY 1", [[PARENT, CHILD]])
            return {"indexes": indexes, "constraints": cur.fetchall()}
    return _own_session(read)


@pytest.fixture
def tables(db):
    _sql(f"CREATE TABLE {PARENT} (id bigint PRIMARY KEY)",
         f"CREATE TABLE {CHILD} (id bigint PRIMARY KEY, parent_id bigint NOT NULL "
         f"REFERENCES {PARENT} (id) DEFERRABLE INITIALLY DEFERRED, code varchar(10), "
         "CONSTRAINT bulk_test_code_unique UNIQUE (code))",
         f"CREATE INDEX bulk_test_parent_id ON {CHILD} (parent_id)",
         f"CREATE INDEX bulk_test_code_like ON {CHILD} (code varchar_pattern_ops)",
         f"INSERT INTO {PARENT} SELECT g FROM generate_series(1, 2000) g",
         f"INSERT INTO {CHILD} SELECT g, g % 2000 + 1, 'C' || g FROM generate_series(1, 5000) g")
    yield
    _sql(f"DROP TABLE IF EXISTS {CHILD}", f"DROP TABLE IF EXISTS {PARENT}")


@pytest.mark.postgres
def test_indexes_come_back_from_several_sessions_and_a_stopped_rebuild_resumes(tables):
    before = _schema()
    dropped = _own_session(lambda: indexes_drop([PARENT, CHILD]))
    assert _schema()["indexes"] == [f"{CHILD}_pkey", f"{PARENT}_pkey"]

    _own_session(lambda: indexes_restore(dropped, sessions=2))
    assert _schema() == before  # every index, the unique and the checked foreign key

    # a rebuild that stopped half-way: one index and the foreign key are missing
    fk = next(name for name, kind, _ in before["constraints"] if kind == "f")
    _sql("DROP INDEX bulk_test_code_like", f'ALTER TABLE {CHILD} DROP CONSTRAINT "{fk}"')
    _own_session(lambda: indexes_restore(dropped, sessions=2))
    assert _schema() == before


@pytest.mark.postgres
def test_rows_that_break_a_constraint_stop_the_rebuild(tables):
    dropped = _own_session(lambda: indexes_drop([PARENT, CHILD]))
    _sql(f"INSERT INTO {CHILD} VALUES (9001, 1, 'C1')",  # a second C1
         f"INSERT INTO {CHILD} VALUES (9002, 999999, 'X')")  # no such parent
    with pytest.raises(IntegrityError):
        _own_session(lambda: indexes_restore(dropped, sessions=2))
    _sql(f"DELETE FROM {CHILD} WHERE id = 9001")
    with pytest.raises(IntegrityError, match="foreign key"):
        _own_session(lambda: indexes_restore(dropped, sessions=2))
