"""The settlement pages under /settlement/: families in scope with the live quota balance of
the settlement regions, the one window at a mission, resettler registration, the family's
card with the regional officer's steps, and the region's terms. Views are thin: selectors
read, services write; a refusal is shown on the page it came from."""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, Capability
from kosh.documents.responses import subject_pdf_response
from kosh.documents.selectors import subject_document_download
from kosh.errors import DomainError
from kosh.geo.models import Country, District, Region
from kosh.identity.models import Sex
from kosh.web.views.base import capability_view

from . import selectors, services
from .documents import DECISION_KIND, decisions_of
from .models import CertificateFile, Member, Payment, Programme, Support
from .rules import settlement_regions

POLL_SECONDS = 3
MEMBER_ROWS = 6


settlement_view = capability_view(Capability.VIEW_SETTLEMENT)


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None


def _int(raw: str) -> int:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else 0


def _regions(kind: str) -> list[Region]:
    codes = settlement_regions(kind=kind, on=timezone.localdate())
    return list(Region.objects.filter(pk__in=codes).order_by("kato"))


@settlement_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Families in the actor's scope and the live balance of the settlement regions."""
    return render(request, "settlement/page.html", {
        "families": selectors.family_scope(actor)[:200],
        "balances": selectors.settlement_balances(actor=actor), "poll": POLL_SECONDS,
        "can_one_window": actor.can(Capability.SETTLEMENT_ONE_WINDOW),
        "can_region": actor.can(Capability.SETTLEMENT_REGION),
        "terms_regions": _regions(Programme.RESETTLERS) + [
            r for r in _regions(Programme.KANDAS)
            if r.pk not in settlement_regions(kind=Programme.RESETTLERS,
                                              on=timezone.localdate())],
        "own_region": actor.region_id, "error": None,
    })


@settlement_view
def balances(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The balances alone (polled by the pages every few seconds)."""
    return render(request, "settlement/_balances.html", {
        "balances": selectors.settlement_balances(actor=actor), "poll": POLL_SECONDS})


def _members(request: HttpRequest) -> list[services.MemberIn]:
    members = []
    for i in range(MEMBER_ROWS):
        get = lambda name, i=i: request.POST.get(f"m{i}-{name}", "").strip()  # noqa: E731
        if not (get("surname") or get("person_id")):
            continue
        members.append(services.MemberIn(
            relation=get("relation"), person_id=_int(get("person_id")) or None,
            surname=get("surname"), given_name=get("given_name"),
            patronymic=get("patronymic"), birth_date=_day(get("birth_date")), sex=get("sex")))
    return members


def _member_context() -> dict[str, Any]:
    return {"rows": range(MEMBER_ROWS), "relations": Member.Relation.choices,
            "sexes": Sex.choices, "key": uuid4().hex, "by_id": False, "error": None,
            "answer": None, "poll": POLL_SECONDS}


@settlement_view
def one_window(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The one window: the family's members as written in their documents, the region
    asked for; the answer is shown on the same page."""
    actor.require(Capability.SETTLEMENT_ONE_WINDOW)
    context = _member_context() | {"regions": _regions(Programme.KANDAS),
                                   "mission": Country.objects.filter(
                                       pk=actor.mission_country_id).first(),
                                   "countries": [] if actor.mission_country_id
                                   else Country.objects.order_by("alpha3")}
    if request.method == "POST":
        try:
            answer = services.one_window_register(
                actor=actor, members=_members(request),
                ethnic_kazakh=request.POST.get("ethnic_kazakh") == "on",
                was_kz_citizen=request.POST.get("was_kz_citizen") == "on",
                idempotency_key=request.POST.get("idempotency_key", "")[:80],
                region=request.POST.get("region", ""),
                mission_country=request.POST.get("mission_country", ""))
        except DomainError as err:
            return render(request, "settlement/one_window.html", context | {
                "error": err, "balances": selectors.settlement_balances(actor=actor)},
                status=422)
        return render(request, "settlement/one_window.html", context | {
            "answer": answer, "balances": selectors.settlement_balances(actor=actor)})
    return render(request, "settlement/one_window.html", context | {
        "balances": selectors.settlement_balances(actor=actor)})


@settlement_view
def resettlers(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Register a resettler family (existing persons of the registry by id)."""
    actor.require(Capability.SETTLEMENT_REGION)
    regions = _regions(Programme.RESETTLERS)
    if actor.region_id:
        regions = [r for r in regions if r.pk == actor.region_id]
    context = _member_context() | {"regions": regions, "origins": District.objects.filter(
        region__is_labour_surplus_origin=True).select_related("region").order_by(
        "region_id", "pk")}
    if request.method == "POST":
        try:
            family = services.resettler_register(
                actor=actor, members=_members(request),
                origin_district_id=_int(request.POST.get("origin_district", "")),
                region=request.POST.get("region", ""),
                idempotency_key=request.POST.get("idempotency_key", "")[:80])
        except DomainError as err:
            return render(request, "settlement/resettlers.html", context | {"error": err},
                          status=422)
        return redirect("settlement:family", family_id=family.pk)
    return render(request, "settlement/resettlers.html", context)


def _card(request: HttpRequest, actor: Actor, family_id: int,
          error: DomainError | None = None) -> HttpResponse:
    family = selectors.family_get(actor=actor, family_id=family_id)
    return render(request, "settlement/family.html", {
        "family": family, "members": family.members.select_related("person"),
        "status": getattr(family, "status", None),
        "supports": family.supports.prefetch_related("payments"),
        "certificate": getattr(family, "certificate", None),
        "decisions": decisions_of(family=family),
        "jobs": family.jobs.select_related("employer", "person"),
        "history": selectors.family_history(family=family),
        "districts": District.objects.filter(region_id=family.region_id).order_by("pk"),
        "support_kinds": Support.Kind.choices, "error": error,
        "can_region": actor.can(Capability.SETTLEMENT_REGION),
        "balances": selectors.settlement_balances(actor=actor), "poll": POLL_SECONDS,
    }, status=422 if error else 200)


@settlement_view
def family(request: HttpRequest, actor: Actor, family_id: int) -> HttpResponse:
    """A family's card: members, status, support and payments, certificate, its path."""
    return _card(request, actor, family_id)


ACTIONS: dict[str, Callable[[Actor, int, Any], object]] = {
    "arrival": lambda a, f, p: services.arrival_confirm(actor=a, family_id=f),
    "support": lambda a, f, p: services.support_grant(actor=a, family_id=f,
                                                      kind=p.get("kind", "")),
    "extension": lambda a, f, p: services.status_extend(actor=a, family_id=f,
                                                        months=_int(p.get("months", ""))),
    "citizenship": lambda a, f, p: services.citizenship_record(actor=a, family_id=f,
                                                               on=_day(p.get("on", ""))),
    "certificate": lambda a, f, p: services.certificate_issue(
        actor=a, family_id=f, district_id=_int(p.get("district", ""))),
    "return": lambda a, f, p: services.certificate_return(actor=a, family_id=f,
                                                          reason=p.get("reason", "")),
}


@require_POST
@settlement_view
def family_action(request: HttpRequest, actor: Actor, family_id: int,
                  action: str) -> HttpResponse:
    """One step of the regional officer on the family's card."""
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](actor, family_id, request.POST)
    except DomainError as err:
        return _card(request, actor, family_id, error=err)
    return redirect("settlement:family", family_id=family_id)


@settlement_view
def certificate_pdf(request: HttpRequest, actor: Actor, family_id: int) -> HttpResponse:
    """The certificate's frozen PDF, byte for byte (the download is audited)."""
    try:
        file = services.certificate_download(actor=actor, family_id=family_id)
    except CertificateFile.DoesNotExist as exc:
        raise Http404 from exc
    response = HttpResponse(bytes(file.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{file.certificate_id}.pdf"')
    response["Cache-Control"] = "no-store"
    return response


@settlement_view
def decision_pdf(request: HttpRequest, actor: Actor, family_id: int, number: str) -> HttpResponse:
    """A member's kandas status decision, the signed PDF as issued (one ``download`` event)."""
    doc = subject_document_download(actor=actor, number=number,
                                    purpose=f"case_processing: settlement family {family_id}")
    if doc.kind != DECISION_KIND or doc.object_id != str(family_id):
        raise Http404
    return subject_pdf_response(doc)


@require_POST
@settlement_view
def payment_paid(request: HttpRequest, actor: Actor, payment_id: int) -> HttpResponse:
    """Record a payment as paid."""
    payment = Payment.objects.select_related("support").get(pk=payment_id)
    family_id = payment.support.family_id
    try:
        services.payment_record(actor=actor, payment_id=payment_id)
    except DomainError as err:
        return _card(request, actor, family_id, error=err)
    return redirect("settlement:family", family_id=family_id)


@require_POST
@settlement_view
def terms(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The region sets its rent subsidy and priority sectors from today."""
    try:
        services.region_terms_set(actor=actor, region=request.POST.get("region", ""),
                                  rent_mci=_int(request.POST.get("rent_mci", "")),
                                  priority_sectors=request.POST.get("priority_sectors", ""))
    except DomainError as err:
        return render(request, "settlement/page.html", {
            "families": selectors.family_scope(actor)[:200], "error": err,
            "balances": selectors.settlement_balances(actor=actor), "poll": POLL_SECONDS,
            "can_region": True, "terms_regions": _regions(Programme.RESETTLERS),
            "can_one_window": actor.can(Capability.SETTLEMENT_ONE_WINDOW),
            "own_region": actor.region_id}, status=422)
    return redirect("settlement:page")
