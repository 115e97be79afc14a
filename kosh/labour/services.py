"""Writes of the labour capability: employers' staff declarations and work permits (request,
decision, cancellation, drawing on the quota ledger), household-worker permits and their
monthly tax, the daily lapse of unpaid permits with the Ind 6 coverage, and the nightly
stay control loaded back from the pipeline.

Every service checks the actor, validates, writes and appends its audit event in one
transaction. A permit that draws on the quota calls the ledger *before* writing its own
audit event (docs/quotas.md: the ledger locks the quota line, then the audit chain head)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.documents.services import subject_document_revoke
from kosh.errors import DomainError
from kosh.geo.models import Country
from kosh.identity.identifiers import IdentifierError, bin_parse
from kosh.identity.models import Employer, Person
from kosh.quotas.services import quota_issue, quota_release, quota_reserve

from .documents import household_document_issue, work_permit_document_issue
from .evidence import (
    GRANT_NEEDS,
    QUOTA_KIND,
    Criterion,
    local_content_facts,
    permit_criteria,
    unresolved,
)
from .evidence import LABELS as CRITERION_LABELS
from .models import (
    HouseholdCoverage,
    HouseholdPayment,
    HouseholdPermit,
    PermitResolution,
    StaffDeclaration,
    StayRun,
    StayStatus,
    WorkPermit,
)
from .rules import mci, params_on

if TYPE_CHECKING:
    import pyarrow as pa

#: The first day every parameter of the capability is defined (the MCI series starts 2020).
RULES_FROM = date(2020, 1, 1)


def _check_rule_date(day: date, field: str) -> None:
    """Refuse a day the dated parameters do not reach."""
    if day < RULES_FROM:
        raise DomainError("date_out_of_range", _("The rules are known from %(day)s.")
                          % {"day": RULES_FROM.isoformat()}, field=field)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- employers -------------------------------------------------------------------------

def employer_for(*, actor: Actor, employer_id: int) -> Employer:
    """The employer an actor acts for: an employer's staff only their own (whose BIN is
    valid), an administrator any. Others are refused."""
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise Employer.DoesNotExist
    if not actor.can(Capability.REQUEST_WORK_PERMITS):
        raise AccessDenied(Capability.REQUEST_WORK_PERMITS)
    if actor.role != "admin" and not employer.staff.filter(pk=getattr(actor.user, "pk", None)
                                                           ).exists():
        raise Employer.DoesNotExist  # another employer's: not revealed
    try:
        bin_parse(employer.bin)
    except IdentifierError as err:
        raise DomainError("invalid_bin", _("The employer's BIN %(bin)s is not valid.")
                          % {"bin": employer.bin}, field="employer") from err
    return employer


def staff_declare(*, actor: Actor, employer_id: int, cat12_total: int, cat12_citizens: int,
                  cat34_total: int, cat34_citizens: int, declared_on: date | None = None
                  ) -> StaffDeclaration:
    """Record the employer's staff by category group (the base of the local-content
    check). Citizens cannot outnumber the staff."""
    employer = employer_for(actor=actor, employer_id=employer_id)
    for total, citizens, field in ((cat12_total, cat12_citizens, "cat12_citizens"),
                                   (cat34_total, cat34_citizens, "cat34_citizens")):
        if min(total, citizens) < 0 or citizens > total:
            raise DomainError("invalid_staff", _("Kazakh citizens cannot outnumber the staff "
                                                 "of their category."), field=field)
    with transaction.atomic():
        declaration = StaffDeclaration.objects.create(
            employer=employer, declared_on=declared_on or timezone.localdate(),
            cat12_total=cat12_total, cat12_citizens=cat12_citizens, cat34_total=cat34_total,
            cat34_citizens=cat34_citizens, declared_by=actor.username)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                     object_type="staff_declaration", object_id=declaration.pk,
                     after={"employer": employer.bin, "cat12": [cat12_total, cat12_citizens],
                            "cat34": [cat34_total, cat34_citizens]})
    return declaration


def local_content_check(*, employer: Employer, category: str, on: date) -> None:
    """Refuse a category 1–4 permit that would bring the Kazakh citizens' share of the
    category group's staff below the threshold in force, counting the requested worker and
    the foreigners already holding or awaiting a permit of that group beyond the declared
    staff; refuse an intra-corporate transfer beyond its share of the Kazakh staff
    (seasonal workers are not checked). Facts from ``evidence.local_content_facts``."""
    c = local_content_facts(employer=employer, category=category, on=on)
    if c.met is not False:
        return
    f = c.facts
    if f.get("declaration") is None:
        raise DomainError("no_staff_declared", _("Declare the staff by category before "
                                                 "requesting a permit."), field="category")
    if c.code == "ict_share":
        raise DomainError("ict_share", _(
            "Intra-corporate transferees would be %(ict)s; at most %(allowed)s (%(share)s %% "
            "of the %(citizens)s Kazakh staff declared) are allowed.") % f, field="category")
    raise DomainError("local_content", _(
        "Kazakh citizens would be %(citizens)s of %(staff)s category %(group)s staff; at "
        "least %(needed)s (%(share)s %%) are required.") % f, field="category")


def work_permit_fee(*, category: str, sector: str, region: str, on: date,
                    days: int) -> tuple[int, int]:
    """The employer's fee (MCI, KZT) for a permit of ``category`` in ``sector`` and
    ``region`` lasting ``days``, at the rates in force on ``on``: intra-corporate transfers
    free, seasonal workers by length, categories 1–4 by sector group, times the region's
    factor."""
    params = params_on(on)
    p = params.work_permit
    if category == "ict":
        mci_amount = 0.0
    elif category == "seasonal":
        s = p.seasonal_fee_mci
        mci_amount = float(s.up_to_90 if days <= 90 else s.up_to_180 if days <= 180
                           else s.up_to_270 if days <= 270 else s.up_to_365)
    else:
        group = "mining" if sector in tuple(p.fee_mining_sectors) else "other"
        mci_amount = float(p.fee_mci[group][f"cat{category}"])
    factors = p.region_fee_factor
    factor = float(factors[region] if region in factors._children else factors.default)
    fee_mci = round(mci_amount * factor)
    return fee_mci, fee_mci * mci(on)


def work_permit_request(*, actor: Actor, employer_id: int, category: str, worker_name: str,
                        worker_citizenship: str, valid_from: date, valid_until: date,
                        idempotency_key: str, person_id: int | None = None) -> WorkPermit:
    """An employer's request for a permit to hire one foreign worker (``person_id``: the
    worker's person in the registry, which every decision needs: the decision is issued to
    the worker). Checks the BIN and the actor's employer, that EAEU citizens need no permit,
    the local-content share, the dates, and computes the fee. A retry with the same key
    returns the first request."""
    employer = employer_for(actor=actor, employer_id=employer_id)
    if person_id is not None and not Person.objects.filter(pk=person_id).exists():
        raise DomainError("unknown_person", _("There is no such person."), field="worker_id")
    if (first := WorkPermit.objects.filter(idempotency_key=idempotency_key).first()):
        if first.employer_id != employer.pk:
            raise DomainError("idempotency_conflict", _("This idempotency key was used for a "
                                                        "different request."),
                              field="idempotency_key")
        return first
    if category not in WorkPermit.Category.values:
        raise DomainError("unknown_category", _("There is no permit category %(c)s.")
                          % {"c": category}, field="category")
    _check_rule_date(valid_from, "valid_from")
    country = Country.objects.filter(pk=worker_citizenship).first()
    if country is None:
        raise DomainError("unknown_country", _("There is no such country."),
                          field="worker_citizenship")
    if worker_citizenship in tuple(params_on(valid_from).stay.eaeu_citizenships):
        raise DomainError("eaeu_no_permit", _("Citizens of the Eurasian Economic Union work "
                                              "without a permit."), field="worker_citizenship")
    if valid_until < valid_from or valid_until > add_months(valid_from, 36):
        raise DomainError("invalid_dates", _("The permit must end after it starts and last "
                                             "at most three years."), field="valid_until")
    fee_mci, fee_kzt = work_permit_fee(category=category, sector=employer.sector,
                                       region=employer.region_id, on=valid_from,
                                       days=(valid_until - valid_from).days + 1)
    with transaction.atomic():
        # one request of an employer at a time, so simultaneous requests see each other
        Employer.objects.select_for_update().filter(pk=employer.pk).first()
        local_content_check(employer=employer, category=category, on=valid_from)
        permit = WorkPermit.objects.create(
            employer=employer, region_id=employer.region_id, category=category,
            worker_name=worker_name.strip(), worker_citizenship=country, person_id=person_id,
            sector=employer.sector, valid_from=valid_from, valid_until=valid_until,
            quota_year=valid_from.year, fee_mci=fee_mci, fee_kzt=fee_kzt,
            idempotency_key=idempotency_key, requested_by=actor.username)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="work_permit",
                     object_id=permit.pk, person_id=person_id, after=_permit_record(permit))
    return permit


def _permit_record(permit: WorkPermit) -> dict:
    return {"employer": permit.employer.bin, "category": permit.category,
            "region": permit.region_id, "status": permit.status, "fee_mci": permit.fee_mci,
            "valid_from": permit.valid_from.isoformat(),
            "valid_until": permit.valid_until.isoformat(), "draw": permit.draw_id}


def _officer_scope(actor: Actor, permit: WorkPermit) -> None:
    actor.require(Capability.DECIDE_WORK_PERMITS)
    if actor.region_id and permit.region_id != actor.region_id:
        raise WorkPermit.DoesNotExist  # another region's: not revealed


def work_permit_decide(*, actor: Actor, permit_id: int, grant: bool, reason: str = ""
                       ) -> WorkPermit:
    """The region's labour officer grants or refuses a requested permit. Every decision is
    issued to the worker, who must be a person in the registry (``worker_not_identified``).
    A grant needs the employer's BIN, the worker, the EAEU exclusion and the local-content
    (or ICT) share met (``criteria_not_met``) and every contradiction between the
    declaration and the registry resolved (``contradiction_unresolved``); it takes a place
    of the quota line of its year, category and region (``quota_exhausted`` when none is
    left; intra-corporate transfers are outside the quota). The criteria as they stood are
    stored on the permit and the permit or refusal is frozen as a signed PDF, in the same
    transaction."""
    with transaction.atomic():
        permit = WorkPermit.objects.select_for_update(of=("self",)).select_related(
            "employer", "region", "person").get(pk=permit_id)
        _officer_scope(actor, permit)
        if permit.status != WorkPermit.Status.REQUESTED:
            raise DomainError("already_decided", _("This permit has already been decided."),
                              field="status")
        if not grant and not reason.strip():
            raise DomainError("reason_required", _("Give the reason for the refusal."),
                              field="reason")
        if permit.person_id is None:
            raise DomainError("worker_not_identified", _(
                "The worker is not identified in the registry: a decision is issued to a "
                "registered person."), field="worker_id")
        today = timezone.localdate()
        criteria = permit_criteria(permit, on=today)
        if grant:
            missing = [c for c in criteria if c.code in GRANT_NEEDS and c.met is False]
            if missing:
                raise DomainError("criteria_not_met", _("Not met: %(criteria)s.") % {
                    "criteria": "; ".join(str(CRITERION_LABELS[c.code]) for c in missing)},
                    field="grant")
            if open_ := unresolved(criteria):
                raise DomainError("contradiction_unresolved", _(
                    "Resolve the contradiction with the registry first: %(criteria)s.") % {
                    "criteria": "; ".join(str(CRITERION_LABELS[c.code]) for c in open_)},
                    field="grant")
        before = _permit_record(permit)
        if grant and permit.in_quota:
            draw = quota_reserve(actor=actor, kind=QUOTA_KIND, category=permit.category,
                                 region=permit.region_id, year=permit.quota_year,
                                 holder_ref=f"work_permit:{permit.pk}",
                                 idempotency_key=f"work_permit:{permit.pk}")
            quota_issue(actor=actor, draw_id=draw.pk)
            permit.draw_id = draw.pk
            criteria = [c if c.code != "quota" else Criterion(
                "quota", c.evidence, True, c.facts | {"draw": draw.pk}) for c in criteria]
        permit.status = WorkPermit.Status.GRANTED if grant else WorkPermit.Status.REFUSED
        permit.decided_by, permit.decided_at = actor.username, timezone.now()
        permit.reason = reason.strip()
        permit.criteria = [c.as_dict() for c in criteria]
        permit.document = work_permit_document_issue(actor=actor, permit=permit, on=today)
        permit.save()
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="work_permit",
                     object_id=permit.pk, person_id=permit.person_id, before=before,
                     after=_permit_record(permit) | {"document": permit.document.number,
                                                     "sha256": permit.document.sha256,
                                                     "reason": permit.reason})
    return permit


def work_permit_resolve(*, actor: Actor, permit_id: int, criterion: str,
                        explanation: str) -> PermitResolution:
    """A labour officer of the permit's region records how a contradiction between the
    employer's declaration and the registry was resolved (a few words at least), keeping
    both values as they stood. Audited; the grant is blocked until it is recorded."""
    explanation = explanation.strip()
    with transaction.atomic():
        permit = WorkPermit.objects.select_for_update(of=("self",)).select_related(
            "employer", "person").get(pk=permit_id)
        _officer_scope(actor, permit)
        if permit.status != WorkPermit.Status.REQUESTED:
            raise DomainError("already_decided", _("This permit has already been decided."),
                              field="status")
        found = next((c for c in permit_criteria(permit, on=timezone.localdate())
                      if c.code == criterion), None)
        if found is None or not found.contradiction:
            raise DomainError("no_contradiction", _("This criterion contradicts nothing in the "
                                                    "registry."), field="criterion")
        if found.resolution:
            raise DomainError("already_resolved", _("This contradiction is already resolved."),
                              field="criterion")
        if len(explanation) < 10 or len(explanation.split()) < 2:
            raise DomainError("explanation_required", _("Say in a few words how the "
                                                        "contradiction was resolved."),
                              field="explanation")
        resolution = PermitResolution.objects.create(
            permit=permit, criterion=criterion,
            registry_value=found.contradiction["registry"],
            declared_value=found.contradiction["declared"], explanation=explanation,
            resolved_by=actor.username)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                     object_type="permit_resolution", object_id=resolution.pk,
                     person_id=permit.person_id,
                     after={"permit": permit.pk, "criterion": criterion,
                            "registry": resolution.registry_value,
                            "declared": resolution.declared_value,
                            "explanation": explanation})
    return resolution


def work_permit_cancel(*, actor: Actor, permit_id: int, reason: str) -> WorkPermit:
    """Cancel a granted permit (the labour officer of its region); its quota place
    returns to the ledger and its document is revoked with the reason."""
    with transaction.atomic():
        permit = WorkPermit.objects.select_for_update(of=("self",)).select_related("employer").get(
            pk=permit_id)
        _officer_scope(actor, permit)
        if permit.status != WorkPermit.Status.GRANTED:
            raise DomainError("not_granted", _("Only a granted permit can be cancelled."),
                              field="status")
        if not reason.strip():
            raise DomainError("reason_required", _("Give the reason for the cancellation."),
                              field="reason")
        before = _permit_record(permit)
        if permit.draw_id:
            quota_release(actor=actor, draw_id=permit.draw_id, reason=reason.strip())
        permit.status, permit.reason = WorkPermit.Status.CANCELLED, reason.strip()
        permit.save(update_fields=["status", "reason"])
        if permit.document_id:
            subject_document_revoke(actor=actor, document=permit.document, reason=permit.reason)
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="work_permit",
                     object_id=permit.pk, person_id=permit.person_id, before=before,
                     after=_permit_record(permit) | {"reason": permit.reason})
    return permit


# --- household workers -----------------------------------------------------------------

def household_tax_kzt(on: date) -> int:
    """One month's prepaid income tax of a household worker, KZT, in force on ``on``."""
    p = params_on(on)
    return int(p.household.iit_mci_per_month) * mci(on)


def household_permit_register(*, actor: Actor, worker_id: int, household_id: int,
                              issued_on: date, months: int, job: str,
                              monitored: bool = True) -> HouseholdPermit:
    """Register a household-worker permit of 1–12 months for a foreign worker employed by
    a citizen's household. EAEU citizens need none. The household (a citizen) registers it
    for its worker, or the worker for themself, or an officer; the first month must then
    be prepaid (``household_payment_record``) for the permit to cover it. The permit is
    frozen as a signed PDF held by the worker, in the same transaction."""
    actor.require(Capability.REGISTER_HOUSEHOLD_PERMITS)
    worker = Person.objects.filter(pk=worker_id).select_related("citizenship").first()
    household = Person.objects.filter(pk=household_id).first()
    if worker is None or household is None:
        raise DomainError("unknown_person", _("There is no such person."),
                          field="worker_id" if worker is None else "household_id")
    if actor.role == "applicant" and getattr(actor.user, "pk", None) not in {
            worker.account_id, household.account_id}:
        raise Person.DoesNotExist  # someone else's worker: not revealed
    _check_rule_date(issued_on, "issued_on")
    p = params_on(issued_on)
    if worker.citizenship_id in tuple(p.stay.eaeu_citizenships):
        raise DomainError("eaeu_no_permit", _("Citizens of the Eurasian Economic Union work "
                                              "without a permit."), field="worker_id")
    if worker.citizenship_id in {None, "KAZ"}:
        raise DomainError("not_foreigner", _("A household-worker permit is for foreigners."),
                          field="worker_id")
    if household.citizenship_id != "KAZ":
        raise DomainError("household_not_citizen", _("The household must be a citizen of "
                                                     "Kazakhstan."), field="household_id")
    if not 1 <= months <= int(p.household.max_months):
        raise DomainError("invalid_months", _("A permit lasts 1 to %(max)s months.")
                          % {"max": int(p.household.max_months)}, field="months")
    region = household.region_id or worker.region_id
    if region is None:
        raise DomainError("no_region", _("The household has no registered address."),
                          field="household_id")
    with transaction.atomic():
        permit = HouseholdPermit.objects.create(
            worker=worker, household=household, region_id=region, job=job.strip(),
            issued_on=issued_on, months=months,
            valid_until=add_months(issued_on, months) - timedelta(days=1),
            monitored=monitored, created_by=actor.username)
        permit.document = household_document_issue(actor=actor, permit=permit)
        permit.save(update_fields=["document"])
        audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                     object_type="household_permit", object_id=permit.pk, person_id=worker.pk,
                     after={"household": household.pk, "region": region, "months": months,
                            "issued_on": issued_on.isoformat(),
                            "document": permit.document.number,
                            "sha256": permit.document.sha256})
    return permit


def household_payment_record(*, actor: Actor, permit_id: int, month: int, paid_on: date
                             ) -> HouseholdPayment:
    """Record the prepaid income tax of one month of a permit (the amount in force on the
    first day of that month). A month is prepaid before it starts; a payment after its
    start does not revive a lapsed permit."""
    actor.require(Capability.REGISTER_HOUSEHOLD_PERMITS)
    with transaction.atomic():
        permit = HouseholdPermit.objects.select_for_update().get(pk=permit_id)
        if actor.role == "applicant" and getattr(actor.user, "pk", None) not in {
                permit.worker.account_id, permit.household.account_id}:
            raise HouseholdPermit.DoesNotExist  # someone else's permit: not revealed
        if not 1 <= month <= permit.months:
            raise DomainError("invalid_month", _("The permit has months 1 to %(n)s.")
                              % {"n": permit.months}, field="month")
        starts = add_months(permit.issued_on, month - 1)
        if paid_on > starts:
            raise DomainError("paid_late", _("The tax of a month is prepaid before the month "
                                             "starts (%(day)s).") % {"day": starts.isoformat()},
                              field="paid_on")
        if permit.status != HouseholdPermit.Status.ACTIVE:
            raise DomainError("permit_not_active", _("The permit is no longer in force."),
                              field="permit_id")
        payment, created = HouseholdPayment.objects.get_or_create(
            permit=permit, month=month,
            defaults={"paid_on": paid_on, "amount_kzt": household_tax_kzt(starts)})
        if created:
            audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                         object_type="household_payment", object_id=payment.pk,
                         person_id=permit.worker_id,
                         after={"permit": permit.pk, "month": month,
                                "amount_kzt": payment.amount_kzt})
    return payment


def household_covered_until(permit: HouseholdPermit) -> date | None:
    """The last day covered by the months prepaid without a gap from the first (None:
    the first month is not paid)."""
    paid = set(permit.payments.values_list("month", flat=True))
    month = 0
    while month + 1 in paid:
        month += 1
    return add_months(permit.issued_on, month) - timedelta(days=1) if month else None


def month_of(issued_on: date, on: date) -> int:
    """The month of a permit starting ``issued_on`` that covers ``on`` (1 = the first)."""
    month = (on.year - issued_on.year) * 12 + on.month - issued_on.month
    while month > 0 and add_months(issued_on, month) > on:
        month -= 1
    return month + 1


def household_coverage_counts(on: date) -> dict[str, list[int]]:
    """Ind 6 on ``on`` by region (KATO) and for the country (``""``): permits in their
    term (not cancelled), of them with every month up to the one covering ``on`` prepaid,
    of them electronically monitored. Read from the payments, so a past day counts as it
    stood then (loaded permits included)."""
    in_term = HouseholdPermit.objects.filter(issued_on__lte=on, valid_until__gte=on).exclude(
        status=HouseholdPermit.Status.CANCELLED)
    paid_months: dict[int, set[int]] = {}
    for permit_id, month in HouseholdPayment.objects.filter(
            permit__in=in_term.values("pk")).values_list("permit_id", "month").iterator(
            chunk_size=20_000):
        paid_months.setdefault(permit_id, set()).add(month)
    rows: dict[str, list[int]] = {}
    for pk, region, issued_on, monitored in in_term.values_list(
            "pk", "region_id", "issued_on", "monitored").iterator(chunk_size=20_000):
        months = paid_months.get(pk, set())
        paid = all(m in months for m in range(1, month_of(issued_on, on) + 1))
        for key in (region, ""):
            counts = rows.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += paid
            counts[2] += paid and monitored
    return rows


def household_permits_update(*, actor: Actor, on: date) -> dict[str, int]:
    """The daily run: permits in force whose month covering ``on`` is not prepaid lapse,
    those past their last day expire; then the day's coverage (Ind 6) is stored per region
    and for the country. Returns the counts."""
    actor.require(Capability.RUN_STAY_CONTROL)
    lapsed = expired = 0
    with transaction.atomic():
        active = HouseholdPermit.objects.select_for_update().filter(
            status=HouseholdPermit.Status.ACTIVE, issued_on__lte=on)
        for permit in active.prefetch_related("payments"):
            if permit.valid_until < on:
                permit.status, expired = HouseholdPermit.Status.EXPIRED, expired + 1
            else:
                covered = household_covered_until(permit)
                if covered is not None and covered >= on:
                    continue
                permit.status, lapsed = HouseholdPermit.Status.LAPSED, lapsed + 1
            permit.save(update_fields=["status"])
            audit_record(actor=actor, action=AuditEvent.Action.UPDATE,
                         object_type="household_permit", object_id=permit.pk,
                         person_id=permit.worker_id,
                         after={"status": permit.status, "run": on.isoformat()})
        rows = household_coverage_counts(on)
        HouseholdCoverage.objects.filter(day=on).delete()
        HouseholdCoverage.objects.bulk_create([
            HouseholdCoverage(day=on, region=key, permits=c[0], paid=c[1], monitored=c[2])
            for key, c in rows.items()])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE,
                     object_type="household_coverage", object_id=on.isoformat(),
                     after={"lapsed": lapsed, "expired": expired,
                            "permits": rows.get("", [0])[0]})
    return {"lapsed": lapsed, "expired": expired, "permits": rows.get("", [0])[0]}


# --- stay control ----------------------------------------------------------------------

STAY_FIELDS = ("person_id", "citizenship", "region", "regime", "present", "entry_on",
               "days_in_stay", "used_180", "limit_180", "per_entry", "permit_until",
               "allowed_until", "days_left", "overstay_days", "status", "sanction",
               "fine_mci", "entries_without_exit", "exits_without_entry",
               "notification_missed", "registration_missed")
#: Bytes of CSV handed to PostgreSQL's COPY at a time.
COPY_BLOCK = 1 << 24


def stay_control_run(*, actor: Actor, folder: Path, on: date, backend: str = "duckdb",
                     keep_departed: bool = False) -> StayRun:
    """Run stay control over a snapshot folder for the day ``on`` and replace the stored
    results: one row per foreigner in the country, or with days used in the last 180
    days, or with unmatched crossings (``keep_departed``: every foreigner). The run and its
    counts are audited."""
    actor.require(Capability.RUN_STAY_CONTROL)
    import pyarrow.compute as pc

    from kosh.analytics.backends import connect

    from .pipelines import snapshot_tables, stay_control
    from .rules import stay_rules

    started = timezone.now()
    con = connect(backend)
    result = stay_control(snapshot_tables(con, Path(folder)), stay_rules(on))
    if not keep_departed:
        result = result.filter(result.present | (result.used_180 > 0)
                               | (result.entries_without_exit > 0)
                               | (result.exits_without_entry > 0))
    rows = result.to_pyarrow()  # Arrow straight to COPY: no pandas, no Python objects
    if backend == "duckdb":
        con.disconnect()  # its memory back before the write (Spark's session is shared)
    status = dict(zip(*pc.value_counts(rows["status"]).flatten(), strict=True))
    status = {k.as_py(): v.as_py() for k, v in status.items()}
    with transaction.atomic():
        run = StayRun.objects.create(on=on, source=str(folder), backend=backend,
                                     started_at=started, run_by=actor.username)
        StayStatus.objects.exclude(run=run).delete()
        stay_rows_write(run=run, rows=rows)
        run.persons, run.present = rows.num_rows, int(pc.sum(rows["present"]).as_py() or 0)
        run.warnings, run.overstays = status.get("warning", 0), status.get("overstay", 0)
        run.entries_without_exit = int(pc.sum(rows["entries_without_exit"]).as_py() or 0)
        run.exits_without_entry = int(pc.sum(rows["exits_without_entry"]).as_py() or 0)
        run.finished_at = timezone.now()
        run.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="stay_run",
                     object_id=run.pk, after={
                         "on": on.isoformat(), "backend": backend, "persons": run.persons,
                         "present": run.present, "warnings": run.warnings,
                         "overstays": run.overstays,
                         "entries_without_exit": run.entries_without_exit,
                         "exits_without_entry": run.exits_without_entry})
    return run


def stay_rows(run: StayRun, rows: pa.Table) -> pa.Table:
    """The pipeline's rows (``pipelines.stay_control``, fetched as Arrow) as the columns of
    ``StayStatus``: dates for day numbers, blank for missing text, 0 for missing counts."""
    import pyarrow as pa

    columns = {"run_id": pa.repeat(pa.scalar(run.pk, pa.int64()), rows.num_rows)}
    for name in STAY_FIELDS:
        day = {"entry_on": "entry_day", "permit_until": "permit_until_day",
               "allowed_until": "allowed_until_day"}.get(name)
        col = rows[day or name]
        if day:
            col = col.cast(pa.int32()).cast(pa.date32())
        elif name in ("citizenship", "region", "sanction"):
            col = col.cast(pa.string()).fill_null("")
        elif name in ("present", "notification_missed", "registration_missed"):
            col = col.cast(pa.bool_())
            col = col.fill_null(False) if name == "present" else col
        elif name not in ("regime", "status", "fine_mci"):
            col = col.cast(pa.int64()).fill_null(0)
        columns[name] = col
    return pa.table(columns)


def stay_rows_write(*, run: StayRun, rows: pa.Table) -> None:
    """Write a run's rows in the open transaction: PostgreSQL's COPY of the rows as CSV
    written by Arrow (no Python object per row; docs/labour.md, Benchmark), elsewhere (the
    SQLite demo) ``bulk_create``."""
    from django.db import connection

    table = stay_rows(run, rows)
    if connection.vendor != "postgresql":
        StayStatus.objects.bulk_create([StayStatus(**r) for r in table.to_pylist()],
                                       batch_size=5000)
        return
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, batch_size=65536))
    data = sink.getvalue()
    columns = ", ".join(table.column_names)
    with connection.cursor() as cur, cur.cursor.copy(
            f"COPY {StayStatus._meta.db_table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        for start in range(0, data.size, COPY_BLOCK):
            copy.write(memoryview(data)[start:start + COPY_BLOCK])
