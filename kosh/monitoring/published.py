"""The tables Kosh publishes from the monitoring — on the dashboard, in every CSV and Excel
download and through the open statistics API — built from a refresh's cached aggregates
(or a filtered live computation) and always passed through ``disclosure.suppress``: this
module is the only way counts leave the monitoring. Hidden numbers are ``None``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from .disclosure import THRESHOLD, suppress
from .geography import CITIES, geography


def threshold() -> int:
    """The suppression threshold in force (``KOSH_MONITORING_THRESHOLD``, default 5)."""
    return int(getattr(settings, "KOSH_MONITORING_THRESHOLD", THRESHOLD))


@dataclass
class Table:
    """A published table: a key, column keys and rows of values (codes, not labels —
    the page and the exports label them), and how many numbers were hidden."""

    key: str
    columns: list[str]
    rows: list[list[Any]]
    hidden: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, Any]]:
        """Rows as dictionaries (the API's shape)."""
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


def _two_way(counts: dict[tuple[str, str], int], rows: Sequence[str], cols: Sequence[str],
             *, limit: int | None = None):
    table = [[int(counts.get((r, c), 0)) for c in cols] for r in rows]
    return suppress(table, threshold=limit or threshold())


def od_table(od: Iterable[Sequence[Any]], *, key: str = "od") -> Table:
    """The origin–destination matrix of ``(origin, destination, moves)`` rows, suppressed
    as a two-way table with its margins: one row per origin with a cell per destination,
    the origin's total last, and a last row of destination totals (origin ``total``)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for origin, destination, moves in od:
        counts[(origin, destination)] += int(moves)
    areas = sorted({o for o, _ in counts} | {d for _, d in counts})
    pub = _two_way(counts, areas, areas)
    rows = [[a, *cells, pub.row_totals[i]] for i, (a, cells) in
            enumerate(zip(areas, pub.cells, strict=True))]
    rows.append(["total", *pub.column_totals, pub.total])
    return Table(key=key, columns=["origin", *areas, "total"], rows=rows,
                 hidden=pub.primary + pub.complementary)


def flows_table(flows: Iterable[Sequence[Any]], *, key: str = "net") -> Table:
    """Arrivals, departures and the balance of every area from ``(area, arrivals,
    departures)`` rows, suppressed as an areas × (arrivals, departures) table; the balance
    is shown only where both counts are."""
    counts: dict[tuple[str, str], int] = {}
    for area, arrivals, departures in flows:
        counts[(area, "arrivals")] = int(arrivals)
        counts[(area, "departures")] = int(departures)
    areas = sorted({a for a, _ in counts})
    pub = _two_way(counts, areas, ["arrivals", "departures"])
    rows = []
    for area, (arr, dep) in zip(areas, pub.cells, strict=True):
        net = arr - dep if arr is not None and dep is not None else None
        rows.append([area, arr, dep, net])
    rows.append(["total", *pub.column_totals, None])
    return Table(key=key, columns=["area", "arrivals", "departures", "net"], rows=rows,
                 hidden=pub.primary + pub.complementary)


def by_period_table(rows_in: Iterable[Sequence[Any]], *, key: str, label: str) -> Table:
    """``(period, category, count)`` rows as a categories × periods table with margins."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for period, cat, n in rows_in:
        counts[(str(cat), str(period))] += int(n)
    cats = sorted({c for c, _ in counts})
    periods = sorted({p for _, p in counts})
    pub = _two_way(counts, cats, periods)
    rows = [[c, *cells, pub.row_totals[i]] for i, (c, cells) in
            enumerate(zip(cats, pub.cells, strict=True))]
    rows.append(["total", *pub.column_totals, pub.total])
    return Table(key=key, columns=[label, *periods, "total"], rows=rows,
                 hidden=pub.primary + pub.complementary)


def concentration_table(result: dict[str, Any]) -> Table:
    """Inter-regional arrivals in Astana, Almaty and Shymkent by year, the other regions
    and the total, suppressed; the cities' shares where shown."""
    counts: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = {}
    for period, region, arrivals, total in result["concentration"]:
        counts[(region, str(period))] = int(arrivals)
        totals[str(period)] = int(total)
    periods = sorted(totals)
    for p in periods:
        counts[("other", p)] = totals[p] - sum(counts.get((c, p), 0) for c in CITIES)
    areas = [*CITIES, "other"]
    pub = _two_way(counts, areas, periods)
    rows = []
    for area, cells in zip(areas, pub.cells, strict=True):
        rows.append([area, *cells])
    rows.append(["total", *pub.column_totals])
    shares = []
    for area, cells in zip(CITIES, pub.cells[:3], strict=True):
        shares.append([f"{area}_share", *[
            round(100.0 * v / totals[p], 1) if v is not None and totals[p] else None
            for v, p in zip(cells, periods, strict=True)]])
    return Table(key="concentration", columns=["area", *periods], rows=rows + shares,
                 hidden=pub.primary + pub.complementary)


def year_rows(rows: Iterable[Sequence[Any]], year: int) -> list[list[Any]]:
    """The rows of ``year`` (first column the period), without the period."""
    return [list(r[1:]) for r in rows if int(r[0]) == year]


def region_choropleth(table: Table) -> dict[str, Any]:
    """A published area table as ``{area code: value}`` per column, for the map."""
    out: dict[str, dict[str, Any]] = {c: {} for c in table.columns[1:]}
    for row in table.rows:
        if row[0] in ("total",):
            continue
        for c, v in zip(table.columns[1:], row[1:], strict=True):
            out[c][row[0]] = v
    return out


def known_area(code: str) -> bool:
    """Whether ``code`` is a shipped region or district."""
    geo = geography()
    return code in geo.regions or code in geo.districts
