"""On PostgreSQL, a trigger refuses UPDATE and DELETE of audit events, so not even a
direct SQL session can rewrite the log."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kosh_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditevent_append_only
  BEFORE UPDATE OR DELETE ON access_auditevent
  FOR EACH ROW EXECUTE FUNCTION kosh_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS access_auditevent_append_only ON access_auditevent;
DROP FUNCTION IF EXISTS kosh_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
