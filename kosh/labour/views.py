"""The labour pages under /labour/: the officers' stay-control worklist by region, a
person's own days left, employers' work permits (request; the labour officer's decision
and cancellation) and household-worker permits with the Ind 6 coverage. Views are thin:
selectors read, services write; a refusal is shown on the page it came from."""

from datetime import date
from uuid import uuid4

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, Capability
from kosh.documents.models import SubjectDocument
from kosh.documents.responses import subject_pdf_response
from kosh.documents.selectors import subject_document_download
from kosh.errors import DomainError
from kosh.geo.models import Country, Region
from kosh.identity.models import Employer, Person
from kosh.web.views.base import capability_view

from . import selectors, services
from .evidence import EVIDENCE, LABELS, criterion_words
from .models import StayStatus, WorkPermit

WORKLIST_ROWS = 200


labour_view = capability_view()
"""Login and the ``Actor``; the services check capabilities and scope."""


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


@labour_view
def stay_worklist(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The latest stay-control run's worklist for the officer's region (or the chosen
    one), with the counts of every region."""
    region = request.GET.get("region", "")
    status = request.GET.get("status", "")
    status = status if status in StayStatus.Status.values else ""
    rows = selectors.stay_worklist(actor=actor, region=region or None, status=status or None)
    counts = selectors.stay_region_counts(actor=actor)
    names = dict(Region.objects.values_list("kato", "name_" + _lang(request)))
    for c in counts:
        c["name"] = names.get(c["region"], c["region"] or "—")
    shown = list(rows[:WORKLIST_ROWS])
    in_registry = set(Person.objects.filter(pk__in=[r.person_id for r in shown])
                      .values_list("pk", flat=True))
    return render(request, "labour/stay_worklist.html", {
        "run": selectors.stay_run_latest(), "rows": shown, "in_registry": in_registry,
        "total": rows.count(), "counts": counts, "region": actor.region_id or region,
        "region_fixed": bool(actor.region_id), "status": status,
        "statuses": StayStatus.Status.choices, "regions": sorted(names.items()),
        "region_names": names,
    })


def _lang(request: HttpRequest) -> str:
    lang = (getattr(request, "LANGUAGE_CODE", "") or "en")[:2]
    return lang if lang in {"kk", "ru", "en"} else "en"


@labour_view
def stay_me(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A person's own days used and left (from the latest run)."""
    person, row, run = selectors.stay_own(actor=actor)
    return render(request, "labour/stay_me.html", {"person": person, "row": row, "run": run})


def _permits_page(request: HttpRequest, actor: Actor, error: DomainError | None = None
                  ) -> HttpResponse:
    can_request = actor.can(Capability.REQUEST_WORK_PERMITS)
    employers = (Employer.objects.all() if actor.role == "admin"
                 else Employer.objects.filter(staff=actor.user)) if can_request else []
    return render(request, "labour/permits.html", {
        "permits": selectors.work_permit_list(actor=actor)[:200],
        "can_request": can_request, "can_decide": actor.can(Capability.DECIDE_WORK_PERMITS),
        "employers": employers, "categories": WorkPermit.Category.choices,
        "countries": Country.objects.order_by("alpha3").values_list("alpha3", flat=True),
        "error": error, "posted": request.POST if error else {}, "token": uuid4().hex,
    }, status=422 if error else 200)


@labour_view
def permits(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Work permits in the actor's scope; the employer's request form; the officer's
    decisions."""
    return _permits_page(request, actor)


@require_POST
@labour_view
def permit_request(request: HttpRequest, actor: Actor) -> HttpResponse:
    """An employer's request for one permit (the form's token makes a resubmission the
    same request)."""
    post = request.POST
    raw_employer = post.get("employer", "")
    try:
        start, end = _date(post.get("valid_from", "")), _date(post.get("valid_until", ""))
        if start is None or end is None:
            raise DomainError("invalid_dates", _msg_dates(), field="valid_from")
        services.work_permit_request(
            actor=actor, employer_id=int(raw_employer) if raw_employer.isdigit() else 0,
            category=post.get("category", ""), worker_name=post.get("worker_name", ""),
            worker_citizenship=post.get("worker_citizenship", "").upper(),
            valid_from=start, valid_until=end,
            person_id=_int(post.get("worker_id", "")) or None,
            idempotency_key=f"console:{actor.username}:{post.get('token', '')}"[:100])
    except DomainError as err:
        return _permits_page(request, actor, error=err)
    return redirect("labour:permits")


def _msg_dates() -> str:
    return gettext("Give the first and last day of the permit.")


def _detail_page(request: HttpRequest, actor: Actor, permit_id: int,
                 error: DomainError | None = None) -> HttpResponse:
    d = selectors.work_permit_detail(actor=actor, permit_id=permit_id)
    rows = [{"c": c, "label": LABELS[c.code], "evidence_label": EVIDENCE[c.evidence],
             "found": criterion_words(c)} for c in d.criteria]
    return render(request, "labour/permit_detail.html", {
        "d": d, "permit": d.permit, "rows": rows, "error": error,
        "posted": request.POST if error else {},
    }, status=422 if error else 200)


@labour_view
def permit_detail(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """One permit: every criterion with how it is known, contradictions with both values,
    the officer's resolution and decision, the frozen document."""
    return _detail_page(request, actor, permit_id)


@require_POST
@labour_view
def permit_decide(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """The labour officer's grant or refusal (issued as a signed PDF), after a
    confirmation step rendered by the server (the same POST with ``confirmed=yes``)."""
    grant, reason = request.POST.get("grant") == "1", request.POST.get("reason", "")
    if request.POST.get("confirmed") != "yes":
        permit = selectors.work_permit_get(actor=actor, permit_id=permit_id)
        text = (gettext("The permit will take a place of the quota and be issued to the "
                        "worker as a signed document. This cannot be undone.") if grant else
                gettext("The refusal will be issued to the worker as a signed document with "
                        "its reason. This cannot be undone."))
        return render(request, "labour/permit_confirm.html", {
            "permit": permit, "grant": grant, "reason": reason, "text": text,
            "title": gettext("Grant the permit?") if grant else gettext("Refuse the permit?")})
    try:
        services.work_permit_decide(actor=actor, permit_id=permit_id, grant=grant,
                                    reason=reason)
    except DomainError as err:
        return _detail_page(request, actor, permit_id, error=err)
    return redirect("labour:permit", permit_id=permit_id)


@require_POST
@labour_view
def permit_resolve(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """Record how a contradiction with the registry was resolved."""
    try:
        services.work_permit_resolve(actor=actor, permit_id=permit_id,
                                     criterion=request.POST.get("criterion", ""),
                                     explanation=request.POST.get("explanation", ""))
    except DomainError as err:
        return _detail_page(request, actor, permit_id, error=err)
    return redirect("labour:permit", permit_id=permit_id)


@labour_view
def permit_pdf(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """The decision's signed PDF as frozen when issued (one ``download`` event)."""
    permit = selectors.work_permit_get(actor=actor, permit_id=permit_id)
    return _pdf(actor, permit.document)


@labour_view
def household_pdf(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """The household-worker permit's signed PDF as frozen at registration."""
    permit = selectors.household_permit_list(actor=actor).get(pk=permit_id)
    return _pdf(actor, permit.document)


def _pdf(actor: Actor, document: SubjectDocument | None) -> HttpResponse:
    if document is None:
        raise Http404
    return subject_pdf_response(subject_document_download(
        actor=actor, number=document.number, purpose="case_processing"))


@require_POST
@labour_view
def permit_cancel(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """Cancel a granted permit (its quota place returns)."""
    try:
        services.work_permit_cancel(actor=actor, permit_id=permit_id,
                                    reason=request.POST.get("reason", ""))
    except DomainError as err:
        return _permits_page(request, actor, error=err)
    return redirect("labour:permits")


def _household_page(request: HttpRequest, actor: Actor, error: DomainError | None = None
                    ) -> HttpResponse:
    coverage = (selectors.household_coverage(actor=actor)
                if actor.can(Capability.VIEW_STAY) else [])
    permits_in_scope = selectors.household_permit_list(actor=actor).prefetch_related(
        "payments")[:200]
    return render(request, "labour/household.html", {
        "permits": [(p, sorted(x.month for x in p.payments.all())) for p in permits_in_scope],
        "coverage": coverage, "error": error, "posted": request.POST if error else {},
    }, status=422 if error else 200)


@labour_view
def household(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Household-worker permits in scope, their months paid, the registration form, and
    the Ind 6 coverage."""
    return _household_page(request, actor)


def _int(raw: str) -> int:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else 0


@require_POST
@labour_view
def household_register(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Register a household-worker permit (the worker and the household by registry id)."""
    post = request.POST
    try:
        issued_on = _date(post.get("issued_on", ""))
        if issued_on is None:
            raise DomainError("invalid_dates", _msg_dates(), field="issued_on")
        services.household_permit_register(
            actor=actor, worker_id=_int(post.get("worker_id", "")),
            household_id=_int(post.get("household_id", "")), issued_on=issued_on,
            months=_int(post.get("months", "")), job=post.get("job", ""))
    except DomainError as err:
        return _household_page(request, actor, error=err)
    return redirect("labour:household")


@require_POST
@labour_view
def household_pay(request: HttpRequest, actor: Actor, permit_id: int) -> HttpResponse:
    """Record the prepaid tax of the permit's next month, paid today."""
    from django.utils import timezone

    permit = selectors.household_permit_list(actor=actor).get(pk=permit_id)
    paid = set(permit.payments.values_list("month", flat=True))
    month = next((m for m in range(1, permit.months + 1) if m not in paid), 0)
    try:
        services.household_payment_record(actor=actor, permit_id=permit.pk, month=month,
                                          paid_on=timezone.localdate())
    except DomainError as err:
        return _household_page(request, actor, error=err)
    return redirect("labour:household")
