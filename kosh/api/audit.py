"""The audit log, for auditors: who read or changed which person's data, when and why."""

import math

from django.http import HttpRequest
from ninja import Query, Router

from kosh.access.policy import actor_for
from kosh.identity import selectors
from kosh.identity.search import person_ids_matching

from .schemas import (
    AuditAction,
    AuditPage,
    AuditReason,
    ErrorOut,
    PersonText,
    RecordId,
    RegistryDate,
    Username,
)

router = Router(tags=["audit"])

PAGE_SIZE = 50


@router.get("", response={200: AuditPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def audit_list(
    request: HttpRequest,
    person_id: RecordId | None = None,
    person: PersonText = "",
    username: Username = "",
    action: AuditAction | None = None,
    reason: AuditReason | None = None,
    date_from: RegistryDate | None = None,
    date_to: RegistryDate | None = None,
    page: int = Query(1, ge=1, le=100_000),
) -> AuditPage:
    """Audit events, newest first, 50 a page, optionally of one person (``person_id``, or
    ``person``: an IIN or a name, found through the registry search), user, action
    (``denied``, ``download`` …) or refusal reason, and between two days (both included).
    Each event carries its hash in the log's hash chain. Each call is one ``read`` event."""
    actor = actor_for(request.user, channel="api")
    person_ids = person_ids_matching(actor=actor, text=person) if person.strip() else None
    filters = {"person_id": person_id, "person": person.strip(), "username": username,
               "action": action or "", "reason": reason or "", "date_from": date_from,
               "date_to": date_to}
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    events = selectors.audit_list(
        actor=actor, person_id=person_id, person_ids=person_ids,
        username=username, action=action or "", reason=reason or "",
        date_from=date_from, date_to=date_to,
    )
    count = events.count()
    start = (page - 1) * PAGE_SIZE
    items = list(events[start : start + PAGE_SIZE])
    selectors.audit_viewed(actor=actor, filters=filters, person_ids=person_ids, page=page)
    return AuditPage(items=items, count=count, page=page, pages=math.ceil(count / PAGE_SIZE))
