"""The monitoring console under /monitoring/: the dashboard (indicators against targets,
bad input, flows, concentration, urban/rural moves, the choropleth), the filtered
origin–destination matrix (HTMX), downloads of every table, the action plan with progress
reports and the quarterly report. Views are thin: selectors, services and ``published``
do the work, and every number shown passes through disclosure control."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.errors import DomainError
from kosh.web.views.base import capability_view

from . import exports, selectors, services
from .charts import indicator_chart
from .forms import FlowsForm, QuarterForm, ReportForm, ValueForm
from .geography import GEO_DATA
from .indicators import REGIONAL, definitions
from .models import MonitoringRun
from .plan import body_name, measure_state
from .published import Table, flows_table, region_choropleth, threshold, year_rows
from .snapshot import snapshot_dir

#: How many of the largest inter-regional flows the flow map draws.
FLOW_LINES = 25
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# login and ``view_aggregates`` (else 403, audited); the view gets the ``Actor``
monitoring_view = capability_view(Capability.VIEW_AGGREGATES)


def _lang() -> str:
    return (get_language() or "ru")[:2]


def _year(request: HttpRequest, run: MonitoringRun | None) -> int | None:
    years = run.result.get("years", []) if run else []
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return year if year in years else (max(years) if years else None)


def _titles() -> dict[str, str]:
    return {"net": _("Inter-regional arrivals, departures and balance by region"),
            "concentration": _("Concentration: inter-regional arrivals in Astana, Almaty "
                               "and Shymkent"),
            "urban_rural": _("Moves between urban and rural districts"),
            "od": _("Origin–destination matrix of regions"),
            "districts": _("Moves between districts: arrivals and departures")}


def _tables(run: MonitoringRun, year: int) -> list[dict[str, Any]]:
    titles = _titles()
    out = []
    for key in ("net", "concentration", "urban_rural", "od"):
        t = selectors.cached_table(run, key, year=year)
        heading, rows = exports.labelled(t)
        out.append({"key": key, "title": titles[key], "heading": heading, "rows": rows,
                    "hidden": t.hidden, "yearly": key in ("net", "od")})
    return out


def _metrics() -> list[tuple[str, str]]:
    """What the map can show: flows of moves and the indicators computed by region."""
    lang = _lang()
    return [("net", _("balance of moves")), ("arrivals", _("arrivals")),
            ("departures", _("departures")),
            ("flows", _("largest flows between regions")),
            *[(f"indicator_{n}", f"{n}. {ind.name(lang)}")
              for n, ind in definitions().items() if ind.formula in REGIONAL]]


@monitoring_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The dashboard, from the latest refresh (the cache)."""
    run = selectors.monitoring_run(actor=actor)
    year = _year(request, run)
    rows = selectors.indicator_rows()
    lang = _lang()
    indicators = [{"row": r, "name": r.indicator.name(lang),
                   "source": r.indicator.source(lang), "published": r.published,
                   "status": exports.status_label(r.judgement.status),
                   "target_2027": r.indicator.targets.get(2027),
                   "unit": r.indicator.unit_name(lang),
                   "chart": indicator_chart(r.indicator, r.judgement),
                   "form": ValueForm(prefix=f"i{r.indicator.number}")
                   if not r.indicator.computed else None} for r in rows]
    metrics = _metrics()
    return render(request, "monitoring/page.html", {
        "run": run, "year": year, "years": run.result.get("years", []) if run else [],
        "indicators": indicators, "tables": _tables(run, year) if run and year else [],
        "threshold": threshold(), "metrics": metrics, "snapshot": snapshot_dir(),
        "note": exports.note(),
        "can_refresh": actor.can(Capability.RUN_WHATIF),
        "can_report": actor.can(Capability.REPORT_PROGRESS),
        "flows_form": FlowsForm(initial={"year": year})})


@require_POST
@monitoring_view
def refresh(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Refresh the cache from the console's snapshot (``run_whatif``)."""
    try:
        services.monitoring_refresh(actor=actor, directory=snapshot_dir())
    except DomainError as err:
        return render(request, "monitoring/_message.html", {"error": err.message},
                      status=422)
    return redirect("monitoring:page")


@monitoring_view
def flows(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The filtered origin–destination matrix (an HTMX fragment; a page without HTMX)."""
    if "level" not in request.GET:  # opened from a link: the form, nothing computed yet
        return render(request, "monitoring/flows.html", {"flows_form": FlowsForm(initial={
            "year": request.GET.get("year") or 2023, "level": "region", "period": "year"})})
    form = FlowsForm(request.GET)
    context: dict[str, Any] = {"flows_form": form}
    if form.is_valid():
        d = form.cleaned_data
        try:
            filters = selectors.filters_checked(start=d["start"], end=d["end"],
                                                category=d["category"],
                                                age_group=d["age_group"], sex=d["sex"])
            value = d["year"] * 100 + d["month"] if d["period"] == "month" else d["year"]
            t = selectors.od_filtered(actor=actor, filters=filters, level=d["level"],
                                      period=d["period"], value=value)
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            heading, rows = exports.labelled(t)
            context.update(heading=heading, rows=rows, hidden=t.hidden,
                           query=request.GET.urlencode())
            if request.GET.get("format") in FORMATS:
                return _download(request.GET["format"], f"od-{d['level']}-{value}",
                                 _("Origin–destination matrix"), t)
    template = ("monitoring/_flows.html" if request.headers.get("HX-Request")
                else "monitoring/flows.html")
    return render(request, template, context, status=200 if form.is_valid() else 400)


def _download(fmt: str, name: str, title: str, table: Table) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    body = exports.table_csv(title, table) if fmt == "csv" else exports.table_xlsx(title,
                                                                                   table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@monitoring_view
def download(request: HttpRequest, actor: Actor, key: str, fmt: str) -> HttpResponse:
    """A published table of the latest refresh as CSV or Excel."""
    if fmt not in FORMATS:
        raise Http404
    run = selectors.monitoring_run(actor=actor)
    if run is None:
        raise Http404
    if key == "indicators":
        rows = selectors.indicator_rows()
        body = exports.indicators_csv(rows) if fmt == "csv" else exports.indicators_xlsx(rows)
        response = HttpResponse(body, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="indicators.{fmt}"'
        return response
    year = _year(request, run)
    try:
        t = selectors.cached_table(run, key, year=year)
    except DomainError as err:
        raise Http404 from err
    yearly = key in ("od", "net", "districts")
    title = f"{_titles()[key]}, {year}" if yearly else _titles()[key]
    return _download(fmt, f"{key}-{year}" if yearly else key, title, t)


@cache_control(max_age=86400, private=True)
@monitoring_view
def boundaries(request: HttpRequest, actor: Actor, level: str) -> HttpResponse:
    """The shipped boundaries (GeoJSON) of regions or districts, for the map."""
    files = {"regions": "kz_adm1_regions_2024.geojson",
             "districts": "kz_adm2_districts_2024.geojson"}
    if level not in files:
        raise Http404
    return HttpResponse((GEO_DATA / files[level]).read_bytes(),
                        content_type="application/geo+json")


@monitoring_view
def map_data(request: HttpRequest, actor: Actor) -> JsonResponse:
    """Values of a metric by region or district for the choropleth: ``{values: {KATO:
    value|null}, label}`` (null: hidden by disclosure control or no data)."""
    run = selectors.monitoring_run(actor=actor)
    if run is None:
        raise Http404
    year = _year(request, run)
    metric = request.GET.get("metric", "net")
    level = request.GET.get("level", "region")
    if metric.startswith("indicator_"):
        try:
            number = int(metric.split("_", 1)[1])
        except ValueError as err:
            raise Http404 from err
        ind = definitions().get(number)
        if ind is None or ind.formula not in REGIONAL:
            raise Http404
        values = selectors.regional_indicator(run, number, year)
        return JsonResponse({"values": values, "level": "region", "year": year,
                             "unit": ind.unit_name(_lang()), "label": ind.name(_lang())})
    if metric == "flows":  # the largest published inter-regional flows, for lines
        table = selectors.cached_table(run, "od", year=year)
        areas = table.columns[1:-1]
        pairs = [(row[0], areas[j], v) for row in table.rows[:-1]
                 for j, v in enumerate(row[1:-1]) if v and row[0] != areas[j]]
        pairs.sort(key=lambda p: -p[2])
        return JsonResponse({"values": {}, "flows": pairs[:FLOW_LINES], "level": "region",
                             "year": year, "unit": _("number of persons"),
                             "label": dict(_metrics())[metric]})
    if metric not in ("net", "arrivals", "departures") or level not in ("region",
                                                                          "district"):
        raise Http404
    source = run.result["flows_region" if level == "region" else "flows_district"]
    table = flows_table(year_rows(source, year))
    values = region_choropleth(table)[metric]
    return JsonResponse({"values": values, "level": level, "year": year,
                         "unit": _("number of persons"), "label": dict(_metrics())[metric]})


@monitoring_view
def value_enter(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    """Enter an external indicator's value (``report_progress``)."""
    if request.method != "POST":
        return redirect("monitoring:page")
    form = ValueForm(request.POST, prefix=f"i{number}")
    if form.is_valid():
        try:
            services.indicator_value_enter(actor=actor, indicator=number,
                                           **form.cleaned_data)
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
    if form.is_valid():
        return redirect(reverse("monitoring:page") + f"#indicator-{number}")
    return render(request, "monitoring/value.html", {"form": form, "number": number,
                                                     "indicator": definitions().get(number)},
                  status=400)


@monitoring_view
def plan(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The action plan: every measure with its state, late and at risk first."""
    today = timezone.localdate()
    rows = selectors.measures(actor=actor)
    counts: dict[str, list] = {}
    for _m, s in rows:
        counts.setdefault(s.status, [s.label, 0])[1] += 1
    lang = _lang()
    return render(request, "monitoring/plan.html", {
        "rows": [{"m": m, "s": s, "title": m.text("title", lang),
                  "deadline": m.text("deadline", lang)}
                 for m, s in rows],
        "counts": counts, "quarter_form": QuarterForm(initial={
            "year": min(max(today.year, 2023), 2027), "quarter": (today.month - 1) // 3 + 1})})


@monitoring_view
def measure(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    """One measure: what the decree sets, its reports and (for a responsible body's
    officer) the report form."""
    m = selectors.measure_get(actor=actor, number=number)
    lang = _lang()
    bodies = [(c, f"{c} — {body_name(c, lang)}") for c in m.responsible_codes]
    can_report = actor.can(Capability.REPORT_PROGRESS)
    form = None
    if can_report:
        if request.method == "POST":
            form = ReportForm(request.POST, request.FILES, bodies=bodies)
            if form.is_valid():
                try:
                    services.measure_report_add(actor=actor, number=number,
                                                **form.cleaned_data)
                except DomainError as err:
                    form.add_error(err.field if err.field in form.fields else None,
                                   err.message)
                else:
                    return redirect("monitoring:measure", number=number)
        else:
            today = timezone.localdate()
            form = ReportForm(bodies=bodies, initial={
                "year": min(max(today.year, m.deadline_year), 2027),
                "quarter": (today.month - 1) // 3 + 1})
    elif request.method == "POST":
        raise AccessDenied(Capability.REPORT_PROGRESS)
    reports = list(m.reports.order_by("-reported_at", "-id"))
    state = measure_state(m, reports, timezone.localdate())
    return render(request, "monitoring/measure.html", {
        "m": m, "s": state, "title": m.text("title", lang),
        "form_text": m.text("completion_form", lang), "deadline": m.text("deadline", lang),
        "bodies": [label for _c, label in bodies], "form": form,
        "reports": reports},
        status=400 if form is not None and form.is_bound else 200)


@monitoring_view
def evidence(request: HttpRequest, actor: Actor, number: int, report_id: int) -> HttpResponse:
    """The evidence file of a progress report, as uploaded."""
    m = selectors.measure_get(actor=actor, number=number)
    report = m.reports.filter(pk=report_id).exclude(evidence_content=None).first()
    if report is None:
        raise Http404
    response = HttpResponse(bytes(report.evidence_content),
                            content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-{number}-{report_id}"')
    return response


@monitoring_view
def quarterly(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    """The quarterly report on the action plan as CSV or Excel."""
    form = QuarterForm(request.GET)
    if fmt not in FORMATS or not form.is_valid():
        raise Http404
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    rows = selectors.quarterly_report(actor=actor, year=year, quarter=quarter)
    body = (exports.quarterly_csv(rows, year, quarter) if fmt == "csv"
            else exports.quarterly_xlsx(rows, year, quarter))
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (f'attachment; filename="action-plan-{year}-Q{quarter}'
                                       f'.{fmt}"')
    return response

