"""The officers' queue and the analysts' what-if."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor, Capability
from kosh.geo.models import Country
from kosh.occupations.models import Occupation
from kosh.rules.decision import RulesUnavailable
from kosh.rules.reforms import ParameterChange, parameter_get
from kosh.rules.system import parameter_value
from kosh.rules.whatif import whatif_run
from kosh.synth.applicants import applicants_cached

from .. import selectors
from ..forms import QueueFilterForm, WhatIfForm
from ..registry import INSTRUMENTS
from .base import case_view

QUEUE_PAGE_SIZE = 50
TOP_COUNTRIES = 15


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


def _labelled(rows: list, labels: dict[str, str], top: int | None = None) -> list:
    rows = rows[:top] if top else rows
    return [(labels.get(g.key, g.key), g) for g in rows]


@case_view
def whatif(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Change a parameter from a date and see who more (or less) would qualify, by country
    and occupation, over the synthetic applicants; the live rules stay as they are."""
    actor.require(Capability.RUN_WHATIF)
    form = WhatIfForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        change = ParameterChange(path=data["parameter"], value=data["value"],
                                 start=data["start"])
        on = data["on"] or data["start"]
        try:
            result = whatif_run(changes=[change], on=on,
                                people=applicants_cached(data["population"]))
        except RulesUnavailable:
            form.add_error("value", _("This value cannot be tried for this parameter."))
        else:
            countries = {c.alpha3: c.name for c in Country.objects.all()}
            majors = {o.code: o.title_en for o in Occupation.objects.filter(level="major")}
            context.update(
                result=result, on=on,
                current=parameter_value(change.path, on),
                described=parameter_get(change.path).description,
                by_country=_labelled(result.by_country, countries, TOP_COUNTRIES),
                by_occupation=_labelled(result.by_occupation, majors),
            )
    return render(request, "cases/whatif.html", context)
