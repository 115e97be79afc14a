"""PostgreSQL: ``kosh_audit_append_many``, one statement that appends several audit events
to the hash chain in order under one lock of the chain head, as ``kosh_audit_append``
(0009) does for one: each event's hash covers the previous hash followed by its canonical
text (computed by the caller). A submission appends its eight events in one round trip
instead of a locked read, an INSERT and an UPDATE through the ORM. SQLite keeps appending
from Python."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kosh_audit_append_many(
    p_at timestamptz[], p_actor_id bigint[], p_actor_name text[], p_role text[],
    p_action text[], p_object_type text[], p_object_id text[], p_person_id bigint[],
    p_purpose text[], p_channel text[], p_before jsonb[], p_after jsonb[], p_reason text[],
    p_canonical text[])
RETURNS TABLE (o_id bigint, o_prev_hash text, o_hash text)
LANGUAGE plpgsql AS $$
DECLARE
    previous text;
BEGIN
    SELECT h.hash INTO previous FROM access_auditchainhead h WHERE h.id = 1 FOR UPDATE;
    IF NOT FOUND THEN  -- the first event: the head starts at the genesis hash
        INSERT INTO access_auditchainhead (id, hash) VALUES (1, repeat('0', 64))
            ON CONFLICT (id) DO NOTHING;
        SELECT h.hash INTO previous FROM access_auditchainhead h WHERE h.id = 1
            FOR UPDATE;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(p_canonical), 0) LOOP
        o_prev_hash := previous;
        o_hash := encode(sha256(convert_to(previous || p_canonical[i], 'UTF8')), 'hex');
        INSERT INTO access_auditevent (at, actor_id, actor_name, role, action, object_type,
            object_id, person_id, purpose, channel, before, after, reason, prev_hash, hash)
        VALUES (p_at[i], p_actor_id[i], p_actor_name[i], p_role[i], p_action[i],
            p_object_type[i], p_object_id[i], p_person_id[i], p_purpose[i], p_channel[i],
            p_before[i], p_after[i], p_reason[i], o_prev_hash, o_hash)
        RETURNING access_auditevent.id INTO o_id;
        previous := o_hash;
        RETURN NEXT;
    END LOOP;
    IF o_id IS NOT NULL THEN
        UPDATE access_auditchainhead SET hash = previous, event_id = o_id
            WHERE access_auditchainhead.id = 1;
    END IF;
END
$$;
"""
DROP = ("DROP FUNCTION IF EXISTS kosh_audit_append_many(timestamptz[], bigint[], text[], "
        "text[], text[], text[], text[], bigint[], text[], text[], jsonb[], jsonb[], text[], "
        "text[]);")


def on_postgresql(sql: str):
    """A migration step that runs ``sql`` on PostgreSQL and nothing elsewhere."""
    return lambda apps, schema_editor: (schema_editor.execute(sql)
                                        if schema_editor.connection.vendor == "postgresql"
                                        else None)


class Migration(migrations.Migration):
    dependencies = [("access", "0009_audit_append_function")]
    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
