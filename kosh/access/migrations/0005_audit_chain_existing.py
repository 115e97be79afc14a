"""Chain the events written before the hash chain existed, in id order, and create the
chain head. The append-only triggers are off for this one update (disabled on PostgreSQL;
on SQLite any left by a migrate to an earlier state are dropped, and 0006 creates them)."""

from django.db import migrations, models

from kosh.access.chain import GENESIS, event_hash

FIELDS = ("at", "actor_id", "actor_name", "role", "channel", "action", "object_type",
          "object_id", "person_id", "purpose", "before", "after", "reason")
TRIGGER = "access_auditevent_append_only"


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("access", "AuditEvent")
    AuditChainHead = apps.get_model("access", "AuditChainHead")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE access_auditevent DISABLE TRIGGER {TRIGGER}")
    elif schema_editor.connection.vendor == "sqlite":  # 0006 (re)creates them
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS access_auditevent_no_{op}")
    prev, last_id = GENESIS, None
    rows = AuditEvent.objects.order_by("id").values("id", *FIELDS).iterator(chunk_size=5000)
    for row in rows:
        digest = event_hash(prev, {f: row[f] for f in FIELDS})
        AuditEvent.objects.filter(pk=row["id"]).update(prev_hash=prev, hash=digest)
        prev, last_id = digest, row["id"]
    if postgres:
        schema_editor.execute(f"ALTER TABLE access_auditevent ENABLE TRIGGER {TRIGGER}")
    AuditChainHead.objects.create(pk=1, hash=prev, event_id=last_id)


def backwards(apps, schema_editor):
    apps.get_model("access", "AuditChainHead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0004_audit_hash_chain")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
