"""Reads of the registry, always scoped by the access policy and audited. Search lives in
``search.py``."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.errors import DomainError

from .models import PROTECTED_CATEGORIES, IdentityDocument, Person
from .permissions import category_filter, person_filter, sensitive_require


def person_scope(actor: Actor) -> QuerySet[Person]:
    """All persons the actor may see."""
    return Person.objects.filter(person_filter(actor))


def person_in_scope(*, actor: Actor, person_id: int) -> Person:
    """A person the actor may see, not audited by itself: for a page whose one audited
    read is another (the sensitive history names the person it asks a purpose for).
    Raises like ``person_get``."""
    if not actor.can(Capability.VIEW_PERSON):
        raise AccessDenied(Capability.VIEW_PERSON, object_type="person", object_id=person_id,
                           person_id=person_id)
    person = (
        person_scope(actor).select_related("region", "citizenship").filter(pk=person_id).first()
    )
    if person is None:
        raise Person.DoesNotExist(person_id)
    return person


def person_get(*, actor: Actor, person_id: int, purpose: str) -> Person:
    """One person's record for the card, audited as a read with its purpose.

    Raises ``AccessDenied`` when the role may not read records and ``Person.DoesNotExist``
    when the person is outside the actor's scope (so existence is not revealed); the
    console and the API record the refusal (``kosh.access.refusals``)."""
    person = person_in_scope(actor=actor, person_id=person_id)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="person",
                 object_id=person.pk, person_id=person.pk, purpose=purpose)
    # the categories the card and the API show: asylum facts only to the asylum unit
    person.visible_categories = list(
        person.categories.filter(category_filter(actor)).order_by("valid_from", "pk"))
    person.shows_asylum = actor.can(Capability.MANAGE_ASYLUM)
    return person


JUSTIFICATION_MIN_WORDS = 2
JUSTIFICATION_MIN_LENGTH = 10


def person_sensitive_history(*, actor: Actor, person: Person, purpose: str,
                             justification: str) -> dict:
    """Addresses over time and border crossings; requires a stated purpose and a
    justification of a few words (the case number, the request answered). The read is
    one ``read_sensitive`` event whose purpose is "<purpose>: <justification>"."""
    sensitive_require(actor)
    if not purpose.strip():
        raise DomainError(
            "purpose_required", _("State the purpose before viewing this history."),
            field="purpose",
        )
    justification = " ".join(justification.split())
    if (len(justification.split()) < JUSTIFICATION_MIN_WORDS
            or len(justification) < JUSTIFICATION_MIN_LENGTH):
        raise DomainError(
            "justification_required",
            _("Say in a few words why you need this history, for example the case number"
              " and what you are checking."),
            field="justification",
        )
    audit_record(actor=actor, action=AuditEvent.Action.READ_SENSITIVE, object_type="person",
                 object_id=person.pk, person_id=person.pk,
                 purpose=f"{purpose.strip()}: {justification}")
    return {
        "addresses": list(
            person.addresses.select_related("region", "district", "settlement", "country")
        ),
        "crossings": list(person.crossings.select_related("country")),
    }


def person_changes(*, person: Person) -> list[AuditEvent]:
    """The change history of a record already read through ``person_get`` (creations and
    corrections), each event with ``object_name``: what was changed in words (a document
    as its kind and number, a name as written; the values of before/after are put in
    words where they are shown). Address changes are left out: addresses over time are
    sensitive history, shown only through ``person_sensitive_history`` with a stated
    purpose."""
    events = AuditEvent.objects.filter(
        person_id=person.pk,
        action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE,
                    AuditEvent.Action.IMPORT],
    ).exclude(object_type="address")
    if not getattr(person, "shows_asylum", False):
        # asylum and statelessness files, and the asylum categories, are the asylum
        # unit's (their events' object types start with "protection")
        events = events.exclude(object_type__startswith="protection").exclude(
            object_type="category", after__category__in=sorted(PROTECTED_CATEGORIES))
    events = list(events)
    documents = {str(d.pk): str(d) for d in person.documents.all()}
    names = {str(n.pk): n.full for n in person.names.all()}
    for event in events:
        event.object_name = {"document": documents, "person_name": names}.get(
            event.object_type, {}).get(event.object_id, "")
    return events


def document_get(*, actor: Actor, document_id: int, purpose: str) -> IdentityDocument:
    """A document of a person the actor may see (the person's read is audited); raises
    ``IdentityDocument.DoesNotExist`` otherwise, without revealing which."""
    person_id = (
        IdentityDocument.objects.filter(pk=document_id).values_list("person_id", flat=True).first()
    )
    if person_id is None:
        raise IdentityDocument.DoesNotExist(document_id)
    try:
        person = person_get(actor=actor, person_id=person_id, purpose=purpose)
    except Person.DoesNotExist as err:
        raise IdentityDocument.DoesNotExist(document_id) from err
    return person.documents.get(pk=document_id)


def audit_list(*, actor: Actor, person_id: int | None = None,
               person_ids: Sequence[int] | None = None, username: str = "",
               action: str = "", reason: str = "", date_from: date | None = None,
               date_to: date | None = None) -> QuerySet[AuditEvent]:
    """The audit log for auditors, newest first, optionally narrowed: to one person, to
    the persons a search named (``person_ids``, see ``search.person_ids_matching``; an
    empty list matches nothing), a user, an action, a refusal reason, and days in the
    server's time zone (both included). Not audited by itself: a page or an export of it
    records one event (``audit_viewed``, or the export's ``download``)."""
    actor.require(Capability.VIEW_AUDIT)
    events = AuditEvent.objects.all()
    if person_id:
        events = events.filter(person_id=person_id)
    if person_ids is not None:
        events = events.filter(person_id__in=list(person_ids))
    if username:
        events = events.filter(actor_name=username)
    if action:
        events = events.filter(action=action)
    if reason:
        events = events.filter(reason=reason)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return events


def audit_viewed(*, actor: Actor, filters: dict[str, Any], person_ids: Sequence[int] | None,
                 page: int = 1) -> AuditEvent:
    """The one ``read`` event of a view of the audit log: the filters and page shown, and
    the person when the filters name exactly one."""
    actor.require(Capability.VIEW_AUDIT)
    ids = sorted(set(person_ids or ()) | ({filters["person_id"]} if filters.get("person_id")
                                          else set()))
    return audit_record(
        actor=actor, action=AuditEvent.Action.READ, object_type="audit_log",
        person_id=ids[0] if len(ids) == 1 else None,
        after={"filters": {k: str(v) for k, v in filters.items()}, "page": page,
               "persons": ids},
    )


def audit_persons(*, actor: Actor, ids: Sequence[int]) -> dict[int, Person]:
    """The persons events of the audit log name, to show them by name and IIN."""
    actor.require(Capability.VIEW_AUDIT)
    return Person.objects.only("display_name", "iin").in_bulk([i for i in ids if i])


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
