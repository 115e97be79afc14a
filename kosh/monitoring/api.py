"""The monitoring API, mounted at ``/api/monitoring``: the published (suppressed) tables,
the filtered origin–destination matrix, the indicators against their targets, the bad
input of the latest refresh, the action plan and its progress reports — and, without a
token, the open statistics (``/open/…``: suppressed aggregates and the indicators only).
Every operation calls the same selectors and services as the console."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut
from kosh.errors import DomainError

from . import selectors, services
from .models import MonitoringRun
from .published import Table, threshold
from .schemas import (
    AgeGroup,
    Category,
    Level,
    MeasureOut,
    MonitoringIndicatorOut,
    Period,
    PeriodValue,
    QualityOut,
    QueryDate,
    ReportIn,
    ReportOut,
    Sex,
    TableKey,
    TableOut,
    ValueIn,
    ValueOut,
    YearQuery,
)

router = Router(tags=["monitoring"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# 401 is documented on every operation (tests/api); these need no token.
OPEN_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _table_out(t: Table) -> TableOut:
    return TableOut(key=t.key, columns=t.columns, rows=t.rows, hidden=t.hidden,
                    threshold=threshold(), notes=t.notes)


def _run_or_refuse() -> MonitoringRun:
    run = selectors.latest_run()
    if run is None:
        raise DomainError("no_refresh", _("No monitoring refresh yet: run "
                                          "`kosh monitoring refresh`."))
    return run


def _indicators() -> list[MonitoringIndicatorOut]:
    lang = (get_language() or "ru")[:2]
    out = []
    for r in selectors.indicator_rows():
        ind, j = r.indicator, r.judgement
        out.append(MonitoringIndicatorOut(
            number=ind.number, key=ind.key, name=ind.name(lang), unit=ind.unit,
            unit_as_written=ind.unit_as_written, computed=ind.computed,
            data_source=ind.data_source, baseline=ind.baseline, targets=ind.targets,
            values={y: v.value for y, v in r.values.items()},
            sources={y: v.source for y, v in r.values.items()},
            latest_year=j.latest_year, projection_2027=j.projection,
            trend_per_year=j.trend, status=j.status))
    return out


@router.get("/tables/{key}", response={200: TableOut, **ERRORS})
def table(request: HttpRequest, key: TableKey, year: Query[YearQuery | None] = None
          ) -> TableOut:
    """A published table of the latest refresh (``view_aggregates``): ``od`` (region ×
    region, a year), ``net`` (regions, a year), ``districts`` (a year), ``urban_rural`` and
    ``concentration`` (every year). 422 ``no_refresh`` before the first refresh,
    ``year_without_data``."""
    run = selectors.monitoring_run(actor=_actor(request)) or _run_or_refuse()
    return _table_out(selectors.cached_table(run, key, year=year))


@router.get("/od", response={200: TableOut, **ERRORS})
def od(request: HttpRequest, value: Query[PeriodValue], level: Query[Level] = "region",
       period: Query[Period] = "year", start: Query[QueryDate | None] = None,
       end: Query[QueryDate | None] = None, category: Query[Category | None] = None,
       age_group: Query[AgeGroup | None] = None, sex: Query[Sex | None] = None
       ) -> TableOut:
    """The origin–destination matrix of one year (``value`` = yyyy) or month (yyyymm), by
    region or district, of the events within the filters, suppressed. 422
    ``no_refresh``, ``period_reversed``."""
    filters = selectors.filters_checked(start=start, end=end, category=category or "",
                                        age_group=age_group or "", sex=sex or "")
    return _table_out(selectors.od_filtered(actor=_actor(request), filters=filters,
                                            level=level, period=period, value=value))


@router.get("/quality", response={200: QualityOut, **ERRORS})
def quality(request: HttpRequest) -> QualityOut:
    """The bad input the latest refresh found and left out (unknown districts,
    future-dated events), corrected (a region that is not its district's) or counted once
    (duplicates). 422 ``no_refresh``."""
    run = selectors.monitoring_run(actor=_actor(request)) or _run_or_refuse()
    return QualityOut(**run.quality, snapshot=run.snapshot, as_of=run.as_of.isoformat(),
                      refreshed_at=run.created_at.isoformat())


@router.get("/indicators", response={200: list[MonitoringIndicatorOut], **ERRORS})
def indicators(request: HttpRequest) -> list[MonitoringIndicatorOut]:
    """The 10 target indicators: definition, yearly targets and values, projection to
    2027 and status."""
    selectors.monitoring_run(actor=_actor(request))
    return _indicators()


@router.post("/indicators/{int:number}/values", response={200: ValueOut, **ERRORS})
def value_enter(request: HttpRequest, number: int, payload: ValueIn) -> ValueOut:
    """Enter an external indicator's value for a year with its source
    (``report_progress``). 422 ``indicator_unknown``, ``indicator_computed``."""
    v = services.indicator_value_enter(actor=_actor(request), indicator=number,
                                       **payload.model_dump())
    return ValueOut(indicator=v.indicator, year=v.year, value=v.value, source=v.source)


@router.get("/measures", response={200: list[MeasureOut], **ERRORS})
def measures(request: HttpRequest) -> list[MeasureOut]:
    """The action plan's measures with their state today, late and at risk first."""
    return [MeasureOut(
        number=m.number, direction=m.direction_code, title_kk=m.title_kk,
        title_en=m.title_en, completion_form_kk=m.completion_form_kk,
        completion_form_en=m.completion_form_en, deadline=m.deadline_en,
        deadline_on=s.deadline.isoformat(), recurring=m.recurring,
        responsible=m.responsible_codes, status=s.status, percent=s.percent)
        for m, s in selectors.measures(actor=_actor(request))]


@router.post("/measures/{int:number}/reports", response={200: ReportOut, **ERRORS})
def report_add(request: HttpRequest, number: int, payload: ReportIn) -> ReportOut:
    """A responsible body's progress report with its evidence (``report_progress``). 404
    for an unknown measure; 422 ``body_not_responsible``, ``done_not_complete``,
    ``period_out_of_range``."""
    r = services.measure_report_add(actor=_actor(request), number=number,
                                    **payload.model_dump())
    return ReportOut(id=r.pk, measure=number, year=r.year, quarter=r.quarter, body=r.body,
                     status=r.status, percent=r.percent, text=r.text, evidence=r.evidence)


@router.get("/open/tables/{key}", response={200: TableOut, **OPEN_ERRORS}, auth=None)
def open_table(request: HttpRequest, key: TableKey, year: Query[YearQuery | None] = None
               ) -> TableOut:
    """Open statistics, no token: the same published tables — aggregates with every count
    under the threshold hidden, and hidden so it cannot be worked out from the totals.
    422 ``no_refresh``, ``year_without_data``."""
    return _table_out(selectors.cached_table(_run_or_refuse(), key, year=year))


@router.get("/open/indicators", response={200: list[MonitoringIndicatorOut], **OPEN_ERRORS},
            auth=None)
def open_indicators(request: HttpRequest) -> list[MonitoringIndicatorOut]:
    """Open statistics, no token: the 10 indicators against their targets."""
    return _indicators()

