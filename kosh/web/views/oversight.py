"""Oversight pages: the audit log (auditors) and the registry aggregates (analysts)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import Actor
from kosh.identity.aggregates import registry_counts
from kosh.identity.selectors import audit_list

from ..forms import AuditFilterForm
from .base import console_view

AUDIT_PAGE_SIZE = 50


@console_view
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    events = audit_list(actor=actor, **form.filters())
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/audit.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@console_view
def registry_stats(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Persons by region and category; small cells arrive already suppressed."""
    return render(request, "web/stats.html", {"counts": registry_counts(actor=actor)})
