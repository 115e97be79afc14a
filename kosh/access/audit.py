"""Writing the audit log. Call inside the transaction of the change being audited."""

from typing import Any

from .models import AuditEvent
from .policy import Actor


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    person_id: int | None = None,
    purpose: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event: who (user, role, channel), did what, to which object, why."""
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_name=actor.username,
        role=actor.role or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        person_id=person_id,
        purpose=purpose,
        channel=actor.channel,
        before=before,
        after=after,
    )
