"""Reads of cases, always scoped by ``permissions.case_filter``; opening a case is an
audited read of the applicant's data."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability

from .deadlines import Sla, sla_of
from .models import Case, CaseEvent, CaseFile, IssuedDocument
from .permissions import can_decide, case_filter, is_own_case
from .statuses import OPEN_STATUSES

BIGINT_MAX = 2**63 - 1


def case_scope(actor: Actor) -> QuerySet[Case]:
    """Every case the actor may see."""
    return Case.objects.filter(case_filter(actor))


def case_list(
    *,
    actor: Actor,
    status: str = "",
    instrument: str = "",
    assigned: str = "",
    sla: str = "",
    today: date | None = None,
) -> QuerySet[Case]:
    """The actor's cases, filtered: ``assigned`` is ``me``, ``none`` or empty; ``sla`` is
    ``overdue`` or ``due_soon`` (open cases past, or within two working days of, their
    expected decision date). Officers get the oldest deadline first."""
    cases = case_scope(actor).select_related("applicant", "applicant__citizenship",
                                             "assigned_to", "issued")
    if status:
        cases = cases.filter(status=status)
    if instrument:
        cases = cases.filter(instrument=instrument)
    if assigned == "me":
        cases = cases.filter(assigned_to=actor.user)
    elif assigned == "none":
        cases = cases.filter(assigned_to__isnull=True)
    today = today or timezone.localdate()
    if sla == Sla.OVERDUE:
        cases = cases.filter(status__in=OPEN_STATUSES, expected_decision_on__lt=today)
    elif sla == Sla.DUE_SOON:
        ids = [c.pk for c in cases.filter(status__in=OPEN_STATUSES,
                                          expected_decision_on__gte=today)
               if case_sla(c, today) == Sla.DUE_SOON]
        cases = cases.filter(pk__in=ids)
    if actor.can(Capability.VIEW_CASES):
        return cases.order_by("expected_decision_on", "id")
    return cases.order_by("-submitted_at", "-id")


def case_sla(case: Case, today: date | None = None) -> Sla:
    return sla_of(expected=case.expected_decision_on, today=today or timezone.localdate(),
                  is_open=case.is_open)


def case_get(*, actor: Actor, case_id: int) -> Case:
    """One case in the actor's scope (``Case.DoesNotExist`` otherwise); the read of the
    applicant's data is audited."""
    if not 0 < case_id <= BIGINT_MAX:
        raise Case.DoesNotExist
    case = case_scope(actor).select_related("applicant", "applicant__citizenship").get(
        pk=case_id
    )
    own = is_own_case(actor, case)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="case",
                 object_id=case.pk, person_id=case.applicant_id,
                 purpose="own_record" if own else f"case_processing: {case.number}")
    return case


def case_events(*, actor: Actor, case: Case) -> QuerySet[CaseEvent]:
    """The case's history as the actor may see it (applicants: not internal notes)."""
    events = case.events.all()
    if not can_decide(actor, case) and actor.can(Capability.APPLY):
        events = events.filter(visible_to_applicant=True)
    return events


def case_file_get(*, actor: Actor, case: Case, file_id: int) -> CaseFile:
    """A file of a case the actor could open (``case_get`` first)."""
    if not 0 < file_id <= BIGINT_MAX:
        raise CaseFile.DoesNotExist
    return case.files.get(pk=file_id)


def issued_get(*, actor: Actor, number: str) -> IssuedDocument:
    """An issued document of a case in the actor's scope (its holder or an officer)."""
    return IssuedDocument.objects.select_related("case", "holder", "holder__citizenship").get(
        number=_clean(number), case__in=case_scope(actor)
    )


def _clean(number: str) -> str:
    """A document number as typed → as stored (letters, digits and dashes, upper case)."""
    return "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch == "-"))[
        :30].upper()

