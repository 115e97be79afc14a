"""The asylum unit's pages under /protection/: applications (escalated first), registering
one, an application with its steps, the stateless register. Thin: selectors read,
services write; everyone outside the unit gets 403 (audited)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor
from kosh.documents.responses import subject_pdf_response
from kosh.documents.selectors import subject_document_download
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.identity.permissions import asylum_require
from kosh.identity.selectors import person_in_scope
from kosh.web.views.base import capability_view, form_refused

from . import selectors, services
from .forms import (
    DecisionForm,
    EndForm,
    ExtensionForm,
    InterviewForm,
    RegisterForm,
    StatelessForm,
)
from .statuses import AsylumStatus

protection_view = capability_view(asylum_require)
"""Login and the asylum unit's capability (else 403, audited); a missing record is 404."""


def _person(actor: Actor, person_id: int) -> Person:
    """The person a form names, in the actor's scope; else a refusal at the field."""
    try:
        return person_in_scope(actor=actor, person_id=person_id)
    except Person.DoesNotExist as err:
        raise DomainError("person_not_found", _("No person with this registry number."),
                          field="person") from err


def _try(request: HttpRequest, form: forms.Form, save: Callable[[dict], Any]) -> Any:
    """Run one service on a valid form; a refusal goes to its field (``None`` returned)."""
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except DomainError as err:
        form_refused(form, err)
        return None
    messages.success(request, _("Saved."))
    return result


@protection_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Applications, escalated and nearest term first, and the counts by year."""
    status = request.GET.get("status", "")
    status = status if status in AsylumStatus.values else ""
    return render(request, "protection/page.html", {
        "applications": selectors.asylum_list(actor=actor, status=status,
                                              escalated_only=request.GET.get("escalated") == "1"),
        "status": status, "statuses": AsylumStatus.choices,
        "counts": selectors.asylum_counts(actor=actor),
    })


@protection_view
def register(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Register an application (and the certificate issued the same day)."""
    form = RegisterForm(request.POST or None, initial={"person": request.GET.get("person")})
    if request.method == "POST":
        def save(data: dict) -> Any:
            person = _person(actor, data["person"])
            return services.asylum_register(
                actor=actor, person=person, origin=data["origin"],
                arrival_date=data["arrival_date"], registered_on=data["registered_on"],
                late_reason=data["late_reason"])
        application = _try(request, form, save)
        if application is not None:
            return redirect("protection:application", application_id=application.pk)
    return render(request, "protection/form.html",
                  {"form": form, "title": _("Register an asylum application")},
                  status=422 if request.method == "POST" else 200)


def _detail(request: HttpRequest, actor: Actor, application_id: int,
            forms_: dict | None = None, status: int = 200) -> HttpResponse:
    application = selectors.asylum_get(actor=actor, application_id=application_id)
    forms_ = forms_ or {}
    return render(request, "protection/application.html", {
        "a": application,
        "history": selectors.protection_history(actor=actor, person=application.person),
        "interview_form": forms_.get("interview", InterviewForm()),
        "extension_form": forms_.get("extension", ExtensionForm()),
        "decision_form": forms_.get("decision", DecisionForm()),
        "ending_form": forms_.get("ending", EndForm()),
    }, status=status)


@protection_view
def application(request: HttpRequest, actor: Actor, application_id: int) -> HttpResponse:
    return _detail(request, actor, application_id)


@require_POST
@protection_view
def step(request: HttpRequest, actor: Actor, application_id: int, name: str) -> HttpResponse:
    """One step on an application: interview, extension, certificate, decision; for a
    refugee the residence-permit application and the end of the status."""
    current = selectors.asylum_get(actor=actor, application_id=application_id)
    steps: dict[str, tuple[type[forms.Form] | None, Callable[[dict], Any]]] = {
        "interview": (InterviewForm, lambda d: services.asylum_interview(
            actor=actor, application=current, on=d["on"], note=d["note"])),
        "extension": (ExtensionForm, lambda d: services.asylum_extend(
            actor=actor, application=current, until=d["until"], reasons=d["reasons"])),
        "decision": (DecisionForm, lambda d: services.asylum_decide(
            actor=actor, application=current, recognise=d["outcome"] == "recognise",
            ground=d["ground"], reasons=d["reasons"])),
        "certificate": (None, lambda d: services.asylum_certificate_extend(
            actor=actor, application=current)),
        "residence": (None, lambda d: services.refugee_residence_apply(
            actor=actor, application=current)),
        "ending": (EndForm, lambda d: services.refugee_status_end(
            actor=actor, application=current, ground=d["ground"], reasons=d["reasons"],
            on=d["on"])),
    }
    if name not in steps:
        raise Http404(name)
    form_class, save = steps[name]
    if form_class is None:
        try:
            save({})
            messages.success(request, _("Saved."))
        except DomainError as err:
            messages.error(request, str(err.message))
        return redirect("protection:application", application_id=application_id)
    form = form_class(request.POST)
    if _try(request, form, save) is not None:
        return redirect("protection:application", application_id=application_id)
    return _detail(request, actor, application_id, {name: form}, status=422)


@protection_view
def stateless(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The stateless register and identifying a person."""
    form = StatelessForm(request.POST or None, initial={"person": request.GET.get("person")})
    if request.method == "POST":
        def save(data: dict) -> Any:
            person = _person(actor, data["person"])
            return services.stateless_identify(actor=actor, person=person,
                                               basis=data["basis"])
        if _try(request, form, save) is not None:
            return redirect("protection:stateless")
    return render(request, "protection/stateless.html", {
        "records": selectors.stateless_list(actor=actor)[:200], "form": form,
        "ending_form": EndForm(stateless=True),
    }, status=422 if request.method == "POST" else 200)


@require_POST
@protection_view
def stateless_step(request: HttpRequest, actor: Actor, record_id: int, name: str,
                   ) -> HttpResponse:
    """Document a stateless person, take their residence-permit application, or end the
    status (ground and reasons)."""
    record = selectors.stateless_get(actor=actor, record_id=record_id)
    service = {"certificate": services.stateless_document,
               "residence": services.stateless_residence_apply}.get(name)
    try:
        if name == "ending":
            form = EndForm(request.POST, stateless=True)
            if not form.is_valid():
                raise DomainError("invalid", " ".join(
                    str(e) for errors in form.errors.values() for e in errors))
            services.stateless_status_end(actor=actor, record=record,
                                          ground=form.cleaned_data["ground"],
                                          reasons=form.cleaned_data["reasons"],
                                          on=form.cleaned_data["on"])
        elif service is None:
            raise Http404(name)
        else:
            service(actor=actor, record=record)
        messages.success(request, _("Saved."))
    except DomainError as err:
        messages.error(request, str(err.message))
    return redirect("protection:stateless")


@protection_view
def certificate_pdf(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """The signed PDF of a certificate, as frozen at issue (one ``download`` event)."""
    doc = subject_document_download(actor=actor, number=number,
                                    purpose="protection: certificate")
    return subject_pdf_response(doc)
