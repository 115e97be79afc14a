"""PostgreSQL: ``kosh_audit_append``, one statement that appends an audit event to the
hash chain — lock the chain head, hash the previous hash followed by the event's canonical
text (computed by the caller, ``kosh.access.chain.canonical``), insert the event, move
the head — so an audited read costs one round trip instead of five. The chain, its hash
and the head lock are unchanged; SQLite keeps appending from Python."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kosh_audit_append(
    p_at timestamptz, p_actor_id bigint, p_actor_name text, p_role text, p_action text,
    p_object_type text, p_object_id text, p_person_id bigint, p_purpose text,
    p_channel text, p_before jsonb, p_after jsonb, p_reason text, p_canonical text,
    OUT o_id bigint, OUT o_prev_hash text, OUT o_hash text)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT h.hash INTO o_prev_hash FROM access_auditchainhead h WHERE h.id = 1 FOR UPDATE;
    IF NOT FOUND THEN  -- the first event: the head starts at the genesis hash
        INSERT INTO access_auditchainhead (id, hash) VALUES (1, repeat('0', 64))
            ON CONFLICT (id) DO NOTHING;
        SELECT h.hash INTO o_prev_hash FROM access_auditchainhead h WHERE h.id = 1
            FOR UPDATE;
    END IF;
    o_hash := encode(sha256(convert_to(o_prev_hash || p_canonical, 'UTF8')), 'hex');
    INSERT INTO access_auditevent (at, actor_id, actor_name, role, action, object_type,
        object_id, person_id, purpose, channel, before, after, reason, prev_hash, hash)
    VALUES (p_at, p_actor_id, p_actor_name, p_role, p_action, p_object_type, p_object_id,
        p_person_id, p_purpose, p_channel, p_before, p_after, p_reason, o_prev_hash, o_hash)
    RETURNING access_auditevent.id INTO o_id;
    UPDATE access_auditchainhead SET hash = o_hash, event_id = o_id
        WHERE access_auditchainhead.id = 1;
END
$$;
"""
DROP = ("DROP FUNCTION IF EXISTS kosh_audit_append(timestamptz, bigint, text, text, text, "
        "text, text, bigint, text, text, jsonb, jsonb, text, text);")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0008_asylum_officer_role"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
