"""The settlement API, mounted at ``/api/settlement``: the one window, resettler
registration, the regional officer's steps (arrival, support, payments, extension,
citizenship, certificate), the region's terms and the employer's job confirmation. Every
operation calls the same services and selectors as the console."""

from django.http import HttpRequest
from ninja import Header, Router

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut

from . import selectors, services
from .models import Certificate, Family, KandasStatus
from .schemas import (
    CertificateIn,
    DayIn,
    FamilyOut,
    JobIn,
    JobOut,
    MemberBody,
    OneWindowIn,
    OneWindowOut,
    ResettlersIn,
    ReturnIn,
    SettlementCertificateOut,
    SettlementExtensionIn,
    SettlementPaymentOut,
    StatusOut,
    SupportIn,
    SupportOut,
    TermsIn,
    TermsOut,
)

router = Router(tags=["settlement"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
KEY = Header(..., alias="Idempotency-Key", min_length=1, max_length=80)


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _members(members: list[MemberBody]) -> list[services.MemberIn]:
    return [services.MemberIn(**(m.model_dump() | {"sex": m.sex or ""})) for m in members]


def _status(status: KandasStatus | None) -> StatusOut | None:
    if status is None:
        return None
    return StatusOut(**{f: getattr(status, f) for f in StatusOut.model_fields})


def _certificate(cert: Certificate | None) -> SettlementCertificateOut | None:
    if cert is None:
        return None
    return SettlementCertificateOut(id=cert.pk, status=cert.status, district=cert.district_id,
                          price_m2_kzt=cert.price_m2_kzt, housing_cost_kzt=cert.housing_cost_kzt,
                          amount_kzt=cert.amount_kzt, cap_kzt=cert.cap_kzt,
                          issued_on=cert.issued_on, returned_on=cert.returned_on)


def _support(support) -> SupportOut:
    return SupportOut(id=support.pk, kind=support.kind, granted_on=support.granted_on,
                      total_kzt=support.total_kzt, mci=support.mci,
                      payments=[SettlementPaymentOut(id=p.pk, due_on=p.due_on,
                                                     amount_kzt=p.amount_kzt,
                                                     status=p.status, paid_on=p.paid_on)
                                for p in support.payments.all()])


def _family(family: Family) -> FamilyOut:
    family = Family.objects.select_related("status", "certificate").get(pk=family.pk)
    return FamilyOut(
        id=family.pk, programme=family.programme, stage=family.stage, region=family.region_id,
        quota_year=family.quota_year, mission_country=family.mission_country_id,
        applied_on=family.applied_on, visa_issued_on=family.visa_issued_on,
        arrived_on=family.arrived_on, citizenship_on=family.citizenship_on,
        departed_on=family.departed_on, refusal=family.refusal,
        members=[{"person_id": m.person_id, "name": m.person.display_name,
                  "relation": m.relation} for m in family.members.select_related("person")],
        status=_status(getattr(family, "status", None)),
        supports=[_support(s) for s in family.supports.prefetch_related("payments")],
        certificate=_certificate(getattr(family, "certificate", None)),
    )


@router.post("/one-window", response={200: OneWindowOut, **ERRORS})
def one_window(request: HttpRequest, payload: OneWindowIn,
               idempotency_key: str = KEY) -> OneWindowOut:
    """The one window at a mission: register the family, decide the kandas status,
    propose the settlement region within the year's quota and give the support there.
    Repeating the request with the same ``Idempotency-Key`` returns the first answer. 422
    ``quota_exhausted`` (naming an alternative region with places; its KATO in ``rows``),
    ``not_settlement_region``, ``mission_required`` or a refusal of a member's data."""
    data = payload.model_dump(exclude={"members"})
    answer = services.one_window_register(actor=_actor(request), idempotency_key=idempotency_key,
                                          members=_members(payload.members), **data)
    return OneWindowOut(family=_family(answer.family), eligible=answer.eligible,
                        places_left=answer.places_left, relocation_kzt=answer.rules.relocation_kzt,
                        rent_monthly_kzt=answer.rules.rent_monthly_kzt,
                        certificate_cap_kzt=answer.rules.certificate_cap_kzt,
                        priority_sectors=answer.priority_sectors,
                        rule_version=answer.rules.rule_version)


@router.post("/resettlers", response={200: FamilyOut, **ERRORS})
def resettlers(request: HttpRequest, payload: ResettlersIn,
               idempotency_key: str = KEY) -> FamilyOut:
    """Register a resettler family in the region's resettler quota (one place per member).
    422 ``quota_exhausted`` (naming an alternative region), ``unknown_district``,
    ``same_region``, ``not_settlement_region``."""
    family = services.resettler_register(
        actor=_actor(request), members=_members(payload.members),
        origin_district_id=payload.origin_district, region=payload.region,
        moved_on=payload.moved_on, idempotency_key=idempotency_key)
    return _family(family)


@router.get("/families", response={200: list[FamilyOut], **ERRORS})
def families(request: HttpRequest) -> list[FamilyOut]:
    """The families the caller may see (region, mission or all), newest first (100)."""
    return [_family(f) for f in selectors.family_scope(_actor(request))[:100]]


@router.get("/families/{int:family_id}", response={200: FamilyOut, **ERRORS})
def family_detail(request: HttpRequest, family_id: int) -> FamilyOut:
    """One family with its members, status, support, payments and certificate."""
    return _family(selectors.family_get(actor=_actor(request), family_id=family_id))


@router.post("/families/{int:family_id}/arrival", response={200: FamilyOut, **ERRORS})
def arrival(request: HttpRequest, family_id: int, payload: DayIn) -> FamilyOut:
    """The family arrived in the region (422 ``not_expected``, ``after_citizenship``)."""
    return _family(services.arrival_confirm(actor=_actor(request), family_id=family_id,
                                            on=payload.on))


@router.post("/families/{int:family_id}/support", response={200: SupportOut, **ERRORS})
def support(request: HttpRequest, family_id: int, payload: SupportIn) -> SupportOut:
    """Grant the relocation or the rent subsidy, once, with its payments scheduled (422
    ``support_once``, ``not_arrived``, ``after_citizenship``)."""
    return _support(services.support_grant(actor=_actor(request), family_id=family_id,
                                           kind=payload.kind, on=payload.on))


@router.post("/payments/{int:payment_id}/paid", response={200: SettlementPaymentOut, **ERRORS})
def payment_paid(request: HttpRequest, payment_id: int, payload: DayIn) -> SettlementPaymentOut:
    """Record a scheduled payment as paid (422 ``payment_cancelled``,
    ``after_citizenship``)."""
    p = services.payment_record(actor=_actor(request), payment_id=payment_id,
                                paid_on=payload.on)
    return SettlementPaymentOut(id=p.pk, due_on=p.due_on, amount_kzt=p.amount_kzt, status=p.status,
                      paid_on=p.paid_on)


@router.post("/families/{int:family_id}/extension", response={200: StatusOut, **ERRORS})
def extension(request: HttpRequest, family_id: int, payload: SettlementExtensionIn) -> StatusOut:
    """Extend the kandas status once (422 ``extension_too_long`` beyond the months of the
    rules, ``extension_used``, ``status_expired``, ``no_status``, ``after_citizenship``)."""
    return _status(services.status_extend(actor=_actor(request), family_id=family_id,
                                          months=payload.months, on=payload.on))


@router.post("/families/{int:family_id}/citizenship", response={200: FamilyOut, **ERRORS})
def citizenship(request: HttpRequest, family_id: int, payload: DayIn) -> FamilyOut:
    """Citizenship granted: the kandas status ends, payments not yet due are cancelled
    (422 ``not_kandas``)."""
    return _family(services.citizenship_record(actor=_actor(request), family_id=family_id,
                                               on=payload.on))


@router.post("/families/{int:family_id}/certificate",
             response={200: SettlementCertificateOut, **ERRORS})
def certificate(request: HttpRequest, family_id: int,
                payload: CertificateIn) -> SettlementCertificateOut:
    """Issue the economic mobility certificate (422 ``certificate_once``,
    ``certificate_member``, ``job_not_confirmed``, ``no_housing_price``,
    ``unknown_district``, ``not_in_quota``)."""
    return _certificate(services.certificate_issue(actor=_actor(request), family_id=family_id,
                                                   district_id=payload.district, on=payload.on))


@router.post("/families/{int:family_id}/certificate/return",
             response={200: SettlementCertificateOut, **ERRORS})
def certificate_return(request: HttpRequest, family_id: int,
                       payload: ReturnIn) -> SettlementCertificateOut:
    """The certificate is returned: the family's quota places go back (422
    ``no_certificate``)."""
    return _certificate(services.certificate_return(actor=_actor(request), family_id=family_id,
                                                    reason=payload.reason, on=payload.on))


@router.put("/regions/{kato}/terms", response={200: TermsOut, **ERRORS})
def terms(request: HttpRequest, kato: str, payload: TermsIn) -> TermsOut:
    """The region sets its monthly rent subsidy and priority sectors from a day (422
    ``rent_out_of_bounds``, ``not_settlement_region``)."""
    t = services.region_terms_set(actor=_actor(request), region=kato, rent_mci=payload.rent_mci,
                                  priority_sectors=payload.priority_sectors,
                                  valid_from=payload.valid_from)
    return TermsOut(region=t.region_id, valid_from=t.valid_from, rent_mci=t.rent_mci,
                    priority_sectors=t.priority_sectors)


@router.post("/jobs", response={200: JobOut, **ERRORS})
def job(request: HttpRequest, payload: JobIn) -> JobOut:
    """An employer confirms a settler's job (its BIN checked; 422 ``invalid_bin``,
    ``unknown_employer``, ``not_settling``; 403 for another employer's BIN)."""
    j = services.job_confirm(actor=_actor(request), employer_bin=payload.employer_bin,
                             person_id=payload.person_id, on=payload.on)
    return JobOut(id=j.pk, family=j.family_id, person_id=j.person_id,
                  employer_bin=j.employer.bin, confirmed_on=j.confirmed_on)
