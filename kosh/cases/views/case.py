"""One case: its page (the applicant's view or the officer's) and the actions on it. Each
action is a POST that calls one service and returns to the case page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor
from kosh.errors import DomainError

from .. import selectors, services
from ..evidence import EVIDENCE_HELP
from ..forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    DocumentRequestForm,
    ResolveForm,
    UploadForm,
)
from ..issuing import case_decide
from ..models import Case
from ..registry import instrument_get
from ..statuses import CaseStatus, DocumentKind, Outcome
from .base import application_rows, case_view, form_refused


def _page(request: HttpRequest, actor: Actor, case: Case, status: int = 200,
          error: object = "", **forms: object) -> HttpResponse:
    """The case page: ``selectors.case_detail`` (the same detail the API returns) and the
    forms of the actions it allows."""
    detail = selectors.case_detail(actor=actor, case=case)
    context: dict = {
        "d": detail, "case": case, "spec": detail.spec, "officer": detail.officer,
        "own": detail.own, "actions": detail.action_codes,
        "rows": application_rows(detail.spec, case.data),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "requested": _requested(case), "error": error,
        "evidence_help": EVIDENCE_HELP,
    }
    if detail.officer:
        context["request_form"] = forms.get("request_form") or DocumentRequestForm()
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
        context["confirm_form"] = forms.get("confirm_form")
        context["resolve_form"] = forms.get("resolve_form")
        context["officers"] = selectors.case_assignees(case)
    return render(request, "cases/case.html", context, status=status)


def _requested(case: Case) -> list[str]:
    """Labels of the documents asked for when the case waits for documents."""
    if case.status != CaseStatus.DOCUMENTS_REQUESTED:
        return []
    last = case.events.filter(to_status=CaseStatus.DOCUMENTS_REQUESTED).last()
    kinds = last.data.get("documents", []) if last else []
    return [DocumentKind(k).label for k in kinds if k in DocumentKind.values]


def _confirmation(request: HttpRequest, case: Case, *, action: str, title: str, text: str,
                  testid: str) -> HttpResponse:
    """The confirmation step of an action that cannot be undone: the same POST again, with
    ``confirmed=yes`` (no script needed)."""
    fields = [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", "confirmed")
              for v in request.POST.getlist(k)]
    return render(request, "cases/confirm.html", {
        "case": case, "action": action, "title": title, "text": text, "fields": fields,
        "testid": testid,
    })


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "yes"


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
    """Take a submitted case into review (assigned to oneself unless it already is)."""
    return _action(request, actor, case_id,
                   lambda case: services.case_take(case=case, actor=actor))


@require_POST
@case_view
def case_assign(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    def assign(case: Case) -> None:
        user = selectors.assignee_get(request.POST.get("assignee", ""))
        services.case_assign(case=case, actor=actor, assignee=user)

    return _action(request, actor, case_id, assign)


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
    """Approve or refuse, after a confirmation step that says what the decision does."""
    form = DecisionForm(request.POST)
    if form.is_valid() and not _confirmed(request):
        case = selectors.case_get(actor=actor, case_id=case_id)
        spec = instrument_get(case.instrument)
        if form.cleaned_data["outcome"] == Outcome.APPROVED:
            title = gettext("Approve %(number)s?") % {"number": case.number}
            text = gettext("%(document)s will be issued to %(name)s. The decision cannot be "
                           "undone.") % {"document": spec.document_title,
                                         "name": case.applicant.display_name}
        else:
            title = gettext("Refuse %(number)s?") % {"number": case.number}
            text = gettext("%(name)s will be told the reason and the term to appeal. The "
                           "decision cannot be undone.") % {
                "name": case.applicant.display_name}
        return _confirmation(request, case, action=reverse("cases:decide", args=[case.pk]),
                             title=title, text=text, testid="confirm-decision")
    return _form_action(
        request, actor, case_id, form, "decision_form",
        lambda case, d: case_decide(case=case, actor=actor, outcome=d["outcome"],
                                    reason_code=d["reason_code"], reason=d["reason"]))


@require_POST
@case_view
def criterion_confirm(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    """Confirm a document criterion on an attached file."""
    return _form_action(
        request, actor, case_id, ConfirmForm(request.POST), "confirm_form",
        lambda case, d: services.criterion_confirm(
            case=case, actor=actor, criterion=d["criterion"], file_id=d["file"],
            note=d["note"]))


@require_POST
@case_view
def contradiction_resolve(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    """Record how a contradiction with the registry was resolved."""
    return _form_action(
        request, actor, case_id, ResolveForm(request.POST), "resolve_form",
        lambda case, d: services.contradiction_resolve(
            case=case, actor=actor, criterion=d["criterion"], explanation=d["explanation"]))


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
    """Withdraw the application, after a confirmation step."""
    if not _confirmed(request):
        case = selectors.case_get(actor=actor, case_id=case_id)
        return _confirmation(
            request, case, action=reverse("cases:withdraw", args=[case.pk]),
            title=gettext("Withdraw %(number)s?") % {"number": case.number},
            text=gettext("The application will not be decided. To apply again you submit a "
                         "new application."), testid="confirm-withdraw")
    return _action(request, actor, case_id, lambda case: services.case_transition(
        case=case, to=CaseStatus.WITHDRAWN, actor=actor, reason=request.POST.get("reason", "")))


@case_view
def case_file(request: HttpRequest, actor: Actor, case_id: int, file_id: int) -> HttpResponse:
    case = selectors.case_get(actor=actor, case_id=case_id)
    stored = selectors.case_file_get(actor=actor, case=case, file_id=file_id)
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="{stored.name}"'
    return response
