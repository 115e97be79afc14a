"""The asylum unit's API, mounted at ``/api/protection``: applications (register, interview,
extend the review, reissue the certificate, decide; a refugee's residence-permit application
and the end of the status), the stateless register (and the end of the status), a person's
protection history and the counts by year and status. Every operation calls the same
services and selectors as the console; everyone outside the unit gets 403."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut, RecordId
from kosh.identity.permissions import asylum_require
from kosh.identity.selectors import person_in_scope

from . import selectors, services
from .models import AsylumApplication, ProtectionCertificate, StatelessRecord
from .schemas import (
    ApplicationIn,
    ApplicationOut,
    AsylumDecisionIn,
    CountsOut,
    HistoryOut,
    InterviewIn,
    ProtectionCertificateOut,
    ProtectionExtensionIn,
    StatelessIn,
    StatelessOut,
    StatusEndIn,
    StatusValue,
)

router = Router(tags=["protection"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _certificate(c: ProtectionCertificate) -> ProtectionCertificateOut:
    if not hasattr(c, "in_force"):
        c = selectors.certificates_with_pdf([c])[0]
    return ProtectionCertificateOut(number=c.number, kind=c.kind, valid_from=c.valid_from,
                          valid_to=c.valid_to, replaces=c.replaces.number if c.replaces else "",
                          sha256=c.sha256, in_force=c.in_force)


def _application(a: AsylumApplication) -> ApplicationOut:
    return ApplicationOut(
        id=a.pk, person_id=a.person_id, person=a.person.display_name, origin=a.origin_id,
        arrival_date=a.arrival_date, registered_on=a.registered_on, late=a.late,
        late_reason=a.late_reason, status=a.status, interview_due=a.interview_due,
        decision_due=a.decision_due, extension_reason=a.extension_reason,
        interviewed_on=a.interviewed_on, decided_on=a.decided_on,
        refusal_ground=a.refusal_ground, refusal_reason=a.refusal_reason,
        appeal_until=a.appeal_until, sla=str(selectors.sla(a).value),
        escalated=selectors.escalated(a), residence_applied_on=a.residence_applied_on,
        residence_decision_due=a.residence_decision_due, ended_on=a.ended_on,
        end_ground=a.end_ground, end_reason=a.end_reason, before_kosh=a.before_kosh,
        certificates=[_certificate(c) for c in selectors.certificates_with_pdf(
            a.certificates.select_related("replaces"))])


def _stateless(r: StatelessRecord) -> StatelessOut:
    return StatelessOut(id=r.pk, person_id=r.person_id, person=r.person.display_name,
                        identified_on=r.identified_on, basis=r.basis, status=r.status,
                        residence_applied_on=r.residence_applied_on,
                        residence_decision_due=r.residence_decision_due, ended_on=r.ended_on,
                        end_ground=r.end_ground, end_reason=r.end_reason,
                        before_kosh=r.before_kosh)


def _get(actor: Actor, application_id: int) -> AsylumApplication:
    return selectors.asylum_get(actor=actor, application_id=application_id)


@router.get("/applications", response={200: list[ApplicationOut], **READ})
def application_list(request: HttpRequest, status: Query[StatusValue | None] = None,
                     escalated: Query[bool] = False) -> list[ApplicationOut]:
    """Applications, escalated (decision term passed) and nearest term first."""
    return [_application(a) for a in selectors.asylum_list(
        actor=_actor(request), status=status or "", escalated_only=escalated)]


@router.post("/applications", response={201: ApplicationOut, **WRITE})
def application_register(request: HttpRequest, payload: ApplicationIn) -> Status:
    """Register an application (late filing flagged) and issue the asylum-seeker
    certificate the same day."""
    actor = _actor(request)
    asylum_require(actor)
    person = person_in_scope(actor=actor, person_id=payload.person_id)
    application = services.asylum_register(
        actor=actor, person=person, origin=payload.origin, arrival_date=payload.arrival_date,
        registered_on=payload.registered_on, late_reason=payload.late_reason)
    return Status(201, _application(application))


@router.get("/applications/{application_id}", response={200: ApplicationOut, **READ})
def application_get(request: HttpRequest, application_id: RecordId) -> ApplicationOut:
    """One application with its terms, escalation and certificates."""
    return _application(_get(_actor(request), application_id))


@router.post("/applications/{application_id}/interview",
             response={200: ApplicationOut, **WRITE})
def application_interview(request: HttpRequest, application_id: RecordId,
                          payload: InterviewIn) -> ApplicationOut:
    """Record the interview."""
    actor = _actor(request)
    return _application(services.asylum_interview(
        actor=actor, application=_get(actor, application_id), on=payload.on,
        note=payload.note))


@router.post("/applications/{application_id}/extension",
             response={200: ApplicationOut, **WRITE})
def application_extend(request: HttpRequest, application_id: RecordId,
                       payload: ProtectionExtensionIn) -> ApplicationOut:
    """Postpone the decision (with reasons, at most a year from registration)."""
    actor = _actor(request)
    return _application(services.asylum_extend(
        actor=actor, application=_get(actor, application_id), until=payload.until,
        reasons=payload.reasons))


@router.post("/applications/{application_id}/certificate",
             response={201: ProtectionCertificateOut, **WRITE})
def application_certificate(request: HttpRequest, application_id: RecordId) -> Status:
    """Reissue the asylum-seeker certificate for another term (review still open)."""
    actor = _actor(request)
    return Status(201, _certificate(services.asylum_certificate_extend(
        actor=actor, application=_get(actor, application_id))))


@router.post("/applications/{application_id}/decision",
             response={200: ApplicationOut, **WRITE})
def application_decide(request: HttpRequest, application_id: RecordId,
                       payload: AsylumDecisionIn) -> ApplicationOut:
    """Grant refugee status (certificate issued) or refuse it with ground and reasons."""
    actor = _actor(request)
    return _application(services.asylum_decide(
        actor=actor, application=_get(actor, application_id), recognise=payload.recognise,
        ground=payload.ground, reasons=payload.reasons))


@router.post("/applications/{application_id}/residence",
             response={200: ApplicationOut, **WRITE})
def application_residence(request: HttpRequest, application_id: RecordId) -> ApplicationOut:
    """Take a recognised refugee's application for a residence permit (decision due in
    working days); asked again, the application already taken is returned unchanged."""
    actor = _actor(request)
    return _application(services.refugee_residence_apply(
        actor=actor, application=_get(actor, application_id)))


@router.post("/applications/{application_id}/ending",
             response={200: ApplicationOut, **WRITE})
def application_end(request: HttpRequest, application_id: RecordId,
                    payload: StatusEndIn) -> ApplicationOut:
    """End a refugee's status: withdrawn (false information, exclusion) or ceased (the
    other grounds); the refugee certificate is revoked."""
    actor = _actor(request)
    return _application(services.refugee_status_end(
        actor=actor, application=_get(actor, application_id), ground=payload.ground,
        reasons=payload.reasons, on=payload.on))


@router.get("/counts", response={200: CountsOut, **READ})
def counts(request: HttpRequest) -> CountsOut:
    """Applications by year of registration and status, small cells hidden."""
    c = selectors.asylum_counts(actor=_actor(request))
    return CountsOut(statuses=[s.value for s in c.statuses], years=list(c.years),
                     cells=[[x.count for x in row] for row in c.cells],
                     row_totals=[x.count for x in c.row_totals],
                     column_totals=[x.count for x in c.column_totals],
                     grand_total=c.grand_total.count)


@router.get("/stateless", response={200: list[StatelessOut], **READ})
def stateless_list(request: HttpRequest) -> list[StatelessOut]:
    """The stateless register, newest first."""
    return [_stateless(r) for r in selectors.stateless_list(actor=_actor(request))[:500]]


@router.post("/stateless", response={201: StatelessOut, **WRITE})
def stateless_identify(request: HttpRequest, payload: StatelessIn) -> Status:
    """Record a person identified as stateless."""
    actor = _actor(request)
    asylum_require(actor)
    person = person_in_scope(actor=actor, person_id=payload.person_id)
    return Status(201, _stateless(services.stateless_identify(actor=actor, person=person,
                                                              basis=payload.basis)))


@router.post("/stateless/{record_id}/certificate",
             response={201: ProtectionCertificateOut, **WRITE})
def stateless_document(request: HttpRequest, record_id: RecordId) -> Status:
    """Issue the stateless person's certificate."""
    actor = _actor(request)
    record = selectors.stateless_get(actor=actor, record_id=record_id)
    return Status(201, _certificate(services.stateless_document(actor=actor, record=record)))


@router.post("/stateless/{record_id}/residence", response={200: StatelessOut, **WRITE})
def stateless_residence(request: HttpRequest, record_id: RecordId) -> StatelessOut:
    """Take the documented person's application for a residence permit."""
    actor = _actor(request)
    record = selectors.stateless_get(actor=actor, record_id=record_id)
    return _stateless(services.stateless_residence_apply(actor=actor, record=record))


@router.post("/stateless/{record_id}/ending", response={200: StatelessOut, **WRITE})
def stateless_end(request: HttpRequest, record_id: RecordId,
                  payload: StatusEndIn) -> StatelessOut:
    """End a stateless person's status (citizenship acquired or confirmed, another
    nationality, departure); the certificate is revoked."""
    actor = _actor(request)
    record = selectors.stateless_get(actor=actor, record_id=record_id)
    return _stateless(services.stateless_status_end(
        actor=actor, record=record, ground=payload.ground, reasons=payload.reasons,
        on=payload.on))


@router.get("/persons/{person_id}/history", response={200: list[HistoryOut], **READ})
def history(request: HttpRequest, person_id: RecordId) -> list[HistoryOut]:
    """A person's protection history in order (asylum seeker → refugee, stateless →
    documented → residence permit)."""
    actor = _actor(request)
    asylum_require(actor)
    person = person_in_scope(actor=actor, person_id=person_id)
    return [HistoryOut(**vars(s)) for s in selectors.protection_history(actor=actor,
                                                                        person=person)]
