"""The analysts' what-if page: the form, the run's progress (polled with HTMX), the
labelled result and its exports. Views are thin: the form reads the change, ``runs``
computes it, ``labels`` and ``exports`` put it in words."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.rules.decision import RulesUnavailable

from .exports import whatif_csv, whatif_xlsx
from .forms import POPULATIONS, WhatIfForm
from .labels import result_labelled
from .runs import STAGES, WhatIfRun, population_warm, whatif_result, whatif_start

TOP_COUNTRIES = 15
STAGE_LABELS = {
    "population": _("Generating the synthetic applicants…"),
    "baseline": _("Applying the rules in force…"),
    "reform": _("Applying the changed rules…"),
}
EXPORTS = {
    "csv": (whatif_csv, "text/csv; charset=utf-8"),
    "xlsx": (whatif_xlsx,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
REFUSED = _("This value cannot be tried for this parameter.")


def whatif_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require login and the ``run_whatif`` capability (else 403); pass the ``Actor``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        try:
            actor.require(Capability.RUN_WHATIF)
            return view(request, actor, *args, **kwargs)
        except AccessDenied:
            return render(request, "403.html", status=403)

    return wrapper


def _start(form: WhatIfForm) -> WhatIfRun | None:
    try:
        return whatif_start(changes=form.changes(), on=form.assessed_on(),
                            population=form.cleaned_data["population"])
    except RulesUnavailable:
        form.add_error("value", REFUSED)
        return None


def _run_context(request: HttpRequest, run: WhatIfRun) -> dict:
    """What the run fragment shows, read once (the run goes on in its thread)."""
    done, stage = run.done, run.stage
    context: dict = {"done": done, "elapsed": run.elapsed, "query": request.GET.urlencode(),
                     "percent": round(STAGES[stage] * 100),
                     "stage": STAGE_LABELS.get(stage, "")}
    if done and run.result is not None:
        context["labelled"] = result_labelled(run.result, top_countries=TOP_COUNTRIES)
    return context


@whatif_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Change a parameter from a date and see who more (or less) would qualify, by
    citizenship and occupation, over the synthetic applicants; the live rules stay as they
    are. Opening the page starts generating the default population in the background."""
    form = WhatIfForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid() and (run := _start(form)) is not None:
        context.update(_run_context(request, run), run=True)
    elif not form.is_bound:
        population_warm(getattr(settings, "WHATIF_WARM_POPULATION", POPULATIONS[-1]))
    return render(request, "whatif/page.html", context)


@whatif_view
def status(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The run's progress (polled by the page until it is done), then its result."""
    form = WhatIfForm(request.GET)
    if not form.is_valid() or (run := _start(form)) is None:
        return render(request, "whatif/_form_errors.html", {"form": form}, status=400)
    return render(request, "whatif/_run.html", _run_context(request, run))


@whatif_view
def export(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    """The result as CSV or Excel (``fmt``), labelled in the active language."""
    if fmt not in EXPORTS:
        raise Http404
    form = WhatIfForm(request.GET)
    try:
        if not form.is_valid():
            raise RulesUnavailable("invalid")
        result = whatif_result(changes=form.changes(), on=form.assessed_on(),
                               population=form.cleaned_data["population"])
    except RulesUnavailable:
        return render(request, "whatif/_form_errors.html", {"form": form}, status=400)
    write, content_type = EXPORTS[fmt]
    response = HttpResponse(write(result_labelled(result)), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="whatif-{result.instrument}-{result.on:%Y%m%d}.{fmt}"')
    return response
