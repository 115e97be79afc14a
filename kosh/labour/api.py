"""The labour API, mounted at ``/api/labour``: employers' staff and work permits, the
labour officers' decisions, household-worker permits and their tax, the Ind 6 coverage,
the stay-control worklist and a person's own days left. Every operation calls the same
services and selectors as the console."""

from django.http import HttpRequest
from ninja import Header, Query, Router

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut

from . import selectors, services
from .models import HouseholdPayment, HouseholdPermit, StaffDeclaration, StayStatus, WorkPermit
from .schemas import (
    CoverageOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdPaymentOut,
    OwnStayOut,
    PaymentIn,
    PermitDecisionIn,
    PermitIn,
    PermitOut,
    PermitStatus,
    ReasonIn,
    RegionQuery,
    StaffIn,
    StaffOut,
    StayOut,
    StayStatusValue,
)

router = Router(tags=["labour"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def permit_out(p: WorkPermit) -> PermitOut:
    return PermitOut(id=p.pk, employer_id=p.employer_id, employer_bin=p.employer.bin,
                     region=p.region_id, category=p.category, worker_name=p.worker_name,
                     worker_citizenship=p.worker_citizenship_id, valid_from=p.valid_from,
                     valid_until=p.valid_until, quota_year=p.quota_year, fee_mci=p.fee_mci,
                     fee_kzt=p.fee_kzt, status=p.status, reason=p.reason)


def household_out(p: HouseholdPermit) -> HouseholdOut:
    return HouseholdOut(id=p.pk, worker_id=p.worker_id, household_id=p.household_id,
                        region=p.region_id, job=p.job, issued_on=p.issued_on, months=p.months,
                        valid_until=p.valid_until, status=p.status,
                        months_paid=sorted(pay.month for pay in p.payments.all()))


def stay_out(s: StayStatus) -> StayOut:
    return StayOut(**{f: getattr(s, f) for f in services.STAY_FIELDS})


def _staff_out(d: StaffDeclaration) -> StaffOut:
    return StaffOut(id=d.pk, employer_id=d.employer_id, declared_on=d.declared_on,
                    cat12_total=d.cat12_total, cat12_citizens=d.cat12_citizens,
                    cat34_total=d.cat34_total, cat34_citizens=d.cat34_citizens)


def _payment_out(p: HouseholdPayment) -> HouseholdPaymentOut:
    return HouseholdPaymentOut(id=p.pk, permit_id=p.permit_id, month=p.month, paid_on=p.paid_on,
                      amount_kzt=p.amount_kzt)


@router.post("/employers/{int:employer_id}/staff", response={200: StaffOut, **ERRORS})
def staff_declare(request: HttpRequest, employer_id: int, payload: StaffIn) -> StaffOut:
    """Declare the employer's staff by category group (the employer's own staff only;
    404 for another employer). 422 ``invalid_staff``, ``invalid_bin``."""
    return _staff_out(services.staff_declare(actor=_actor(request), employer_id=employer_id,
                                             **payload.model_dump()))


@router.get("/permits", response={200: list[PermitOut], **READ_ERRORS})
def permits(request: HttpRequest, status: Query[PermitStatus | None] = None
            ) -> list[PermitOut]:
    """Work permits in the caller's scope (an employer's own, a labour officer's region)."""
    return [permit_out(p) for p in
            selectors.work_permit_list(actor=_actor(request), status=status)[:500]]


@router.post("/permits", response={200: PermitOut, **ERRORS})
def permit_request(request: HttpRequest, payload: PermitIn,
                   idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1,
                                                 max_length=100)) -> PermitOut:
    """Request a permit for one foreign worker (an employer's staff). Repeating it with the
    same ``Idempotency-Key`` returns the first request. 422 ``local_content`` (the Kazakh
    citizens' share would fall short), ``no_staff_declared``, ``eaeu_no_permit``,
    ``invalid_dates``, ``unknown_country``, ``invalid_bin``, ``date_out_of_range``."""
    return permit_out(services.work_permit_request(
        actor=_actor(request), idempotency_key=idempotency_key, **payload.model_dump()))


@router.post("/permits/{int:permit_id}/decision", response={200: PermitOut, **ERRORS})
def permit_decide(request: HttpRequest, permit_id: int, payload: PermitDecisionIn) -> PermitOut:
    """Grant or refuse a requested permit (the labour officer of its region). Granting
    draws a place of the quota: 422 ``quota_exhausted``, ``no_quota``, ``no_quota_line``;
    also ``already_decided``, ``reason_required``."""
    return permit_out(services.work_permit_decide(actor=_actor(request), permit_id=permit_id,
                                                  **payload.model_dump()))


@router.post("/permits/{int:permit_id}/cancel", response={200: PermitOut, **ERRORS})
def permit_cancel(request: HttpRequest, permit_id: int, payload: ReasonIn) -> PermitOut:
    """Cancel a granted permit; its quota place returns (422 ``not_granted``)."""
    return permit_out(services.work_permit_cancel(actor=_actor(request), permit_id=permit_id,
                                                  reason=payload.reason))


@router.get("/household-permits", response={200: list[HouseholdOut], **READ_ERRORS})
def household_permits(request: HttpRequest) -> list[HouseholdOut]:
    """Household-worker permits in the caller's scope (an applicant's own)."""
    qs = selectors.household_permit_list(actor=_actor(request)).prefetch_related("payments")
    return [household_out(p) for p in qs[:500]]


@router.post("/household-permits", response={200: HouseholdOut, **ERRORS})
def household_register(request: HttpRequest, payload: HouseholdIn) -> HouseholdOut:
    """Register a household-worker permit of 1–12 months. 422 ``eaeu_no_permit`` (EAEU
    citizens need none), ``not_foreigner``, ``household_not_citizen``, ``invalid_months``,
    ``unknown_person``, ``no_region``, ``date_out_of_range``."""
    permit = services.household_permit_register(actor=_actor(request), **payload.model_dump())
    return household_out(permit)


@router.post("/household-permits/{int:permit_id}/payments",
             response={200: HouseholdPaymentOut, **ERRORS})
def household_pay(request: HttpRequest, permit_id: int, payload: PaymentIn) -> HouseholdPaymentOut:
    """Record the prepaid income tax of one month of the permit (2 MCI, 4 MCI from the
    switch date). 422 ``paid_late``, ``invalid_month``, ``permit_not_active``."""
    return _payment_out(services.household_payment_record(
        actor=_actor(request), permit_id=permit_id, **payload.model_dump()))


@router.get("/household-coverage", response={200: list[CoverageOut], **READ_ERRORS})
def coverage(request: HttpRequest) -> list[CoverageOut]:
    """The latest day's coverage of household workers by electronic monitoring (Ind 6):
    the country (region "") and each region."""
    return [CoverageOut(day=c.day, region=c.region, permits=c.permits, paid=c.paid,
                        monitored=c.monitored, share=c.share)
            for c in selectors.household_coverage(actor=_actor(request))]


@router.get("/stay/worklist", response={200: list[StayOut], **READ_ERRORS})
def stay_worklist(request: HttpRequest, region: Query[RegionQuery | None] = None,
                  status: Query[StayStatusValue | None] = None) -> list[StayOut]:
    """The latest stay-control run's worklist (overstays, breaches within the warning days,
    no visa or permit known, missed notifications and registrations, unpaired crossings),
    for the officer's region (or ``region``), at most 500 rows, longest overstay first."""
    return [stay_out(s) for s in selectors.stay_worklist(
        actor=_actor(request), region=region, status=status)[:500]]


@router.get("/stay/me", response={200: OwnStayOut, **READ_ERRORS})
def stay_me(request: HttpRequest) -> OwnStayOut:
    """The caller's own stay (days used in 180, days left, allowed until) from the latest
    run; 403 for a user without a record in the registry."""
    person, row, run = selectors.stay_own(actor=_actor(request))
    return OwnStayOut(person_id=person.pk, computed_on=run.on if run else None,
                      stay=stay_out(row) if row else None)
