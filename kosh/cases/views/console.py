"""The officers' queue."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kosh.access.policy import Actor, Capability
from kosh.access.roles import Purpose
from kosh.web.exports import export_format, export_response

from .. import selectors
from ..forms import QueueFilterForm
from ..registry import INSTRUMENTS
from .base import case_view

QUEUE_PAGE_SIZE = 50
QUEUE_EXPORT_CAP = 10_000


@case_view
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Open cases first by deadline, filtered; SLA colour per row; ``?export=csv|xlsx``
    downloads every filtered case."""
    actor.require(Capability.VIEW_CASES)
    form = QueueFilterForm(request.GET)
    cases = selectors.case_list(actor=actor, **form.filters())
    if fmt := export_format(request):
        return _queue_export(actor, fmt, list(cases[:QUEUE_EXPORT_CAP]))
    page = Paginator(cases, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(c, INSTRUMENTS.get(c.instrument), selectors.case_sla(c, today))
                 for c in page],
    })


def _queue_export(actor: Actor, fmt: str, cases: list) -> HttpResponse:
    """The filtered queue (every page) as a file: the same columns as the page."""
    today = timezone.localdate()
    columns = [_("number"), _("instrument"), _("applicant"), _("citizenship"), _("status"),
               _("expected decision"), _("on track"), _("officer")]
    rows = []
    for c in cases:
        spec = INSTRUMENTS.get(c.instrument)
        rows.append([c.number, spec.label if spec else c.instrument, c.applicant.display_name,
                     c.applicant.citizenship.name if c.applicant.citizenship else "",
                     c.get_status_display(), c.expected_decision_on,
                     selectors.case_sla(c, today).label,
                     c.assigned_to.get_username() if c.assigned_to else ""])
    return export_response(actor=actor, fmt=fmt, name="case-queue", title=_("Case queue"),
                           columns=columns, rows=rows,
                           person_ids=[c.applicant_id for c in cases],
                           purpose=Purpose.CASE_PROCESSING)
