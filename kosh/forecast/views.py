"""The analysts' forecast console: compute a run (scenario, base year, horizon), a run's
population by region, age and sex, working age, flows and intervals with CSV/Excel export,
and stored runs side by side. Aggregates only (``view_aggregates``). Views are thin:
services and selectors do the work."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.web.exports import export_format, export_response
from kosh.web.views.base import capability_view

from .charts import band_chart
from .forms import ForecastForm, ScenarioForm
from .regions import REGIONS, region_name
from .scenarios import scenarios
from .selectors import (
    CHANGE_BANDS,
    age_rows,
    forecast_run_get,
    forecast_runs,
    map_features,
    national_rows,
    region_rows,
    runs_compared,
)
from .services import forecast_dir, forecast_run_create, forecast_scenario_save

# login and ``view_aggregates`` (else 403, audited); the view gets the ``Actor``
forecast_view = capability_view(Capability.VIEW_AGGREGATES)


def _language() -> str:
    return (get_language() or "en")[:2]


def _page(request: HttpRequest, actor: Actor, form: ForecastForm, status: int = 200,
          scenario_form: ScenarioForm | None = None) -> HttpResponse:
    return render(request, "forecast/page.html", {
        "form": form, "runs": forecast_runs(actor=actor)[:30],
        "scenario_form": scenario_form or ScenarioForm(),
        "saved": request.GET.get("saved", ""),
        "can_compute": actor.can(Capability.RUN_WHATIF), "data": forecast_dir(),
        "scenarios": [(s, s.label(_language()), s.description.get(_language(), ""))
                      for s in scenarios().values()]}, status=status)


@forecast_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The form and the stored runs (tick runs to compare them)."""
    return _page(request, actor, ForecastForm())


@require_POST
@forecast_view
def start(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Compute a forecast (``run_whatif``) and show it; a refusal is shown at its field."""
    actor.require(Capability.RUN_WHATIF)
    form = ForecastForm(request.POST)
    if form.is_valid():
        try:
            run = forecast_run_create(
                actor=actor, scenario=form.cleaned_data["scenario"],
                base_year=form.cleaned_data["base_year"], horizon=form.years(),
                trajectories=form.cleaned_data["trajectories"], seed=form.cleaned_data["seed"])
            return redirect("forecast:run", run_id=run.pk)
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
    return _page(request, actor, form, status=400)


@require_POST
@forecast_view
def scenario_save(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Save an analyst's scenario (``run_whatif``) as a new version and come back to the
    page, where it can be run; a refusal is shown at its field and nothing is saved."""
    actor.require(Capability.RUN_WHATIF)
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            saved = forecast_scenario_save(
                actor=actor, code=form.cleaned_data["code"], title=form.cleaned_data["title"],
                description=form.cleaned_data["description"], levers=form.levers())
            return redirect(f"{reverse('forecast:page')}?saved={saved.code}")
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
    return _page(request, actor, ForecastForm(), status=400, scenario_form=form)


def _year(request: HttpRequest, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", years[-1]))
    except ValueError:
        year = years[-1]
    return year if year in years else years[-1]


@forecast_view
def run(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """One run: the country by year (chart and table), regions in a year, ages of a
    region; ``?export=csv|xlsx&table=national|regions|ages`` downloads the table shown."""
    found = forecast_run_get(actor=actor, run_id=run_id)
    years = found.summary["years"]
    year = _year(request, years)
    region = request.GET.get("region", "")
    region = region if region in REGIONS else ""
    language = _language()
    national = national_rows(found)
    regions = region_rows(found, year=year, language=language)
    ages = age_rows(found, year=year, region=region)
    fmt = export_format(request)
    if fmt:
        return _export(actor, found, fmt, request.GET.get("table", "regions"),
                       national, regions, ages or [], year)
    chosen = scenarios().get(found.scenario)
    context = {
        "run": found, "scenario": chosen.label(language) if chosen else found.scenario,
        "years": years, "year": year, "region": region,
        "region_choices": [(k, region_name(k, language)) for k in REGIONS],
        "region_label": region_name(region, language) if region else _("Kazakhstan"),
        "national": national, "regions": regions, "ages": ages,
        "chart": band_chart(national, low="low80", high="high80", median="median",
                            low95="low95", high95="high95"),
        "working_chart": band_chart(national, low="working_low80", high="working_high80",
                                    median="working"),
        "bands": _bands(),
        "indicators": [dict(i, label=i["name"].get(language, i["name"]["en"]))
                       for i in found.summary.get("indicators", [])],
    }
    template = "forecast/_tables.html" if request.headers.get("HX-Request") else \
        "forecast/run.html"
    return render(request, template, context)


def _bands() -> list[tuple[int, str]]:
    """The map legend: band number and its range of change in %."""
    edges = [None, *CHANGE_BANDS, None]
    out = []
    for band, (lo, hi) in enumerate(pairwise(edges)):
        if lo is None:
            out.append((band, f"< {hi:g} %"))
        elif hi is None:
            out.append((band, f"≥ {lo:g} %"))
        else:
            out.append((band, f"{lo:g} … {hi:g} %"))
    return out


@forecast_view
def run_map(request: HttpRequest, actor: Actor, run_id: int) -> JsonResponse:
    """The run's regions as GeoJSON for the map (median and change in ``?year=``)."""
    found = forecast_run_get(actor=actor, run_id=run_id)
    year = _year(request, found.summary["years"])
    return JsonResponse(map_features(found, year=year, language=_language()))


def _export(actor: Actor, run: Any, fmt: str, table: str, national: list[dict],
            regions: list[dict], ages: list[dict], year: int) -> HttpResponse:
    if table == "national":
        columns = [_("year"), _("median"), _("low (80 %)"), _("high (80 %)"), _("low (95 %)"),
                   _("high (95 %)"), _("working age")]
        rows = [[r["year"], r["median"], r["low80"], r["high80"], r["low95"], r["high95"],
                 r["working"]] for r in national]
    elif table == "ages":
        columns = [_("age"), _("men"), _("women")]
        rows = [[r["age"], round(r["men"]), round(r["women"])] for r in ages]
    else:
        columns = [_("KATO"), _("region"), _("men"), _("women"), _("total"), _("working age"),
                   _("low (80 %)"), _("high (80 %)"), _("low (95 %)"), _("high (95 %)"),
                   _("arrivals from regions"), _("departures to regions"),
                   _("immigrants"), _("emigrants"), _("births"), _("deaths")]
        rows = [[r["kato"], r["name"], r["men"], r["women"], r["total"], r["working"],
                 r["low80"], r["high80"], r["low95"], r["high95"], r["arrivals"],
                 r["departures"], r["immigrants"], r["emigrants"], r["births"], r["deaths"]]
                for r in regions]
    return export_response(actor=actor, fmt=fmt, name=f"forecast-{run.pk}-{table}-{year}",
                           title=_("Forecast"), columns=columns, rows=rows)


@forecast_view
def compare(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Stored runs side by side (``?run=1&run=2…``, at most six)."""
    ids = [int(v) for v in request.GET.getlist("run") if v.isdigit()][:6]
    compared = runs_compared(actor=actor, run_ids=ids)
    language = _language()
    rows = [{"name": region_name(k, language),
             "values": [c["regions"][i] for c in compared]} for i, k in enumerate(REGIONS)]
    for c in compared:
        chosen = scenarios().get(c["run"].scenario)
        c["label"] = chosen.label(language) if chosen else c["run"].scenario
    return render(request, "forecast/compare.html", {"compared": compared, "rows": rows})
