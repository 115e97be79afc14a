"""Writing and checking the audit log. Call ``audit_record`` inside the transaction of the
change being audited; refusals are recorded by ``kosh.access.refusals`` after the refused
transaction has rolled back."""

import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from .chain import ChainCheck, chain_walk
from .models import CHAINED_FIELDS, AuditChainHead, AuditEvent
from .policy import Actor

P = ParamSpec("P")
R = TypeVar("R")


def _parameters_of(
    source: Callable[P, Any],
) -> Callable[[Callable[..., R]], Callable[P, R]]:
    """Give the decorated function ``source``'s parameters (for type checkers and
    ``inspect.signature``), so that a function passing them on declares them only once."""

    def decorate(func: Callable[..., R]) -> Callable[P, R]:
        func.__signature__ = inspect.signature(source)  # type: ignore[attr-defined]
        return func

    return decorate


def audit_event(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    person_id: int | None = None,
    purpose: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """One event, not appended yet: who (user, role, channel), did what, to which object,
    why, and for a refusal the reason. ``actor_name`` names an actor without an account (a
    locked sign-in under an unknown name). ``audit_record`` appends it at once;
    ``audit_append`` appends several under one lock of the chain head."""
    return AuditEvent(
        actor=actor.user,
        actor_name=actor_name or actor.username,
        role=actor.role or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:40],
        person_id=person_id,
        purpose=purpose,
        channel=actor.channel,
        before=before,
        after=after,
        reason=reason,
    )


@_parameters_of(audit_event)
def audit_record(**fields: Any) -> AuditEvent:
    """Append one event (as ``audit_event`` describes it) now."""
    event = audit_event(**fields)
    event.save()
    return event


def audit_append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append events made by ``audit_event``, in order, under one lock of the chain head
    (one INSERT). Call it last in the transaction: the head stays locked until the commit,
    and every other writer of the audit log waits for it."""
    return AuditEvent.append_many(events)


def audit_record_many(
    *, actor: Actor, action: str, object_type: str, object_id: Any = "",
    person_ids: list[int | None], purpose: str = "", before: dict | None = None,
    after: dict | None = None,
) -> list[AuditEvent]:
    """Append the same event once per person (e.g. a family's step on each member's
    card) under one lock of the chain head."""
    return audit_append([
        audit_event(actor=actor, action=action, object_type=object_type,
                    object_id=object_id, person_id=person_id, purpose=purpose,
                    before=before, after=after)
        for person_id in person_ids])


CHUNK = 5000


def audit_verify(*, actor: Actor) -> ChainCheck:
    """Walk the whole chain in id order and record the outcome as a ``verify`` event
    (so the log shows every check that ran)."""
    with transaction.atomic():
        head = AuditChainHead.objects.filter(pk=1).first()
        events = AuditEvent.objects.order_by("id")
        if head is not None and head.event_id is not None:  # not those appended meanwhile
            events = events.filter(id__lte=head.event_id)
        rows = events.values("id", "prev_hash", "hash", *CHAINED_FIELDS).iterator(
            chunk_size=CHUNK)
        check = chain_walk(rows, CHAINED_FIELDS, head.hash if head else None,
                           head.event_id if head else None)
    audit_record(actor=actor, action=AuditEvent.Action.VERIFY, object_type="audit_log",
                 after={"intact": check.intact, "events": check.count,
                        "last_hash": check.last_hash, "broken_at": check.broken_at,
                        "problem": check.problem})
    return check
