"""Pages about citizens working abroad, under /emigrants/: agencies and their licences
(ministry), registering work abroad, complaints (filed by citizens, taken up by the mission
of the country, closed by the ministry) and the public check of an agency (no login,
rate-limited like /verify/). Thin: selectors read, services write."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kosh.access.policy import Actor
from kosh.documents.throttle import TooManyAttempts, verification_throttle
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.web.views.base import capability_view, form_refused

from . import selectors, services
from .forms import AgencyForm, CheckForm, ComplaintForm, MoveForm, ReasonsForm, WorkForm
from .models import Agency, WorkAbroad
from .permissions import emigrants_require
from .statuses import ComplaintStatus

emigrants_view = capability_view()
"""Login and the ``Actor``; the services check capabilities and scope."""


def _try(request: HttpRequest, form: forms.Form, save: Callable[[dict], Any]) -> Any:
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except DomainError as err:
        form_refused(form, err)
        return None
    messages.success(request, _("Saved."))
    return result


@emigrants_view
def agencies(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The ministry's list of agencies with their counts, and a licence application."""
    emigrants_require(actor)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and _try(request, form, lambda d: services.agency_apply(
            actor=actor, bin_number=d["bin_number"], name=d["name"])) is not None:
        return redirect("emigrants:agencies")
    return render(request, "emigrants/agencies.html", {
        "agencies": selectors.agency_list(actor=actor)[:500], "form": form,
        "reasons_form": ReasonsForm(),
    }, status=422 if request.method == "POST" else 200)


@require_POST
@emigrants_view
def agency_step(request: HttpRequest, actor: Actor, agency_id: int, name: str) -> HttpResponse:
    """Grant, refuse (with reasons) or revoke (with reasons) an agency's licence."""
    emigrants_require(actor)
    agency = Agency.objects.get(pk=agency_id)
    form = ReasonsForm(request.POST)
    steps = {
        "licence": lambda d: services.agency_license(actor=actor, agency=agency),
        "refusal": lambda d: services.agency_refuse(actor=actor, agency=agency,
                                                    reasons=d["reasons"]),
        "revocation": lambda d: services.agency_revoke(actor=actor, agency=agency,
                                                       reasons=d["reasons"]),
    }
    if name not in steps:
        raise Http404(name)
    if name == "licence":
        form = ReasonsForm({"reasons": "-"})
    if _try(request, form, steps[name]) is None:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("emigrants:agencies")


@emigrants_view
def work_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Register work abroad: a citizen their own, the ministry anyone's."""
    form = WorkForm(request.POST or None)

    def save(d: dict) -> WorkAbroad:
        person = Person.objects.filter(pk=d["person"]).first() if d["person"] else (
            Person.objects.filter(account=actor.user).first())
        if person is None:
            raise DomainError("person_not_found", _("No person with this registry number."),
                              field="person")
        try:
            return services.work_register(
                actor=actor, person=person, country=d["country"], city=d["city"],
                employer_name=d["employer_name"], contract_from=d["contract_from"],
                contract_to=d["contract_to"], agency_id=d["agency"],
                insurance_policy=d["insurance_policy"], insurer=d["insurer"])
        except Person.DoesNotExist as err:  # outside the actor's reach: not told apart
            raise DomainError("person_not_found", _("No person with this registry number."),
                              field="person") from err

    if request.method == "POST" and _try(request, form, save) is not None:
        return redirect("emigrants:complaints")
    return render(request, "emigrants/form.html", {
        "form": form, "title": _("Register work abroad"),
        "help": _("Repatriation insurance is proposed (not enacted) for stays over 90 days: "
                  "give the policy if you hold one."),
    }, status=422 if request.method == "POST" else 200)


@emigrants_view
def complaints(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The complaints the user may see: a mission its country's, the ministry all, a
    citizen their own."""
    status = request.GET.get("status", "")
    status = status if status in ComplaintStatus.values else ""
    return render(request, "emigrants/complaints.html", {
        "complaints": selectors.complaint_list(
            actor=actor, status=status, overdue_only=request.GET.get("overdue") == "1"),
        "status": status, "statuses": ComplaintStatus.choices,
    })


@emigrants_view
def complaint_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """File a complaint (a citizen for themselves or for a relative)."""
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        complaint = _try(request, form, lambda d: services.complaint_file(
            actor=actor, country=d["country"], kind=d["kind"], description=d["description"],
            city=d["city"], relative_iin=d["relative_iin"], relative_name=d["relative_name"]))
        if complaint is not None:
            return redirect("emigrants:complaint", complaint_id=complaint.pk)
    return render(request, "emigrants/form.html", {
        "form": form, "title": _("File a complaint"),
        "help": _("The mission of the country takes it up within 5 working days; the "
                  "ministry answers within 15 working days. You can follow every step."),
    }, status=422 if request.method == "POST" else 200)


@emigrants_view
def complaint(request: HttpRequest, actor: Actor, complaint_id: int) -> HttpResponse:
    """One complaint: its terms, history and the moves the user may make."""
    found = selectors.complaint_get(actor=actor, complaint_id=complaint_id)
    form, status = MoveForm(), 200
    if request.method == "POST":
        form = MoveForm(request.POST)
        if _try(request, form, lambda d: services.complaint_move(
                actor=actor, complaint=found, to=d["to"], note=d["note"])) is not None:
            return redirect("emigrants:complaint", complaint_id=complaint_id)
        status = 422
    return render(request, "emigrants/complaint.html", {
        "c": found, "form": form,
        "moves": [(m, ComplaintStatus(m).label) for m in found.moves],
    }, status=status)


@never_cache
@require_http_methods(["GET"])
def check(request: HttpRequest) -> HttpResponse:
    """Anyone, no login: an agency by name or BIN — licence status and counts; each search
    counts against the same per-address limit as document verification."""
    form = CheckForm(request.GET or None)
    results = None
    if form.is_valid():
        try:
            verification_throttle(request)
        except TooManyAttempts:
            return render(request, "documents/too_many.html", status=429)
        results = selectors.agency_public_lookup(query=form.cleaned_data["q"])
    return render(request, "emigrants/check.html", {"form": form, "results": results})
