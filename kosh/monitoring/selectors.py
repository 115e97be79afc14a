"""Reads of the monitoring: the latest refresh, the published (suppressed) tables of the
dashboard — from the cache, or computed live for a filter — the indicator table judged
against the targets, the action plan with each measure's state, and the quarterly report.
Aggregates only: every count goes through ``published`` (``view_aggregates`` capability;
the open statistics API reads ``open_tables`` without one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from . import pipelines as P
from .indicators import Indicator, Judgement, definitions, judge
from .models import IndicatorValue, Measure, MonitoringRun, Origin
from .official import Published, published_values
from .plan import MeasureState, measure_state
from .published import (
    Table,
    by_period_table,
    concentration_table,
    flows_table,
    od_table,
    year_rows,
)
from .snapshot import snapshot_open

TABLES = ("od", "net", "districts", "urban_rural", "concentration")


def latest_run() -> MonitoringRun | None:
    """The newest refresh (the cache the pages read), if any."""
    return MonitoringRun.objects.first()


def monitoring_run(*, actor: Actor) -> MonitoringRun | None:
    """The newest refresh (``view_aggregates``)."""
    actor.require(Capability.VIEW_AGGREGATES)
    return latest_run()


def _year_checked(run: MonitoringRun, year: int | None) -> int:
    years = run.result.get("years") or []
    if not years:
        raise DomainError("no_data", _("The snapshot has no registration events."))
    if year is None:
        return max(years)
    if year not in years:
        raise DomainError("year_without_data", _(
            "No data for %(year)s; the snapshot has %(first)s–%(last)s.")
            % {"year": year, "first": min(years), "last": max(years)}, field="year")
    return year


def cached_table(run: MonitoringRun, key: str, *, year: int | None = None) -> Table:
    """A published table of the refresh ``run``: ``od`` (regions, the year), ``net``
    (regions, the year), ``districts`` (the year), ``urban_rural`` and ``concentration``
    (all years)."""
    r = run.result
    if key not in TABLES:
        raise Http404
    if key in ("urban_rural",):
        return by_period_table(r["urban_rural"], key=key, label="flow")
    if key == "concentration":
        return concentration_table(r)
    y = _year_checked(run, year)
    if key == "od":
        t = od_table(year_rows(r["od_region"], y))
    elif key == "net":
        t = flows_table(year_rows(r["flows_region"], y), key="net")
    else:
        t = flows_table(year_rows(r["flows_district"], y), key="districts")
    t.notes["year"] = y
    return t


@lru_cache(maxsize=64)
def _live(directory: str, as_of: dt.date, filters: P.Filters, level: str, period: str,
          value: int) -> tuple[tuple[str, str, int], ...]:
    snap = snapshot_open(Path(directory), as_of=as_of)
    events = P.filtered(snap.tables["events"], filters, persons=snap.tables.get("persons"))
    od = P.od_matrix(events, level=level, period=period)
    od = od.filter(od.period == value).select("origin", "destination", "moves")
    return tuple((str(a), str(b), int(n)) for a, b, n in od.execute().itertuples(index=False))


def filters_checked(*, start: dt.date | None = None, end: dt.date | None = None,
                    category: str = "", age_group: str = "", sex: str = "") -> P.Filters:
    """The analyst's filters, refused (``DomainError``) when out of range."""
    if category and category not in ("internal", "resettlement"):
        raise DomainError("category_unknown", _("Unknown category."), field="category")
    if age_group and age_group not in P.AGE_GROUPS:
        raise DomainError("age_group_unknown", _("Unknown age group."), field="age_group")
    if sex and sex not in ("M", "F"):
        raise DomainError("sex_unknown", _("Sex is M or F."), field="sex")
    if start and end and start > end:
        raise DomainError("period_reversed", _("The period ends before it starts."),
                          field="end")
    return P.Filters(start=start, end=end, category=category, age_group=age_group, sex=sex)


def od_filtered(*, actor: Actor, filters: P.Filters, level: str = "region",
                period: str = "year", value: int) -> Table:
    """The published origin–destination matrix for the ``filters``, by region or
    district, of one year (``yyyy``) or month (``yyyymm``), computed on DuckDB from the
    snapshot the latest refresh read (results kept in the process)."""
    actor.require(Capability.VIEW_AGGREGATES)
    run = latest_run()
    if run is None:
        raise DomainError("no_refresh", _("No monitoring refresh yet: run "
                                          "`kosh monitoring refresh`."))
    if level not in P.LEVELS or period not in P.PERIODS:
        raise DomainError("level_unknown", _("Choose region or district, year or month."),
                          field="level")
    rows = _live(run.snapshot, run.as_of, filters, level, period, value)
    t = od_table(rows, key=f"od_{level}")
    t.notes.update(level=level, period=period, value=value)
    return t


def district_flows_live(run: MonitoringRun, year: int) -> list[list[Any]]:
    """Arrivals and departures of every district in ``year`` (from the cache)."""
    return year_rows(run.result["flows_district"], year)


@dataclass
class IndicatorRow:
    """One indicator on the dashboard: its definition, yearly values (with origin and
    source) and the judgement against the targets."""

    indicator: Indicator
    values: dict[int, IndicatorValue]
    judgement: Judgement

    @property
    def published(self) -> list[Published]:
        """The official published figures beside the values of their years."""
        return published_values(self.indicator,
                                {y: v.value for y, v in self.values.items()})


def indicator_rows() -> list[IndicatorRow]:
    """The 10 indicators with their stored values (computed for computed indicators,
    entered for external ones) judged against the targets. Not personal data: no
    capability (the open API publishes it too)."""
    stored: dict[int, dict[int, IndicatorValue]] = {}
    for v in IndicatorValue.objects.all():
        ind = definitions().get(v.indicator)
        if ind is None:
            continue
        wanted = Origin.COMPUTED if ind.computed else Origin.ENTERED
        if v.origin == wanted:
            stored.setdefault(v.indicator, {})[v.year] = v
    out = []
    for number, ind in definitions().items():
        values = stored.get(number, {})
        out.append(IndicatorRow(indicator=ind, values=values,
                                judgement=judge(ind, {y: v.value for y, v in values.items()})))
    return out


def regional_indicator(run: MonitoringRun, number: int, year: int) -> dict[str, float]:
    """An indicator's value by region in ``year`` (for the choropleth), where the formula
    breaks down by region; shares resting on fewer than the threshold's persons are left
    out."""
    from .published import threshold

    rows = run.result.get("indicators_region", {}).get(str(number), [])
    limit = threshold()
    return {r: v for y, r, v, d in rows if y == year and d >= limit}


def measures(*, actor: Actor, today: dt.date | None = None
             ) -> list[tuple[Measure, MeasureState]]:
    """The action plan's measures with their state today (``view_aggregates``), late and
    at-risk measures first."""
    actor.require(Capability.VIEW_AGGREGATES)
    today = today or timezone.localdate()
    out = []
    for m in Measure.objects.prefetch_related("reports").all():
        reports = sorted(m.reports.all(), key=lambda r: (r.reported_at, r.pk), reverse=True)
        out.append((m, measure_state(m, reports, today)))
    order = {"late": 0, "at_risk": 1, "on_schedule": 2, "done": 3}
    return sorted(out, key=lambda ms: (order[ms[1].status], ms[0].number))


def measure_get(*, actor: Actor, number: int) -> Measure:
    """One measure with its reports, or 404."""
    actor.require(Capability.VIEW_AGGREGATES)
    m = Measure.objects.filter(number=number).first()
    if m is None:
        raise Http404
    return m


def quarterly_report(*, actor: Actor, year: int, quarter: int) -> list[dict[str, Any]]:
    """The action plan's state at the end of ``quarter`` of ``year``: every measure with
    its deadline, responsible bodies, status and the reports filed for that quarter."""
    from .plan import quarter_end

    actor.require(Capability.VIEW_AGGREGATES)
    if not 2023 <= year <= 2027 or not 1 <= quarter <= 4:
        raise DomainError("period_out_of_range", _("Choose a quarter of 2023–2027."),
                          field="year")
    day = quarter_end(year, quarter)
    rows = []
    for m in Measure.objects.prefetch_related("reports").all():
        reports = sorted((r for r in m.reports.all() if (r.year, r.quarter) <= (year, quarter)),
                         key=lambda r: (r.year, r.quarter, r.reported_at, r.pk), reverse=True)
        state = measure_state(m, reports, day)
        this_quarter = [r for r in reports if (r.year, r.quarter) == (year, quarter)]
        rows.append({"measure": m, "state": state, "reports": this_quarter})
    return rows
