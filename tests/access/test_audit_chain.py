"""The audit log is a hash chain: appended one at a time without forks, refused to be
changed by the database (PostgreSQL and SQLite), and checked by ``kosh audit verify``."""

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from typer.testing import CliRunner

from kosh.access.audit import (
    audit_append,
    audit_event,
    audit_record,
    audit_record_many,
    audit_verify,
)
from kosh.access.chain import GENESIS, event_hash
from kosh.access.models import CHAINED_FIELDS, AuditChainHead, AuditEvent
from kosh.access.policy import system_actor
from kosh.cli import app

KOSH = str(Path(sys.executable).with_name("kosh"))
ROOT = Path(__file__).resolve().parents[2]


def _verify() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def _tamper(sql: str, params: list) -> None:
    """Change the log as a superuser with the refusing triggers off (PostgreSQL)."""
    with connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(sql, params)
        cur.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.django_db
def test_each_event_hashes_its_fields_after_the_previous_hash():
    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False):
        first = audit_record(actor=system_actor(), action="read", object_type="person",
                             object_id=7, person_id=7, purpose="identity_check",
                             before={"iin": "1"}, after={"iin": ("2",)})
        second = audit_record(actor=system_actor(), action="denied", object_type="person",
                              reason="out_of_scope")
    stored = AuditEvent.objects.values(*CHAINED_FIELDS).get(pk=first.pk)
    assert first.after == {"iin": ["2"]}  # stored as it reads back
    assert first.hash == event_hash(first.prev_hash, stored)
    assert second.prev_hash == first.hash
    assert AuditChainHead.objects.get().hash == second.hash


@pytest.mark.django_db
def test_values_are_hashed_as_stored():
    AuditEvent.objects.create(actor_name="script", action=AuditEvent.Action.READ,
                              object_type="person", object_id=5, person_id="6", channel="cli")
    assert audit_verify(actor=system_actor()).intact


@pytest.mark.django_db
def test_the_first_event_follows_genesis():
    assert AuditEvent.objects.order_by("id").first().prev_hash == GENESIS


@pytest.mark.django_db
def test_events_are_not_created_in_bulk():
    with pytest.raises(ValidationError):
        AuditEvent.objects.bulk_create([AuditEvent(actor_name="x", action="read",
                                                   object_type="person", channel="cli")])


@pytest.mark.django_db
def test_events_appended_together_are_chained_in_order():
    before = audit_record(actor=system_actor(), action="read", object_type="person")
    events = audit_record_many(actor=system_actor(), action="update", object_type="family",
                               object_id=3, person_ids=[11, 12, 13], after={"step": "x"})
    assert [e.person_id for e in events] == [11, 12, 13] and all(e.pk for e in events)
    assert events[0].prev_hash == before.hash and events[2].prev_hash == events[1].hash
    assert AuditChainHead.objects.get().event_id == events[-1].pk
    assert audit_verify(actor=system_actor()).intact


@pytest.mark.django_db
def test_verify_passes_on_an_intact_chain_and_is_itself_logged():
    count = AuditEvent.objects.count()
    code, output = _verify()
    head = AuditChainHead.objects.get()
    assert code == 0, output
    assert f"{count} events" in output
    last = AuditEvent.objects.order_by("-id").first()
    assert (last.action, last.channel, last.after["intact"]) == ("verify", "cli", True)
    assert last.after["last_hash"] in output
    assert head.event_id == last.pk


@pytest.mark.postgres
@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("refused", [
    lambda: AuditEvent.objects.update(purpose="rewritten"),
    lambda: AuditEvent.objects.filter(pk__gt=0).delete(),
    lambda: connection.cursor().execute("UPDATE access_auditevent SET purpose = 'x'"),
    lambda: connection.cursor().execute("DELETE FROM access_auditevent"),
    lambda: connection.cursor().execute("TRUNCATE access_auditevent"),
], ids=["bulk-update", "bulk-delete", "sql-update", "sql-delete", "sql-truncate"])
def test_postgresql_refuses_every_change(refused):
    with pytest.raises(DatabaseError), transaction.atomic():
        refused()


@pytest.mark.postgres
@pytest.mark.postgres
@pytest.mark.django_db
def test_verify_names_a_changed_event_on_postgresql():
    target = AuditEvent.objects.order_by("id")[3]
    _tamper("UPDATE access_auditevent SET purpose = 'rewritten' WHERE id = %s", [target.pk])
    code, output = _verify()
    assert code == 1
    assert f"event {target.pk}: hash does not match" in output
    assert AuditEvent.objects.order_by("-id").first().after["broken_at"] == target.pk


@pytest.mark.postgres
@pytest.mark.postgres
@pytest.mark.django_db
def test_verify_names_the_event_after_a_removed_one_on_postgresql():
    removed, following = AuditEvent.objects.order_by("id")[2:4]
    _tamper("DELETE FROM access_auditevent WHERE id = %s", [removed.pk])
    code, output = _verify()
    assert code == 1
    assert f"event {following.pk}: link does not match" in output


@pytest.mark.postgres
@pytest.mark.postgres
@pytest.mark.django_db
def test_verify_notices_the_newest_events_removed_on_postgresql():
    newest = audit_record(actor=system_actor(), action="read", object_type="person")
    _tamper("DELETE FROM access_auditevent WHERE id = %s", [newest.pk])
    code, output = _verify()
    assert code == 1
    assert f"event {newest.pk}: the newest events are missing" in output


@pytest.mark.postgres
@pytest.mark.postgres
@pytest.mark.django_db
def test_concurrent_writers_make_one_chain_without_forks():
    """Writers on their own connections queue on the chain head (their events are
    committed and stay: the log is append-only)."""
    errors: list[Exception] = []

    def write() -> None:
        try:
            for _ in range(5):
                audit_record(actor=system_actor(), action="read", object_type="person",
                             purpose="concurrency")
        except Exception as err:  # asserted below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    code, output = _verify()
    assert code == 0, output


# ----- SQLite ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory) -> dict[str, str]:
    """A SQLite database built by ``kosh manage migrate`` with a few events."""
    path = tmp_path_factory.mktemp("sqlite") / "kosh.sqlite3"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
               DATABASE_URL=f"sqlite:///{path}", PYTHONPATH=str(ROOT))
    subprocess.run([KOSH, "manage", "migrate", "-v0"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    _django(env, "from kosh.access.audit import audit_record\n"
                 "from kosh.access.policy import system_actor\n"
                 "for i in range(3):\n"
                 "    audit_record(actor=system_actor(), action='read', object_type='person',"
                 " object_id=i)\n")
    return env | {"path": str(path)}


def _django(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    script = "import django\ndjango.setup()\n" + code
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=120)


def test_sqlite_refuses_every_change(sqlite_db):
    out = _django(sqlite_db, """
from django.db import DatabaseError, connection, transaction
from kosh.access.models import AuditEvent
attempts = {
    "bulk-update": lambda: AuditEvent.objects.update(purpose="x"),
    "bulk-delete": lambda: AuditEvent.objects.filter(pk__gt=0).delete(),
    "sql-update": lambda: connection.cursor().execute("UPDATE access_auditevent SET purpose='x'"),
    "sql-delete": lambda: connection.cursor().execute("DELETE FROM access_auditevent"),
}
for name, attempt in attempts.items():
    try:
        with transaction.atomic():
            attempt()
        print(name, "allowed")
    except DatabaseError as err:
        print(name, "refused:", err)
""").stdout
    assert out.count("refused: audit events are append-only") == 4, out
    db = sqlite3.connect(sqlite_db["path"])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE access_auditevent SET purpose = 'x'")
    db.close()


def test_sqlite_verify_passes_then_detects_a_changed_row(sqlite_db):
    verify = [KOSH, "audit", "verify"]
    intact = subprocess.run(verify, env=sqlite_db, cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert intact.returncode == 0, intact.stderr
    assert "audit log intact: 3 events" in intact.stdout
    db = sqlite3.connect(sqlite_db["path"])
    db.execute("DROP TRIGGER access_auditevent_no_update")
    db.execute("UPDATE access_auditevent SET object_id = '99' WHERE id = 2")
    db.commit()
    db.close()
    broken = subprocess.run(verify, env=sqlite_db, cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert broken.returncode == 1
    assert "broken at event 2: hash does not match" in broken.stderr
    subprocess.run([KOSH, "manage", "migrate", "-v0"], env=sqlite_db, cwd=ROOT, check=True,
                   capture_output=True, timeout=300)  # puts the dropped trigger back
    db = sqlite3.connect(sqlite_db["path"])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE access_auditevent SET purpose = 'x'")
    db.close()


def test_events_from_before_the_chain_are_chained_by_the_migration(tmp_path):
    path = tmp_path / "old.sqlite3"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
               DATABASE_URL=f"sqlite:///{path}", PYTHONPATH=str(ROOT))
    migrate = [KOSH, "manage", "migrate", "-v0"]
    subprocess.run([*migrate, "access", "0003"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    db = sqlite3.connect(path)
    for i in range(3):
        db.execute("INSERT INTO access_auditevent (at, actor_name, role, action, object_type, "
                   "object_id, purpose, channel, before, after) VALUES "
                   "('2026-01-01 10:00:00.123456', 'old', '', 'read', 'person', ?, '', 'cli', "
                   "NULL, '{\"b\": 1.5, \"a\": \"Ә\"}')", (str(i),))
    db.commit()
    db.close()
    subprocess.run(migrate, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    result = subprocess.run([KOSH, "audit", "verify"], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "audit log intact: 3 events" in result.stdout


@pytest.mark.django_db
def test_the_database_hashes_any_script_as_python_does():
    """On PostgreSQL the hash is computed by the append statement (kosh_audit_append):
    Cyrillic, Kazakh letters and emoji in the fields hash as UTF-8 exactly as in Python."""
    event = audit_record(actor=system_actor(), action="search", object_type="person",
                         purpose="тексеру — Ғ Ә Ң 🙂",
                         after={"query": "Ахметова Жанна Серікқызы", "results": [1, 2]})
    stored = AuditEvent.objects.values(*CHAINED_FIELDS).get(pk=event.pk)
    assert event.hash == event_hash(event.prev_hash, stored)
    assert AuditChainHead.objects.get().event_id == event.pk
    assert audit_verify(actor=system_actor()).intact


@pytest.mark.django_db
def test_events_appended_together_hash_any_script_as_python_does():
    """Several events in one statement (kosh_audit_append_many on PostgreSQL): each stored
    as given, hashed after the one before as Python hashes it, the head on the last."""
    before = audit_record(actor=system_actor(), action="read", object_type="person")
    events = audit_append([
        audit_event(actor=system_actor(), action="create", object_type="case",
                    object_id=7, person_id=11, purpose="тексеру — Ғ Ә Ң 🙂",
                    after={"query": "Ахметова Жанна", "results": [1, 2.5], "none": None}),
        audit_event(actor=system_actor(), action="create", object_type="case_document",
                    object_id=8, person_id=None),
        audit_event(actor=system_actor(), action="update", object_type="case",
                    before={"status": "submitted"}, after={"status": "under_review"},
                    reason=""),
    ])
    stored = {row["id"]: row for row in AuditEvent.objects.filter(
        pk__in=[e.pk for e in events]).values("id", "prev_hash", "hash", *CHAINED_FIELDS)}
    previous = before.hash
    for event in events:
        row = stored[event.pk]
        assert (row["prev_hash"], row["hash"]) == (previous, event.hash)
        assert event.hash == event_hash(previous, {k: row[k] for k in CHAINED_FIELDS})
        previous = event.hash
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    assert AuditChainHead.objects.get().event_id == events[-1].pk
    assert audit_verify(actor=system_actor()).intact


@pytest.mark.django_db
def test_events_appended_together_roll_back_with_their_transaction():
    head = AuditChainHead.objects.get()
    count = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append([audit_event(actor=system_actor(), action="read", object_type="person",
                                  person_id=i) for i in range(3)])
        raise RuntimeError("the change being audited failed")
    assert AuditEvent.objects.count() == count
    assert AuditChainHead.objects.get().hash == head.hash
    assert audit_append([]) == []
