"""The cases API: instruments, pre-check, submission (idempotent), the workflow, files,
decisions and issued documents (PDF and verification by number).

Mounted on the project's NinjaAPI at ``/api/cases``; every endpoint builds the actor,
calls one selector or service and returns a schema."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Header, Query, Router, Status
from ninja.files import UploadedFile

from kosh.access.policy import Actor, actor_for
from kosh.api.responses import answer
from kosh.api.schemas import ErrorOut
from kosh.documents.responses import pdf_response
from kosh.documents.schemas import RevocationIn, RevocationOut, VerificationOut
from kosh.documents.selectors import document_download, document_verify
from kosh.documents.services import document_revoke
from kosh.documents.throttle import TooManyAttempts, verification_throttle

from . import selectors, services
from .evaluation import criteria_explained, evaluation_run
from .evidence import CriterionEvidence, documents_missing
from .issuing import case_decide
from .models import Case
from .permissions import applicant_for
from .registry import INSTRUMENTS, instrument_get
from .schemas import (
    ASSIGNED_VALUES,
    INSTRUMENT_VALUES,
    SLA_VALUES,
    STATUS_VALUES,
    SUBMIT_DETAIL_VALUES,
    AssignmentIn,
    CaseLinksOut,
    CaseOut,
    CaseSubmit,
    CaseSubmittedOut,
    CaseSummaryOut,
    CommentIn,
    ConfirmationIn,
    ConfirmationOut,
    CriterionEvidenceOut,
    DecisionIn,
    DecisionOut,
    DocumentRequestIn,
    EvaluationOut,
    EventOut,
    FileOut,
    InstrumentOut,
    PrecheckIn,
    RegistryFactOut,
    ResolutionIn,
    ResolutionOut,
    RulesResultOut,
    TransitionIn,
)
from .statuses import DocumentKind

router = Router(tags=["cases"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _evaluation(case_or_code: str, result: dict,
                missing: list[str] | None = None) -> EvaluationOut:
    spec = instrument_get(case_or_code)
    return EvaluationOut(
        instrument=result["instrument"], assessed_on=result["assessed_on"],
        in_force=result["in_force"], eligible=result["eligible"],
        rule_version=result["rule_version"], outputs=result["outputs"],
        criteria=[{"code": c.code, "label": c.label, "passed": c.passed,
                   "explanation": c.text} for c in criteria_explained(spec, result)],
        missing_documents=[{"kind": k, "label": str(DocumentKind(k).label)}
                           for k in missing or []],
    )


def _summary(case: Case) -> dict:
    return {
        "id": case.pk, "number": case.number, "instrument": case.instrument,
        "status": case.status, "applicant_id": case.applicant_id,
        "applicant": case.applicant.display_name, "submitted_at": case.submitted_at,
        "expected_decision_on": case.expected_decision_on, "sla": selectors.case_sla(case),
        "assigned_to": case.assigned_to.get_username() if case.assigned_to else None,
    }


def _decision(detail: selectors.CaseDetail) -> DecisionOut | None:
    decision, issued = detail.decision, detail.issued
    if decision is None:
        return None
    return DecisionOut(
        outcome=decision.outcome, reason_code=decision.reason_code, reason=decision.reason,
        rule_version=decision.evaluation.rule_version, decided_at=decision.decided_at,
        appeal_until=decision.appeal_until, document=issued.number if issued else None,
    )


def _evidence(row: CriterionEvidence) -> CriterionEvidenceOut:
    confirmation, resolution = row.confirmation, row.resolution
    return CriterionEvidenceOut(
        code=row.code, label=row.label, evidence=str(row.evidence), passed=row.passed,
        explanation=row.text, document=row.document,
        confirmation=ConfirmationOut(file_id=confirmation.file_id,
                                     officer=confirmation.officer_name, at=confirmation.at,
                                     note=confirmation.note) if confirmation else None,
        registry_fact=RegistryFactOut(**row.fact.__dict__) if row.fact else None,
        resolution=ResolutionOut(declared=resolution.declared, registry=resolution.registry,
                                 explanation=resolution.explanation,
                                 officer=resolution.officer_name, at=resolution.at)
        if resolution else None,
    )


def _detail(actor: Actor, case: Case) -> CaseOut:
    """The case as ``selectors.case_detail`` puts it — the same detail the console shows."""
    detail = selectors.case_detail(actor=actor, case=case)
    latest = detail.stored
    return CaseOut(
        **_summary(case), data=case.data,
        evaluation=_evaluation(case.instrument, latest.result) if latest else None,
        events=[EventOut(at=e.at, kind=e.kind, from_status=e.from_status,
                         to_status=e.to_status, actor=e.actor_name, text=e.text, data=e.data)
                for e in detail.events],
        files=[FileOut.from_orm(f) for f in detail.files],
        decision=_decision(detail), actions=detail.action_codes,
        criteria_evidence=[_evidence(r) for r in detail.evidence],
        approval_blockers=detail.blockers, documents_to_follow=list(case.documents_to_follow),
        registered_by=detail.registered_by or None, four_eyes=detail.four_eyes,
        previous_refusals=detail.refusals,
    )


@router.get("/instruments", response={200: list[InstrumentOut], **ERRORS})
def instrument_list(request: HttpRequest) -> list[InstrumentOut]:
    """The instruments one can apply for, with their criteria and documents."""
    return [
        InstrumentOut(code=s.code, label=str(s.label), summary=str(s.summary),
                      document_title=str(s.document_title),
                      criteria=[{"code": c.variable, "label": str(c.label)} for c in s.criteria],
                      documents=list(s.required_documents),
                      documents_may_follow=list(s.documents_may_follow))
        for s in INSTRUMENTS.values()
    ]


@router.post("/precheck", response={200: EvaluationOut, **ERRORS})
def case_precheck(request: HttpRequest, payload: PrecheckIn) -> EvaluationOut:
    """Evaluate an application against today's rules without submitting it; name the
    required documents neither in ``attached`` nor allowed to follow in
    ``documents_follow``."""
    actor = _actor(request)
    spec = instrument_get(payload.application.instrument)
    person = applicant_for(actor, payload.person_id)
    today = timezone.localdate()
    data = spec.validate(payload.application.model_dump(mode="json"))
    evaluation = evaluation_run(instrument=spec, data=data, person=person, on=today,
                                issue_date=today)
    follow = {k for k in payload.documents_follow if k in spec.documents_may_follow}
    return _evaluation(spec.code, evaluation.as_json(),
                       documents_missing(spec, set(payload.attached) | follow))


def _receipt(case: Case) -> CaseSubmittedOut:
    """The answer to a submission, from what it stored (``selectors.case_receipt``)."""
    receipt = selectors.case_receipt(case=case)
    stored = receipt.evaluation
    result = stored.result if stored else None
    url = reverse("api:case_detail", kwargs={"case_id": case.pk})
    return CaseSubmittedOut(
        **_summary(case),
        evaluation=RulesResultOut(
            instrument=result["instrument"], assessed_on=result["assessed_on"],
            in_force=result["in_force"], eligible=result["eligible"],
            rule_version=result["rule_version"], outputs=result["outputs"],
            criteria=[{"code": c["code"], "passed": c["passed"]} for c in result["criteria"]],
        ) if result else None,
        files=[{"id": f.pk, "kind": f.kind, "name": f.name, "content_type": f.content_type,
                "size": f.size, "sha256": f.sha256, "uploaded_at": f.uploaded_at}
               for f in receipt.files],
        documents_to_follow=list(case.documents_to_follow),
        links=CaseLinksOut(case=url, files=f"{url}/files"),
    )


SUBMITTED = CaseSubmittedOut | CaseOut
SUBMIT_DETAIL = Query("summary", description="``summary`` (the default): the case, the "
                      "rules' result, the files stored and links; ``full``: the case as "
                      "``GET /api/cases/{id}`` answers it.")


@router.post("", response={200: SUBMITTED, 201: SUBMITTED, **ERRORS})
def case_submit(
    request: HttpRequest,
    payload: CaseSubmit,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=100),
    detail: SUBMIT_DETAIL_VALUES = SUBMIT_DETAIL,
) -> HttpResponse | Status[CaseOut]:
    """Submit an application (the rules decide and their trace is stored, the files are
    stored with their SHA-256). The answer is the case with the rules' result and the
    files stored; ``GET /api/cases/{id}`` (or ``?detail=full``) explains each criterion
    with its evidence. Repeating the request with the same ``Idempotency-Key`` answers the
    same for the first case (200) instead of creating another (201)."""
    actor = _actor(request)
    uploads = tuple(
        services.upload_check(kind=d.kind, name=d.name, content=d.content,
                              field=f"documents.{i}")
        for i, d in enumerate(payload.documents)
    )
    case, created = services.case_submit(
        actor=actor, instrument=payload.application.instrument,
        data=payload.application.model_dump(mode="json"), person_id=payload.person_id,
        idempotency_key=idempotency_key, received_on=payload.received_on, uploads=uploads,
        documents_follow=tuple(payload.documents_follow),
    )
    status = 201 if created else 200
    if detail == "full":
        return Status(status, _detail(actor, case))
    return answer(request, status, _receipt(case))


@router.get("", response={200: list[CaseSummaryOut], **ERRORS})
def case_list(
    request: HttpRequest,
    status: STATUS_VALUES = "",
    instrument: INSTRUMENT_VALUES = "",
    assigned: ASSIGNED_VALUES = "",
    sla: SLA_VALUES = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
) -> list[dict]:
    """Cases the caller may see (applicants: their own; officers: their queue)."""
    cases = selectors.case_list(actor=_actor(request), status=status, instrument=instrument,
                                assigned=assigned, sla=sla)
    return [_summary(c) for c in cases[offset:offset + limit]]


@router.get("/{int:case_id}", response={200: CaseOut, **ERRORS})
def case_detail(request: HttpRequest, case_id: int) -> CaseOut:
    actor = _actor(request)
    return _detail(actor, selectors.case_get(actor=actor, case_id=case_id))


@router.post("/{int:case_id}/take", response={200: CaseOut, **ERRORS})
def case_take(request: HttpRequest, case_id: int) -> CaseOut:
    """Take a submitted case into review (assigned to the caller unless it already is)."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    return _detail(actor, services.case_take(case=case, actor=actor))


@router.post("/{int:case_id}/confirmations", response={201: CaseOut, **ERRORS})
def criterion_confirm(request: HttpRequest, case_id: int,
                      payload: ConfirmationIn) -> Status[CaseOut]:
    """Confirm a criterion known from a document on an attached file of its kind."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    services.criterion_confirm(case=case, actor=actor, criterion=payload.criterion,
                               file_id=payload.file_id, note=payload.note)
    return Status(201, _detail(actor, case))


@router.post("/{int:case_id}/resolutions", response={201: CaseOut, **ERRORS})
def contradiction_resolve(request: HttpRequest, case_id: int,
                          payload: ResolutionIn) -> Status[CaseOut]:
    """Record how a contradiction between the application and the registry was resolved."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    services.contradiction_resolve(case=case, actor=actor, criterion=payload.criterion,
                                   explanation=payload.explanation)
    return Status(201, _detail(actor, case))


@router.post("/{int:case_id}/transitions", response={200: CaseOut, **ERRORS})
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> CaseOut:
    """Take into review (``under_review``), answer a request (``under_review``) or withdraw
    (``withdrawn``). Approval and refusal go through ``/decision``."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    case = services.case_transition(case=case, to=payload.to, actor=actor,
                                    reason=payload.reason)
    return _detail(actor, case)


@router.post("/{int:case_id}/document-requests", response={200: CaseOut, **ERRORS})
def case_documents_request(request: HttpRequest, case_id: int,
                           payload: DocumentRequestIn) -> CaseOut:
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    case = services.case_documents_request(case=case, actor=actor, kinds=payload.kinds,
                                           message=payload.message)
    return _detail(actor, case)


@router.post("/{int:case_id}/decision", response={200: CaseOut, **ERRORS})
def case_decision(request: HttpRequest, case_id: int, payload: DecisionIn) -> CaseOut:
    """Approve (issues the document) or refuse with a coded reason (states the appeal term)."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    case_decide(case=case, actor=actor, outcome=payload.outcome,
                reason_code=payload.reason_code, reason=payload.reason)
    return _detail(actor, selectors.case_get(actor=actor, case_id=case_id))


@router.post("/{int:case_id}/assignment", response={200: CaseOut, **ERRORS})
def case_assign(request: HttpRequest, case_id: int, payload: AssignmentIn) -> CaseOut:
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    assignee = selectors.assignee_get(payload.username or "", field="username")
    return _detail(actor, services.case_assign(case=case, actor=actor, assignee=assignee))


@router.post("/{int:case_id}/comments", response={201: EventOut, **ERRORS})
def case_comment(request: HttpRequest, case_id: int, payload: CommentIn) -> Status[EventOut]:
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    event = services.case_comment(case=case, actor=actor, text=payload.text,
                                  internal=payload.internal)
    return Status(201, EventOut(at=event.at, kind=event.kind, from_status="", to_status="",
                                actor=event.actor_name, text=event.text, data=event.data))


@router.post("/{int:case_id}/files", response={201: FileOut, **ERRORS})
def case_file_add(
    request: HttpRequest, case_id: int, kind: Form[str], file: File[UploadedFile]
) -> Status[FileOut]:
    """Attach a PDF, PNG or JPEG (≤ 10 MB) of a document type."""
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    upload = services.upload_check(kind=kind, name=file.name or "", content=file.read(
        services.MAX_FILE_BYTES + 1))
    return Status(201, FileOut.from_orm(services.case_document_add(case=case, actor=actor,
                                                                   upload=upload)))


@router.get("/{int:case_id}/files/{int:file_id}", response={200: None, **ERRORS})
def case_file_download(request: HttpRequest, case_id: int, file_id: int) -> HttpResponse:
    actor = _actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    stored = selectors.case_file_get(actor=actor, case=case, file_id=file_id)
    return HttpResponse(bytes(stored.content), content_type=stored.content_type)


@router.get("/documents/{number}", response={200: VerificationOut, 429: ErrorOut, **ERRORS})
def document_verify_endpoint(
    request: HttpRequest, number: str, birth_date: date | None = None,
    t: str = Query("", max_length=100, description="the token of the document's QR code"),
) -> Status[VerificationOut] | Status[ErrorOut]:
    """Verify an issued visa, card or confirmation: its number and the holder's
    ``birth_date``, or its number and the token ``t`` from its QR code (one of the two is
    required). An unknown number, a wrong date and a wrong token all answer the same 404;
    checks are limited per client address (429 beyond ``KOSH_VERIFY_ATTEMPTS`` per
    ``KOSH_VERIFY_WINDOW`` seconds). The holder's name is masked; the birth date is never
    returned."""
    try:
        verification_throttle(request)
    except TooManyAttempts:
        return Status(429, ErrorOut(code="too_many_attempts", message=str(
            _("Too many documents were checked from your address. Please try again later."))))
    result = document_verify(actor=_actor(request), number=number, birth_date=birth_date,
                             token=t)
    if not result.found:  # the same answer as any unknown record; audited as a check above
        return Status(404, ErrorOut(code="not_found", message=str(_("Not found."))))
    return Status(200, VerificationOut(**{k: v for k, v in result.__dict__.items()
                                         if k in VerificationOut.model_fields}))


@router.get("/documents/{number}/pdf", response={200: None, **ERRORS})
def document_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The issued document's PDF as frozen and signed at issue (its holder, or an officer of
    the case); each download is audited."""
    return pdf_response(document_download(actor=_actor(request), number=number))


@router.post("/documents/{number}/revocation", response={201: RevocationOut, **ERRORS})
def document_revocation(request: HttpRequest, number: str,
                        payload: RevocationIn) -> Status[RevocationOut]:
    """Revoke an issued document with a reason (officers who decide its instrument, admin).
    Verification reports it as revoked from then on."""
    actor = _actor(request)
    issued = selectors.issued_get(actor=actor, number=number)
    revocation = document_revoke(actor=actor, document=issued, reason=payload.reason)
    return Status(201, RevocationOut(number=issued.number, reason=revocation.reason,
                                     officer=revocation.officer_name, at=revocation.at))
