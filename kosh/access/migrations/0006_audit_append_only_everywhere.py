"""Append-only on both databases: PostgreSQL also refuses TRUNCATE of audit events
(UPDATE and DELETE are refused since 0002); SQLite gets triggers refusing UPDATE and
DELETE (recreated after every migrate by ``kosh.access.apps``, since SQLite drops a
table's triggers when it rebuilds the table)."""

from django.db import migrations

PG_CREATE = """
CREATE TRIGGER access_auditevent_no_truncate
  BEFORE TRUNCATE ON access_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION kosh_audit_append_only();
"""
PG_DROP = "DROP TRIGGER IF EXISTS access_auditevent_no_truncate ON access_auditevent;"
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS access_auditevent_no_{op.lower()}
  BEFORE {op} ON access_auditevent
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""
    for op in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS access_auditevent_no_{op};" for op in ("update", "delete")]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("access", "0005_audit_chain_existing")]
    operations = [migrations.RunPython(forwards, backwards)]
