"""One case: its page (the applicant's view or the officer's) and the actions on it. Each
action is a POST that calls one service and returns to the case page."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, actor_for
from kosh.errors import DomainError

from .. import selectors, services
from ..evaluation import criteria_explained, evaluation_run
from ..forms import CommentForm, DecisionForm, DocumentRequestForm, UploadForm
from ..issuing import case_decide
from ..models import Case
from ..permissions import can_decide, case_filter, is_own_case
from ..registry import instrument_get
from ..statuses import CaseStatus, DocumentKind
from .base import application_rows, case_view, form_refused


def _officers_for(case: Case) -> list:
    """Users who could be given this case."""
    users = get_user_model().objects.filter(
        profile__role__in=sorted(instrument_get(case.instrument).deciding_roles), is_active=True
    ).select_related("profile").order_by("username")
    return [u for u in users if Case.objects.filter(case_filter(actor_for(u)), pk=case.pk)
            .exists()]


def _page(request: HttpRequest, actor: Actor, case: Case, status: int = 200,
          error: object = "", **forms: object) -> HttpResponse:
    spec = instrument_get(case.instrument)
    officer = can_decide(actor, case)
    stored = case.evaluations.order_by("-at", "-id").first()
    context: dict = {
        "case": case, "spec": spec, "officer": officer, "own": is_own_case(actor, case),
        "sla": selectors.case_sla(case), "events": selectors.case_events(actor=actor, case=case),
        "files": case.files.defer("content"), "decision": getattr(case, "decision", None),
        "issued": getattr(case, "issued", None), "stored": stored,
        "stored_criteria": criteria_explained(spec, stored.result) if stored else [],
        "rows": application_rows(spec, case.data),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "requested": _requested(case), "error": error,
    }
    if officer:
        try:
            now = evaluation_run(instrument=spec, data=case.data, person=case.applicant,
                                 on=case.assessed_on, issue_date=timezone.localdate())
            context["current"] = now
            context["current_criteria"] = criteria_explained(spec, now.as_json())
        except DomainError as err:
            context["current_error"] = err.message
        context["request_form"] = forms.get("request_form") or DocumentRequestForm()
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
        context["officers"] = _officers_for(case)
    return render(request, "cases/case.html", context, status=status)


def _requested(case: Case) -> list[str]:
    """Labels of the documents asked for when the case waits for documents."""
    if case.status != CaseStatus.DOCUMENTS_REQUESTED:
        return []
    last = case.events.filter(to_status=CaseStatus.DOCUMENTS_REQUESTED).last()
    kinds = last.data.get("documents", []) if last else []
    return [DocumentKind(k).label for k in kinds if k in DocumentKind.values]


@case_view
def case_page(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _page(request, actor, selectors.case_get(actor=actor, case_id=case_id))


def _action(request: HttpRequest, actor: Actor, case_id: int, call) -> HttpResponse:
    """Run ``call(case)``; on refusal show the case page with the message."""
    case = selectors.case_get(actor=actor, case_id=case_id)
    try:
        call(case)
    except DomainError as err:
        return _page(request, actor, case, status=422, error=err.message)
    return redirect("cases:case", case_id=case.pk)


def _form_action(request: HttpRequest, actor: Actor, case_id: int, form, name: str,
                 call) -> HttpResponse:
    """Validate ``form`` and run ``call(case, cleaned_data)``; on refusal show the case page
    with the form and its field-level messages."""
    case = selectors.case_get(actor=actor, case_id=case_id)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
            return redirect("cases:case", case_id=case.pk)
        except DomainError as err:
            form_refused(form, err)
    return _page(request, actor, case, status=422, **{name: form})


@require_POST
@case_view
def case_take(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    """Take a submitted case into review and assign it to oneself."""

    def take(case: Case) -> None:
        services.case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor)
        if case.assigned_to_id is None:
            services.case_assign(case=case, actor=actor, assignee=request.user)

    return _action(request, actor, case_id, take)


@require_POST
@case_view
def case_assign(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    username = request.POST.get("assignee", "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    return _action(request, actor, case_id,
                   lambda case: services.case_assign(case=case, actor=actor, assignee=user))


@require_POST
@case_view
def case_request_documents(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _form_action(
        request, actor, case_id, DocumentRequestForm(request.POST), "request_form",
        lambda case, d: services.case_documents_request(
            case=case, actor=actor, kinds=d["kinds"], message=d["message"]))


@require_POST
@case_view
def case_decide_view(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _form_action(
        request, actor, case_id, DecisionForm(request.POST), "decision_form",
        lambda case, d: case_decide(case=case, actor=actor, outcome=d["outcome"],
                                    reason_code=d["reason_code"], reason=d["reason"]))


@require_POST
@case_view
def case_comment(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _form_action(
        request, actor, case_id, CommentForm(request.POST), "comment_form",
        lambda case, d: services.case_comment(case=case, actor=actor, text=d["text"],
                                              internal=d["internal"]))


def _upload(actor: Actor, case: Case, data: dict) -> None:
    file = data["file"]
    checked = services.upload_check(kind=data["kind"], name=file.name,
                                    content=file.read(services.MAX_FILE_BYTES + 1))
    services.case_document_add(case=case, actor=actor, upload=checked)


@require_POST
@case_view
def case_upload(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _form_action(request, actor, case_id, UploadForm(request.POST, request.FILES),
                        "upload_form", lambda case, d: _upload(actor, case, d))


@require_POST
@case_view
def case_answer(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    """The applicant has sent what was asked for: the case goes back to review."""
    return _action(request, actor, case_id, lambda case: services.case_transition(
        case=case, to=CaseStatus.UNDER_REVIEW, actor=actor,
        reason=request.POST.get("reason", "")))


@require_POST
@case_view
def case_withdraw(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    return _action(request, actor, case_id, lambda case: services.case_transition(
        case=case, to=CaseStatus.WITHDRAWN, actor=actor, reason=request.POST.get("reason", "")))


@case_view
def case_file(request: HttpRequest, actor: Actor, case_id: int, file_id: int) -> HttpResponse:
    case = selectors.case_get(actor=actor, case_id=case_id)
    stored = selectors.case_file_get(actor=actor, case=case, file_id=file_id)
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="{stored.name}"'
    return response
