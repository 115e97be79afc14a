"""The officers' queue."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kosh.access.policy import Actor, Capability

from .. import selectors
from ..forms import QueueFilterForm
from ..registry import INSTRUMENTS
from .base import case_view

QUEUE_PAGE_SIZE = 50


@case_view
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Open cases first by deadline, filtered; SLA colour per row."""
    actor.require(Capability.VIEW_CASES)
    form = QueueFilterForm(request.GET)
    cases = selectors.case_list(actor=actor, **form.filters())
    page = Paginator(cases, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(c, INSTRUMENTS.get(c.instrument), selectors.case_sla(c, today))
                 for c in page],
    })
