"""The applicant's pages: choose an instrument, fill the form with a live pre-check of each
criterion, upload documents, submit; follow the case; download the issued document."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor, Capability
from kosh.access.roles import Purpose
from kosh.documents.responses import pdf_response
from kosh.documents.selectors import document_download
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.identity.selectors import person_scope
from kosh.web.exports import export_format, export_response

from .. import selectors, services
from ..evaluation import criteria_explained, evaluation_run
from ..evidence import documents_missing
from ..forms import RegisterForm, UploadsForm, submission_key
from ..permissions import applicant_for
from ..registry import INSTRUMENTS, Instrument, instrument_get
from ..statuses import DocumentKind
from .base import case_view, form_refused


@case_view
def instrument_pick(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require(Capability.APPLY)
    return render(request, "cases/apply_pick.html", {"instruments": INSTRUMENTS.values()})


def _uploads(form: UploadsForm) -> tuple[services.Upload, ...]:
    """The checked files of the form; a bad file is refused at its own field."""
    uploads = []
    for name, file in form.files.items():
        if name in form.fields and file:
            kind = name.removeprefix("file_")
            try:
                uploads.append(services.upload_check(
                    kind=kind, name=file.name, content=file.read(services.MAX_FILE_BYTES + 1),
                    field=name))
            except DomainError as err:
                form_refused(form, err)
    return tuple(uploads)


def _instrument_or_404(code: str) -> Instrument:
    """The instrument named in the URL; an unknown one is a page that does not exist."""
    try:
        return instrument_get(code)
    except DomainError as err:
        raise Http404 from err


@case_view
def application_form(request: HttpRequest, actor: Actor, code: str) -> HttpResponse:
    """The instrument's form. Nothing is written unless every field and file is valid."""
    actor.require(Capability.APPLY)
    spec = _instrument_or_404(code)
    if request.method != "POST":
        form = spec.form_class()
        files = UploadsForm(spec=spec, initial={"idempotency_key": submission_key()})
        return render(request, "cases/apply_form.html",
                      {"spec": spec, "form": form, "files": files})
    form = spec.form_class(request.POST)
    files = UploadsForm(request.POST, request.FILES, spec=spec)
    valid = form.is_valid() & files.is_valid()
    uploads = _uploads(files) if valid else ()
    if valid and not files.errors:
        try:
            case, _created = services.case_submit(
                actor=actor, instrument=code, data=form.application_data(), uploads=uploads,
                idempotency_key=files.cleaned_data["idempotency_key"],
                documents_follow=files.documents_follow(),
            )
            return redirect("cases:case", case_id=case.pk)
        except DomainError as err:
            form_refused(files if err.field.startswith("file") else form, err)
    return render(request, "cases/apply_form.html",
                  {"spec": spec, "form": form, "files": files}, status=400)


@case_view
def precheck(request: HttpRequest, actor: Actor, code: str) -> HttpResponse:
    """HTMX: each criterion for what is filled in so far (nothing is stored)."""
    actor.require(Capability.APPLY)
    spec = _instrument_or_404(code)
    form = spec.form_class(request.POST)
    form.is_valid()
    files = UploadsForm(request.POST, request.FILES, spec=spec)
    missing = documents_missing(
        spec, files.attached() | {k for k in files.documents_follow()
                                  if k in spec.documents_may_follow})
    today = timezone.localdate()
    try:
        evaluation = evaluation_run(instrument=spec, data=form.application_data(),
                                    person=applicant_for(actor, None), on=today,
                                    issue_date=today)
    except DomainError as err:
        return render(request, "cases/_precheck.html", {"error": _in_words(err, form),
                                                        "missing": _labels(missing)})
    result = evaluation.as_json()
    return render(request, "cases/_precheck.html", {
        "criteria": criteria_explained(spec, result), "eligible": evaluation.eligible,
        "rule_version": evaluation.rule_version, "assessed_on": today,
        "missing": _labels(missing),
    })


def _in_words(err: DomainError, form: forms.Form) -> str:
    """The refusal with the form's label for the input it names (the rules name inputs by
    their variable: ``intended_entry_date: a date is required``)."""
    message = str(err.message)
    field = form.fields.get(err.field or "")
    if field is not None and message.startswith(f"{err.field}: "):
        return f"{field.label}: {message.removeprefix(f'{err.field}: ')}"
    return message


def _labels(kinds: list[str]) -> list[tuple[str, str]]:
    return [(k, str(DocumentKind(k).label)) for k in kinds]


@case_view
def my_cases(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The applicant's applications; ``?export=csv|xlsx`` downloads them."""
    actor.require(Capability.APPLY)
    cases = selectors.case_list(actor=actor)
    if fmt := export_format(request):
        return _my_cases_export(actor, fmt, list(cases))
    return render(request, "cases/my_cases.html", {
        "rows": [(c, INSTRUMENTS.get(c.instrument), selectors.case_sla(c)) for c in cases],
    })


def _my_cases_export(actor: Actor, fmt: str, cases: list) -> HttpResponse:
    """The applicant's applications as a file: the same columns as the page."""
    columns = [_("number"), _("instrument"), _("submitted"), _("status"),
               _("expected decision"), _("document")]
    rows = []
    for c in cases:
        spec = INSTRUMENTS.get(c.instrument)
        issued = getattr(c, "issued", None)
        rows.append([c.number, spec.label if spec else c.instrument, c.submitted_at,
                     c.get_status_display(), c.expected_decision_on if c.is_open else "",
                     issued.number if issued else ""])
    return export_response(actor=actor, fmt=fmt, name="my-applications",
                           title=_("My applications"), columns=columns, rows=rows,
                           person_ids=[c.applicant_id for c in cases],
                           purpose=Purpose.OWN_RECORD)


@case_view
def issued_download(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """The issued document's frozen PDF, for its holder or an officer of the case."""
    return pdf_response(document_download(actor=actor, number=number))


def _registered_person(actor: Actor, form: RegisterForm) -> Person | None:
    """The person the officer named (IIN or person number), within the officer's scope."""
    raw = form.cleaned_data["person"].strip()
    scope = person_scope(actor)
    found = (scope.filter(iin=raw).first() if len(raw) == 12 and raw.isdigit() else
             scope.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None)
    if found is None:
        form.add_error("person", _("No person with this IIN or number in your scope."))
    return found


@case_view
def register(request: HttpRequest, actor: Actor) -> HttpResponse:
    """An officer registers a paper application: first whom, what and when received, then
    the instrument's form and its documents. The same service as the portal and the API
    (``case_submit`` with ``person_id`` and ``received_on``); another officer decides it."""
    actor.require(Capability.REGISTER_CASES)
    start = RegisterForm(request.POST if request.method == "POST" else request.GET or None)
    person = _registered_person(actor, start) if start.is_valid() else None
    if person is None:
        return render(request, "cases/register.html", {"start": start},
                      status=400 if start.is_bound else 200)
    spec = instrument_get(start.cleaned_data["instrument"])
    if request.method != "POST":
        return render(request, "cases/register.html", {
            "start": start, "person": person, "spec": spec, "form": spec.form_class(),
            "files": UploadsForm(spec=spec, initial={"idempotency_key": submission_key()})})
    form = spec.form_class(request.POST)
    files = UploadsForm(request.POST, request.FILES, spec=spec)
    valid = form.is_valid() & files.is_valid()
    uploads = _uploads(files) if valid else ()
    if valid and not files.errors:
        try:
            case, _created = services.case_submit(
                actor=actor, instrument=spec.code, data=form.application_data(),
                person_id=person.pk, received_on=start.cleaned_data["received_on"],
                uploads=uploads, idempotency_key=files.cleaned_data["idempotency_key"],
                documents_follow=files.documents_follow(),
            )
            return redirect("cases:case", case_id=case.pk)
        except DomainError as err:
            target = files if err.field.startswith(("file", "follow")) else (
                start if err.field in start.fields else form)
            form_refused(target, err)
    return render(request, "cases/register.html", {
        "start": start, "person": person, "spec": spec, "form": form, "files": files},
        status=400)
