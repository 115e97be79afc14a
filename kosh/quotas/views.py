"""The quota pages under /quotas/: the officers' balances (the table is polled with HTMX
so a draw made elsewhere shows without reloading), a quota set with its lines, its approval
and its exports. Views are thin: selectors read, services write."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.web.views.base import capability_view

from . import selectors, services
from .exports import quota_set_csv, quota_set_xlsx
from .models import Kind, QuotaSet

POLL_SECONDS = 3
EXPORTS = {
    "csv": (quota_set_csv, "text/csv; charset=utf-8"),
    "xlsx": (quota_set_xlsx,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


quota_view = capability_view(Capability.VIEW_QUOTAS)


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in Kind.values else ""


@quota_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The year's quota sets and the live balance of every line."""
    years = selectors.quota_years(actor=actor)
    year, kind = _year(request, years), _kind(request)
    return render(request, "quotas/page.html", {
        "years": years, "year": year, "kind": kind, "kinds": Kind.choices,
        "sets": selectors.quota_set_list(actor=actor, year=year) if year else [],
        "balances": selectors.quota_balances(actor=actor, year=year, kind=kind or None)
        if year else [],
        "poll": POLL_SECONDS,
        "can_approve": actor.can(Capability.APPROVE_QUOTAS),
    })


@quota_view
def balances(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The balances table alone (polled by the page every few seconds)."""
    years = selectors.quota_years(actor=actor)
    year, kind = _year(request, years), _kind(request)
    return render(request, "quotas/_balances.html", {
        "year": year, "kind": kind, "poll": POLL_SECONDS,
        "balances": selectors.quota_balances(actor=actor, year=year, kind=kind or None)
        if year else [],
    })


def _detail(request: HttpRequest, actor: Actor, set_id: int,
            error: DomainError | None = None) -> HttpResponse:
    quota_set = selectors.quota_set_get(actor=actor, quota_set_id=set_id)
    return render(request, "quotas/set.html", {
        "set": quota_set, "lines": quota_set.lines.all(), "error": error,
        "can_approve": actor.can(Capability.APPROVE_QUOTAS)
        and quota_set.status == QuotaSet.Status.DRAFT,
        "can_adjust": actor.can(Capability.PROPOSE_QUOTAS)
        and quota_set.status == QuotaSet.Status.DRAFT,
    }, status=422 if error else 200)


@quota_view
def detail(request: HttpRequest, actor: Actor, set_id: int) -> HttpResponse:
    """One version of a quota set: its lines, status, published file and approval."""
    return _detail(request, actor, set_id)


@require_POST
@quota_view
def adjust(request: HttpRequest, actor: Actor, set_id: int) -> HttpResponse:
    """Change the places of one line of a draft; a refusal is shown on the set's page."""
    raw = request.POST.get("amount", "").strip().replace("\u00a0", "").replace(" ", "")
    try:
        services.quota_line_adjust(
            actor=actor, quota_set_id=set_id, category=request.POST.get("category", ""),
            region=request.POST.get("region", ""),
            amount=int(raw) if raw.isdigit() else -1, basis=request.POST.get("basis", ""))
    except DomainError as err:
        return _detail(request, actor, set_id, error=err)
    return redirect("quotas:set", set_id=set_id)


@require_POST
@quota_view
def approve(request: HttpRequest, actor: Actor, set_id: int) -> HttpResponse:
    """Approve and publish a draft; a refusal is shown on the set's page."""
    try:
        quota_set = services.quota_set_approve(actor=actor, quota_set_id=set_id)
    except DomainError as err:
        return _detail(request, actor, set_id, error=err)
    return redirect("quotas:set", set_id=quota_set.pk)


@quota_view
def export(request: HttpRequest, actor: Actor, set_id: int, fmt: str) -> HttpResponse:
    """A published set as CSV or Excel, labelled in the active language."""
    quota_set = selectors.quota_set_get(actor=actor, quota_set_id=set_id)
    if fmt not in EXPORTS or quota_set.status == QuotaSet.Status.DRAFT:
        raise Http404
    write, content_type = EXPORTS[fmt]
    response = HttpResponse(write(quota_set), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="quota-{quota_set.kind}-{quota_set.year}-v{quota_set.version}'
        f'.{fmt}"')
    return response


@quota_view
def frozen(request: HttpRequest, actor: Actor, set_id: int) -> HttpResponse:
    """The file frozen at approval, byte for byte (its SHA-256 is on the set's page)."""
    quota_set = selectors.quota_set_get(actor=actor, quota_set_id=set_id)
    if not quota_set.frozen_csv:
        raise Http404
    response = HttpResponse(bytes(quota_set.frozen_csv), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="quota-{quota_set.kind}-{quota_set.year}-v{quota_set.version}'
        f'-published.csv"')
    return response
