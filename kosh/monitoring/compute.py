"""What a refresh computes from a snapshot, as plain JSON-ready lists (stored in
``MonitoringRun.result`` so pages read the cache): the bad-input counts, the region
origin–destination matrix by year, arrivals and departures of regions (year and month)
and districts (year), urban/rural moves, concentration in the three cities, and the
computable indicators nationally and by region. Counts are the snapshot's own (a 1 %
snapshot has 1 % of the moves); counted indicators are divided by the scale when their
definition says so."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir

from . import pipelines as P
from .indicators import FORMULA_TABLES, REGIONAL, SNAPSHOT_FORMULAS, definitions
from .snapshot import Snapshot


def _rows(expr: ir.Table, keys: list[str]) -> list[list[Any]]:
    frame = expr.execute().sort_values(keys).reset_index(drop=True)
    return [[v.item() if hasattr(v, "item") else v for v in row]
            for row in frame.itertuples(index=False)]


def flows(events: ir.Table, *, level: str, period: str) -> ir.Table:
    """Arrivals and departures of every region (inter-regional moves) or district (moves
    between districts): ``period, area, arrivals, departures``."""
    t = P.with_period(events, period)
    t = t.filter(t[f"from_{level}"] != t[f"to_{level}"])
    arr = t.group_by(["period", t[f"to_{level}"].name("area")]).agg(arrivals=t.count())
    dep = t.group_by(["period", t[f"from_{level}"].name("area")]).agg(departures=t.count())
    j = arr.outer_join(dep, ["period", "area"])
    return j.select(period=ibis.coalesce(j.period, j.period_right),
                    area=ibis.coalesce(j.area, j.area_right),
                    arrivals=j.arrivals.fill_null(0), departures=j.departures.fill_null(0))


def refresh_compute(snapshot: Snapshot, *,
                    progress: Callable[[str], None] = lambda stage: None) -> dict[str, Any]:
    """Everything the dashboard shows from cache, computed from ``snapshot``. The cleaned
    events are computed once and kept (``Table.cache``: a temporary table on DuckDB, a
    cached DataFrame on Spark) for the aggregates that read them; otherwise each of them
    repeated the cleaning pass (its deduplication is most of a refresh's time)."""
    started = time.perf_counter()
    progress("clean")
    with snapshot.tables["events"].cache() as ev:
        progress("quality")
        quality = P.quality(snapshot.raw_events, as_of=snapshot.as_of,
                            cleaned=ev).execute().iloc[0]
        out = _aggregates(snapshot, ev, quality, progress)
    out["seconds"] = round(time.perf_counter() - started, 3)
    return out


def _aggregates(snapshot: Snapshot, ev: ir.Table, quality: Any,
                progress: Callable[[str], None]) -> dict[str, Any]:
    tables = {**snapshot.tables, "events": ev}
    out: dict[str, Any] = {
        "quality": {k: int(v) for k, v in quality.items()},
        "scale": snapshot.scale,
    }
    progress("flows")
    out["od_region"] = _rows(P.od_matrix(ev, level="region", period="year"),
                             ["period", "origin", "destination"])
    out["flows_region"] = _rows(flows(ev, level="region", period="year"), ["period", "area"])
    out["flows_region_month"] = _rows(flows(ev, level="region", period="month"),
                                      ["period", "area"])
    out["flows_district"] = _rows(flows(ev, level="district", period="year"),
                                  ["period", "area"])
    out["urban_rural"] = _rows(P.urban_rural(ev), ["period", "flow"])
    conc = P.concentration(ev)
    out["concentration"] = _rows(conc.select("period", "region", "arrivals", "total"),
                                 ["period", "region"])
    out["years"] = sorted({r[0] for r in out["od_region"]})
    progress("indicators")
    national: dict[str, dict[str, list[float]]] = {}
    regional: dict[str, list[list[Any]]] = {}
    missing: list[int] = []
    for number, ind in definitions().items():
        if ind.formula not in SNAPSHOT_FORMULAS:
            continue
        needs = FORMULA_TABLES[ind.formula]
        if any(n not in tables for n in needs):
            missing.append(number)
            continue
        formula = SNAPSHOT_FORMULAS[ind.formula]
        factor = (1.0 / snapshot.scale if ind.scaled else 1.0) * (
            100.0 if ind.is_percent else 1.0)
        rows = _rows(formula(tables), ["year"])
        national[str(number)] = {str(y): [v * factor, int(d)] for y, v, d in rows}
        if ind.formula in REGIONAL:
            rows = _rows(formula(tables, by=("region",)), ["region", "year"])
            regional[str(number)] = [[y, r, v * factor, int(d)] for r, y, v, d in rows]
    out["indicators"] = national
    out["indicators_region"] = regional
    out["indicators_missing"] = missing
    return out
