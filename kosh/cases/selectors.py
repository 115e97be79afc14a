"""Reads of cases, always scoped by ``permissions.case_filter``; opening a case is an
audited read of the applicant's data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability

from .deadlines import Sla, sla_of
from .issuing import document_number_valid
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
    """A file of a case the actor could open (``case_get`` first), to download: the
    download is audited."""
    if not 0 < file_id <= BIGINT_MAX:
        raise CaseFile.DoesNotExist
    stored = case.files.get(pk=file_id)
    audit_record(actor=actor, action=AuditEvent.Action.DOWNLOAD, object_type="case_file",
                 object_id=stored.pk, person_id=case.applicant_id,
                 purpose="own_record" if is_own_case(actor, case)
                 else f"case_processing: {case.number}")
    return stored


@dataclass(frozen=True)
class Verification:
    """What a verifier learns from a document number."""

    number: str
    found: bool
    document: str = ""
    holder: str = ""
    holder_birth_date: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    status: str = "unknown"  # valid, expired, not_yet_valid, revoked, unknown, invalid_number


def issued_get(*, actor: Actor, number: str) -> IssuedDocument:
    """An issued document of a case in the actor's scope (its holder or an officer)."""
    return IssuedDocument.objects.select_related("case", "holder", "holder__citizenship").get(
        number=_clean(number), case__in=case_scope(actor)
    )


def issued_verify(*, actor: Actor, number: str) -> Verification:
    """Check a document number: validity today and the holder's masked name and birth date
    to compare with the passport. Any signed-in user with a role may verify; every check
    is audited."""
    if actor.role is None:
        raise AccessDenied("verify_document")
    number = _clean(number)
    if not document_number_valid(number):  # a typo: the check digit does not match
        return Verification(number=number, found=False, status="invalid_number")
    doc = IssuedDocument.objects.select_related("case", "holder").filter(number=number).first()
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="issued_document",
                 object_id=number, person_id=doc.holder_id if doc else None,
                 purpose="identity_check: document verification")
    if doc is None:
        return Verification(number=number, found=False)
    today = timezone.localdate()
    if doc.revoked:
        status = "revoked"
    elif today < doc.valid_from:
        status = "not_yet_valid"
    elif today > doc.valid_to:
        status = "expired"
    else:
        status = "valid"
    return Verification(
        number=number, found=True, document=doc.case.instrument,
        holder=_masked(doc.holder.display_name), holder_birth_date=doc.holder.birth_date,
        valid_from=doc.valid_from, valid_to=doc.valid_to, status=status,
    )


def _clean(number: str) -> str:
    """A document number as typed → as stored (letters, digits and dashes, upper case)."""
    return "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch == "-"))[
        :30].upper()


def _masked(name: str) -> str:
    """``Каримов Азиз Бахтиёрович`` → ``Каримов А. Б.``"""
    surname, *rest = name.split() or [""]
    return " ".join([surname, *(f"{w[0]}." for w in rest)])
