"""The officers' queue."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kosh.access.policy import Actor, Capability
from kosh.access.roles import Purpose
from kosh.web.exports import export_format, export_response

from .. import selectors
from ..deadlines import Sla
from ..forms import QueueFilterForm
from ..models import Case
from ..registry import INSTRUMENTS
from ..statuses import CaseStatus
from .base import case_view

QUEUE_PAGE_SIZE = 50
QUEUE_EXPORT_CAP = 10_000
# what a line of the queue shows (the application itself is read only on the case page)
QUEUE_FIELDS = ("instrument", "status", "submitted_at", "expected_decision_on",
                "applicant__display_name", "applicant__citizenship__name_en",
                "applicant__citizenship__name_ru", "applicant__citizenship__name_kk",
                "assigned_to__username")


@case_view
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Open cases first by deadline, filtered; SLA colour per row; ``?export=csv|xlsx``
    downloads every filtered case."""
    actor.require(Capability.VIEW_CASES)
    form = QueueFilterForm(request.GET)
    cases = selectors.case_list(actor=actor, **form.filters())
    if fmt := export_format(request):
        return _queue_export(actor, fmt, list(cases[:QUEUE_EXPORT_CAP]))
    shown = cases.select_related(None).select_related("applicant__citizenship", "assigned_to")
    page = Paginator(shown.only(*QUEUE_FIELDS), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": queue_rows(list(page), today),
    })


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, in words (the page shows 50: the labels are looked up once
    per page, not once per line by the template)."""

    pk: int
    number: str
    instrument: str
    applicant: str
    citizenship: str
    status: str
    status_label: str
    expected: str
    sla: Sla
    sla_label: str
    officer: str


def queue_rows(cases: list[Case], today) -> list[QueueRow]:
    """The queue's lines for ``cases`` (read with their applicant, citizenship and
    officer), in the active language."""
    instruments = {code: str(spec.label) for code, spec in INSTRUMENTS.items()}
    statuses = {code: str(label) for code, label in CaseStatus.choices}
    slas = {sla: str(sla.label) for sla in Sla}
    rows = []
    for c in cases:
        sla = selectors.case_sla(c, today)
        citizenship = c.applicant.citizenship
        rows.append(QueueRow(
            pk=c.pk, number=c.number, instrument=instruments.get(c.instrument, c.instrument),
            applicant=c.applicant.display_name,
            citizenship=citizenship.name if citizenship is not None else "",
            status=c.status, status_label=statuses.get(c.status, c.status),
            expected=f"{c.expected_decision_on:%d.%m.%Y}", sla=sla, sla_label=slas[sla],
            officer=c.assigned_to.get_username() if c.assigned_to else ""))
    return rows


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
