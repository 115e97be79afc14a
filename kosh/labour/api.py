"""The labour API, mounted at ``/api/labour``: employers' staff and work permits, the
labour officers' decisions, household-worker permits and their tax, the Ind 6 coverage,
the stay-control worklist and a person's own days left. Every operation calls the same
services and selectors as the console."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Header, Query, Router

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut
from kosh.documents.responses import subject_pdf_response
from kosh.documents.selectors import subject_document_download

from . import selectors, services
from .evidence import LABELS, Criterion, criterion_words
from .models import HouseholdPayment, HouseholdPermit, StaffDeclaration, StayStatus, WorkPermit
from .schemas import (
    CoverageOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdPaymentOut,
    OwnStayOut,
    PaymentIn,
    PermitCriterionOut,
    PermitDecisionIn,
    PermitDetailOut,
    PermitIn,
    PermitOut,
    PermitResolutionIn,
    PermitResolutionOut,
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


def _permit_fields(p: WorkPermit) -> dict:
    doc = p.document
    return {"id": p.pk, "employer_id": p.employer_id, "employer_bin": p.employer.bin,
            "region": p.region_id, "category": p.category, "worker_name": p.worker_name,
            "worker_citizenship": p.worker_citizenship_id, "valid_from": p.valid_from,
            "valid_until": p.valid_until, "quota_year": p.quota_year, "fee_mci": p.fee_mci,
            "fee_kzt": p.fee_kzt, "status": p.status, "reason": p.reason,
            "worker_id": p.person_id, "document_number": doc.number if doc else None,
            "document_sha256": doc.sha256 if doc else None}


def permit_out(p: WorkPermit) -> PermitOut:
    return PermitOut(**_permit_fields(p))


def criterion_out(c: Criterion) -> PermitCriterionOut:
    return PermitCriterionOut(code=c.code, label=str(LABELS[c.code]), evidence=c.evidence,
                              met=c.met, found=criterion_words(c), facts=c.facts,
                              contradiction=c.contradiction, resolution=c.resolution)


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
    citizens' share would fall short), ``ict_share`` (intra-corporate transferees beyond
    their share of the Kazakh staff), ``no_staff_declared``, ``eaeu_no_permit``,
    ``invalid_dates``, ``unknown_country``, ``unknown_person``, ``invalid_bin``,
    ``date_out_of_range``. ``worker_id``: the worker's person in the registry, which a
    decision needs."""
    body = payload.model_dump()
    return permit_out(services.work_permit_request(
        actor=_actor(request), idempotency_key=idempotency_key,
        person_id=body.pop("worker_id"), **body))


@router.get("/permits/{int:permit_id}", response={200: PermitDetailOut, **ERRORS})
def permit_detail(request: HttpRequest, permit_id: int) -> PermitDetailOut:
    """One permit with every criterion and how it is known (registry, declared by the
    employer, quota ledger, rules) — as frozen at the decision once decided — and the
    contradictions still unresolved. 404 outside the caller's scope."""
    d = selectors.work_permit_detail(actor=_actor(request), permit_id=permit_id)
    return PermitDetailOut(**_permit_fields(d.permit),
                           criteria=[criterion_out(c) for c in d.criteria],
                           frozen=bool(d.permit.criteria),
                           unresolved=[c.code for c in d.unresolved])


@router.post("/permits/{int:permit_id}/resolutions",
             response={200: PermitResolutionOut, **ERRORS})
def permit_resolve(request: HttpRequest, permit_id: int,
                   payload: PermitResolutionIn) -> PermitResolutionOut:
    """Record how a contradiction between the declaration and the registry was resolved
    (the labour officer of the permit's region; audited). 422 ``no_contradiction``,
    ``already_resolved``, ``explanation_required``, ``already_decided``."""
    r = services.work_permit_resolve(actor=_actor(request), permit_id=permit_id,
                                     **payload.model_dump())
    return PermitResolutionOut(id=r.pk, permit_id=r.permit_id, criterion=r.criterion,
                         registry_value=r.registry_value, declared_value=r.declared_value,
                         explanation=r.explanation, resolved_by=r.resolved_by)


@router.get("/permits/{int:permit_id}/pdf", response={200: None, **ERRORS})
def permit_pdf(request: HttpRequest, permit_id: int) -> HttpResponse:
    """The signed PDF of the decision (permit or refusal) as frozen when it was issued
    (one ``download`` event). 404 before a decision or outside the caller's scope."""
    return _pdf(request, selectors.work_permit_get(actor=_actor(request),
                                                   permit_id=permit_id).document)


@router.get("/household-permits/{int:permit_id}/pdf", response={200: None, **ERRORS})
def household_pdf(request: HttpRequest, permit_id: int) -> HttpResponse:
    """The signed PDF of a household-worker permit as frozen at registration (one
    ``download`` event). 404 for permits without one (loaded from elsewhere) or outside
    the caller's scope."""
    return _pdf(request, selectors.household_permit_list(actor=_actor(request)).get(
        pk=permit_id).document)


def _pdf(request: HttpRequest, document) -> HttpResponse:
    if document is None:
        raise Http404
    return subject_pdf_response(subject_document_download(
        actor=_actor(request), number=document.number, purpose="case_processing"))


@router.post("/permits/{int:permit_id}/decision", response={200: PermitOut, **ERRORS})
def permit_decide(request: HttpRequest, permit_id: int, payload: PermitDecisionIn) -> PermitOut:
    """Grant or refuse a requested permit (the labour officer of its region). Granting
    draws a place of the quota: 422 ``quota_exhausted``, ``no_quota``, ``no_quota_line``;
    a grant is blocked by ``criteria_not_met`` and ``contradiction_unresolved``; every
    decision needs the worker in the registry (``worker_not_identified``) and is issued as
    a signed PDF (``document_number``, ``document_sha256``); also ``already_decided``,
    ``reason_required``."""
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
