from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS access_auditevent_no_{op.lower()}
  BEFORE {op} ON access_auditevent
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""
    for op in ("UPDATE", "DELETE")
]


def sqlite_triggers_ensure(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """Recreate the SQLite append-only triggers after every migrate: SQLite alters a table
    by rebuilding it, which silently drops its triggers (migration 0006 creates them
    first; PostgreSQL keeps its triggers through ALTER TABLE)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "access_auditevent" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_TRIGGERS:
            cursor.execute(sql)


class AccessConfig(AppConfig):
    name = "kosh.access"
    label = "access"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .refusals import sign_in_locked

        user_locked_out.connect(sign_in_locked, dispatch_uid="kosh_audit_sign_in_locked")
        post_migrate.connect(sqlite_triggers_ensure, sender=self,
                             dispatch_uid="kosh_audit_sqlite_triggers")
