"""Oversight pages: the audit log (auditors) and the registry aggregates (analysts), each
also as a CSV or Excel file of exactly what the page shows."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kosh.access.models import AuditEvent
from kosh.access.policy import Actor
from kosh.identity.aggregates import RegistryCounts, registry_counts
from kosh.identity.search import person_ids_matching
from kosh.identity.selectors import audit_list, audit_persons, audit_viewed

from ..exports import export_format, export_response
from ..forms import AuditFilterForm
from ..templatetags.console import audit_changes, object_label, purpose_label
from .base import console_view

AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_CAP = 10_000  # events in one file; narrow the filters for more


@console_view
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The log filtered by person (IIN or name, found through the registry search), user,
    action, reason and days; one ``read`` event per page view, or one ``download`` for
    ``?export=csv|xlsx`` of every filtered event."""
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    person_text = filters.pop("person", "")
    person_ids = person_ids_matching(actor=actor, text=person_text) if person_text else None
    events = audit_list(actor=actor, person_ids=person_ids, **filters)
    if fmt := export_format(request):
        return _audit_export(actor, fmt, list(events[:AUDIT_EXPORT_CAP]))
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read before this view's own event
    audit_viewed(actor=actor, filters=form.filters(), person_ids=person_ids, page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/audit.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "persons": audit_persons(actor=actor, ids=[e.person_id for e in page.object_list]),
        "matched": len(person_ids) if person_ids is not None else None,
    })


def _audit_export(actor: Actor, fmt: str, events: list[AuditEvent]) -> HttpResponse:
    persons = audit_persons(actor=actor, ids=[e.person_id for e in events])
    columns = [_("time"), _("user"), _("role"), _("channel"), _("action"), _("object"),
               _("number"), _("person"), _("IIN"), _("purpose"), _("before → after"),
               _("reason"), _("hash")]
    rows: list[list[Any]] = []
    for e in events:
        person = persons.get(e.person_id)
        changes = "; ".join(f"{label}: {'' if before == '' else f'{before} → '}{after}"
                            for label, before, after in audit_changes(e))
        rows.append([e.at, e.actor_name, e.get_role_display(), e.channel,
                     e.get_action_display(), object_label(e.object_type), e.object_id,
                     person.display_name if person else e.person_id or "",
                     person.iin if person else "", purpose_label(e.purpose), changes,
                     e.get_reason_display(), e.hash])
    return export_response(actor=actor, fmt=fmt, name="audit-log", title=_("Audit log"),
                           columns=columns, rows=rows,
                           person_ids=[e.person_id for e in events if e.person_id])


@console_view
def registry_stats(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Persons by region and category with totals; small cells arrive already suppressed
    (also against subtraction from the totals), and the export holds the same cells."""
    counts = registry_counts(actor=actor)
    if fmt := export_format(request):
        return _stats_export(actor, fmt, counts)
    return render(request, "web/stats.html", {"counts": counts})


def _stats_export(actor: Actor, fmt: str, counts: RegistryCounts) -> HttpResponse:
    def shown(cell: Any) -> Any:
        return "×" if cell.suppressed else cell.count

    columns = [_("region"), *(c.label for c in counts.categories), _("total")]
    rows: list[list[Any]] = [
        [row.region.name if row.region else _("no region recorded"),
         *(shown(c) for c in row.cells), shown(row.total)]
        for row in counts.rows
    ]
    rows.append([_("total"), *(shown(c) for c in counts.column_totals),
                 shown(counts.grand_total)])
    return export_response(actor=actor, fmt=fmt, name="statistics", title=_("Statistics"),
                           columns=columns, rows=rows)
