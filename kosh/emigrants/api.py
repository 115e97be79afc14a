"""Citizens working abroad, mounted at ``/api/emigrants``: agencies and their licences,
registration of work abroad and return, complaints and their moves. Every operation calls
the same services and selectors as the console."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut, RecordId
from kosh.identity.models import Person
from kosh.identity.selectors import person_in_scope

from . import selectors, services
from .models import Agency, Complaint, WorkAbroad
from .permissions import complaint_filter
from .schemas import (
    AgencyIn,
    AgencyOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintStatusValue,
    LicenceValue,
    MoveIn,
    ReasonsIn,
    WorkIn,
    WorkOut,
)
from .selectors import complaint_terms

router = Router(tags=["emigrants"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _agency(actor: Actor, agency_id: int) -> AgencyOut:
    return AgencyOut.from_orm(selectors.agency_get(actor=actor, agency_id=agency_id))


def _work(w: WorkAbroad) -> WorkOut:
    return WorkOut(id=w.pk, person_id=w.person_id, country=w.country_id, city=w.city,
                   employer_name=w.employer_name, contract_from=w.contract_from,
                   contract_to=w.contract_to, agency_id=w.agency_id,
                   insurance_applies=w.insurance_applies, insurance_policy=w.insurance_policy,
                   insurer=w.insurer, status=w.status, returned_on=w.returned_on)


def _complaint(actor: Actor, c: Complaint) -> ComplaintOut:
    terms = complaint_terms(c)
    return ComplaintOut(
        id=c.pk, person=selectors.complaint_subject(actor=actor, complaint=c),
        country=c.country_id, city=c.city,
        kind=c.kind, description=c.description, relative_name=c.relative_name,
        agency=str(c.agency) if c.agency else "", status=c.status, filed_on=c.filed_on,
        mission_due=c.mission_due, ministry_due=c.ministry_due,
        overdue_at_mission=terms.overdue_at_mission,
        overdue_at_ministry=terms.overdue_at_ministry, outcome=c.outcome,
        closed_on=c.closed_on, moves=[str(m) for m in getattr(c, "moves", [])],
        history=[{"at": e.at.isoformat(), "status": e.status, "side": e.side, "note": e.note}
                 for e in c.events.all()])


@router.get("/agencies", response={200: list[AgencyOut], **ERRORS})
def agency_list(request: HttpRequest,
                status: Query[LicenceValue | None] = None) -> list[AgencyOut]:
    """Agencies with their licence and their placements and complaints counted."""
    return [AgencyOut.from_orm(a) for a in
            selectors.agency_list(actor=_actor(request), status=status or "")[:500]]


@router.post("/agencies", response={201: AgencyOut, **WRITE})
def agency_apply(request: HttpRequest, payload: AgencyIn) -> Status:
    """Register an agency's licence application (BIN checked; 409 when registered)."""
    actor = _actor(request)
    agency = services.agency_apply(actor=actor, bin_number=payload.bin_number,
                                   name=payload.name)
    return Status(201, _agency(actor, agency.pk))


def _agency_row(actor: Actor, agency_id: int) -> Agency:
    return selectors.agency_get(actor=actor, agency_id=agency_id)


@router.post("/agencies/{agency_id}/licence", response={200: AgencyOut, **ERRORS})
def agency_license(request: HttpRequest, agency_id: RecordId) -> AgencyOut:
    """Grant the licence applied for."""
    actor = _actor(request)
    services.agency_license(actor=actor, agency=_agency_row(actor, agency_id))
    return _agency(actor, agency_id)


@router.post("/agencies/{agency_id}/refusal", response={200: AgencyOut, **ERRORS})
def agency_refuse(request: HttpRequest, agency_id: RecordId, payload: ReasonsIn) -> AgencyOut:
    """Refuse the licence applied for, with reasons."""
    actor = _actor(request)
    services.agency_refuse(actor=actor, agency=_agency_row(actor, agency_id),
                           reasons=payload.reasons)
    return _agency(actor, agency_id)


@router.post("/agencies/{agency_id}/revocation", response={200: AgencyOut, **ERRORS})
def agency_revoke(request: HttpRequest, agency_id: RecordId, payload: ReasonsIn) -> AgencyOut:
    """Revoke a licence in force, with reasons (open placements counted)."""
    actor = _actor(request)
    services.agency_revoke(actor=actor, agency=_agency_row(actor, agency_id),
                           reasons=payload.reasons)
    return _agency(actor, agency_id)


@router.post("/work", response={201: WorkOut, **ERRORS})
def work_register(request: HttpRequest, payload: WorkIn) -> Status:
    """Register a citizen's work abroad (the citizen's own, or by the ministry)."""
    actor = _actor(request)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise Person.DoesNotExist(payload.person_id)
    work = services.work_register(
        actor=actor, person=person, country=payload.country, city=payload.city,
        employer_name=payload.employer_name, contract_from=payload.contract_from,
        contract_to=payload.contract_to, agency_id=payload.agency_id,
        insurance_policy=payload.insurance_policy, insurer=payload.insurer)
    return Status(201, _work(work))


@router.post("/work/{work_id}/return", response={200: WorkOut, **ERRORS})
def work_return(request: HttpRequest, work_id: RecordId) -> WorkOut:
    """Record the citizen's return."""
    work = WorkAbroad.objects.filter(pk=work_id).first()
    if work is None:
        raise WorkAbroad.DoesNotExist(work_id)
    return _work(services.work_return(actor=_actor(request), work=work))


@router.get("/complaints", response={200: list[ComplaintOut], **ERRORS})
def complaint_list(request: HttpRequest, status: Query[ComplaintStatusValue | None] = None,
                   overdue: Query[bool] = False) -> list[ComplaintOut]:
    """The complaints the caller may see (a mission: its country's only)."""
    actor = _actor(request)
    return [_complaint(actor, c) for c in selectors.complaint_list(
        actor=actor, status=status or "", overdue_only=overdue)]


@router.post("/complaints", response={201: ComplaintOut, **ERRORS})
def complaint_file(request: HttpRequest, payload: ComplaintIn) -> Status:
    """File a complaint (the citizen, a relative, or an officer on a person's behalf)."""
    actor = _actor(request)
    person = (person_in_scope(actor=actor, person_id=payload.person_id)
              if payload.person_id else None)
    complaint = services.complaint_file(
        actor=actor, person=person, country=payload.country, kind=payload.kind,
        description=payload.description, city=payload.city,
        relative_iin=payload.relative_iin, relative_name=payload.relative_name,
        work_id=payload.work_id)
    return Status(201, _complaint(actor, complaint))


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def complaint_get(request: HttpRequest, complaint_id: RecordId) -> ComplaintOut:
    """One complaint with its terms, history and the moves the caller may make."""
    actor = _actor(request)
    return _complaint(actor, selectors.complaint_get(actor=actor, complaint_id=complaint_id))


@router.post("/complaints/{complaint_id}/transitions", response={200: ComplaintOut, **ERRORS})
def complaint_move(request: HttpRequest, complaint_id: RecordId, payload: MoveIn) -> ComplaintOut:
    """Move the complaint (mission: take up, report; ministry: close; citizen: withdraw)."""
    actor = _actor(request)
    complaint = Complaint.objects.filter(complaint_filter(actor)).filter(
        pk=complaint_id).first()
    if complaint is None:
        raise Complaint.DoesNotExist(complaint_id)
    services.complaint_move(actor=actor, complaint=complaint, to=payload.to, note=payload.note)
    return _complaint(actor, selectors.complaint_get(actor=actor, complaint_id=complaint_id))
