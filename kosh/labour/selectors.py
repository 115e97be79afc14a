"""Reads of the labour capability, scoped by the actor: an employer's staff see only their
employers' permits and workers, a labour officer only their region (all regions when the
profile names none), a person only their own stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability, Role
from kosh.identity.models import Person

from .evidence import Criterion, criteria_of, unresolved
from .models import HouseholdCoverage, HouseholdPermit, StayRun, StayStatus, WorkPermit


def work_permit_list(*, actor: Actor, status: str | None = None) -> QuerySet[WorkPermit]:
    """The permits the actor may see: an employer's staff their employers', a labour
    officer their region's, an administrator all."""
    qs = WorkPermit.objects.select_related("employer", "region", "worker_citizenship",
                                           "document").defer("document__pdf")
    if actor.can(Capability.DECIDE_WORK_PERMITS):
        if actor.region_id:
            qs = qs.filter(region_id=actor.region_id)
    elif actor.can(Capability.REQUEST_WORK_PERMITS):
        if actor.role != Role.ADMIN:
            qs = qs.filter(employer__staff=actor.user)
    else:
        raise AccessDenied(Capability.REQUEST_WORK_PERMITS)
    return qs.filter(status=status) if status else qs


def work_permit_get(*, actor: Actor, permit_id: int) -> WorkPermit:
    """One permit in the actor's scope (``WorkPermit.DoesNotExist`` otherwise: a permit
    outside the scope is not revealed)."""
    return work_permit_list(actor=actor).get(pk=permit_id)


@dataclass(frozen=True)
class PermitDetail:
    """A permit with every criterion and how it is known (frozen at the decision, or as
    the registry, declaration and ledger stand while it is requested), and what still
    blocks a grant."""

    permit: WorkPermit
    criteria: list[Criterion]
    unresolved: list[Criterion]
    can_decide: bool


def work_permit_detail(*, actor: Actor, permit_id: int) -> PermitDetail:
    """One permit in the actor's scope with its criteria; the read of the worker's registry
    data is audited (one ``read`` event)."""
    permit = work_permit_list(actor=actor).select_related("person").get(pk=permit_id)
    criteria = criteria_of(permit, on=timezone.localdate())
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="work_permit",
                 object_id=permit.pk, person_id=permit.person_id, purpose="case_processing")
    return PermitDetail(permit=permit, criteria=criteria, unresolved=unresolved(criteria),
                        can_decide=actor.can(Capability.DECIDE_WORK_PERMITS)
                        and permit.status == WorkPermit.Status.REQUESTED)


def household_permit_list(*, actor: Actor) -> QuerySet[HouseholdPermit]:
    """Household-worker permits: an officer's region (all without a region), an
    applicant's own (as worker or household)."""
    actor.require(Capability.REGISTER_HOUSEHOLD_PERMITS)
    qs = HouseholdPermit.objects.select_related("worker", "household", "region",
                                                "document").defer("document__pdf")
    if actor.role == Role.APPLICANT:
        return qs.filter(worker__account=actor.user) | qs.filter(household__account=actor.user)
    if actor.region_id:
        qs = qs.filter(region_id=actor.region_id)
    return qs


def household_coverage(*, actor: Actor, day: date | None = None) -> list[HouseholdCoverage]:
    """The Ind 6 coverage of the latest computed day (or ``day``), the country first."""
    actor.require(Capability.VIEW_STAY)
    qs = HouseholdCoverage.objects.all()
    day = day or qs.values_list("day", flat=True).first()
    rows = list(qs.filter(day=day)) if day else []
    if actor.region_id:
        rows = [r for r in rows if r.region in {"", actor.region_id}]
    return sorted(rows, key=lambda r: (r.region != "", r.region))


def stay_run_latest() -> StayRun | None:
    """The latest finished stay-control run."""
    return StayRun.objects.filter(finished_at__isnull=False).first()


WORKLIST_STATUSES = (StayStatus.Status.OVERSTAY, StayStatus.Status.WARNING,
                     StayStatus.Status.NO_PERMIT)


def stay_worklist(*, actor: Actor, region: str | None = None, status: str | None = None
                  ) -> QuerySet[StayStatus]:
    """The officers' worklist of the latest run: foreigners who overstayed, will breach
    within the warning days, have no known visa or permit, missed a notification or a
    registration, or whose crossings do not pair; an officer with a region sees only it."""
    actor.require(Capability.VIEW_STAY)
    run = stay_run_latest()
    if run is None:
        return StayStatus.objects.none()
    qs = StayStatus.objects.filter(run=run)
    region = actor.region_id or region
    if region:
        qs = qs.filter(region=region)
    if status:
        return qs.filter(status=status)
    return (qs.filter(status__in=WORKLIST_STATUSES) | qs.filter(notification_missed=True)
            | qs.filter(registration_missed=True) | qs.filter(entries_without_exit__gt=0)
            | qs.filter(exits_without_entry__gt=0))


def stay_region_counts(*, actor: Actor) -> list[dict]:
    """Per region of the latest run: warnings, overstays (for the worklist's summary)."""
    from django.db.models import Count, Q

    actor.require(Capability.VIEW_STAY)
    run = stay_run_latest()
    if run is None:
        return []
    qs = StayStatus.objects.filter(run=run)
    if actor.region_id:
        qs = qs.filter(region=actor.region_id)
    return list(qs.values("region").annotate(
        present=Count("pk", filter=Q(present=True)),
        warnings=Count("pk", filter=Q(status=StayStatus.Status.WARNING)),
        overstays=Count("pk", filter=Q(status=StayStatus.Status.OVERSTAY)),
    ).order_by("region"))


def stay_own(*, actor: Actor) -> tuple[Person, StayStatus | None, StayRun | None]:
    """A signed-in person's own stay in the latest run (their days used and left).
    Audited as a read of their own record."""
    person = Person.objects.filter(account=actor.user).first() if actor.user else None
    if person is None:
        raise AccessDenied(Capability.VIEW_PERSON, "no own record")
    run = stay_run_latest()
    row = StayStatus.objects.filter(run=run, person_id=person.pk).first() if run else None
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="stay_status",
                 object_id=person.pk, person_id=person.pk, purpose="own record")
    return person, row, run
