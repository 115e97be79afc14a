"""The concept's 10 target indicators: their definitions (``data/indicators.yaml`` — unit,
source, baseline, yearly targets are data), the formulas that compute the yearly values
from the system's own data (Ibis over the snapshot, or the registry's issued documents),
and the judgement against the targets: trend, projection to 2027, on track or at risk."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import yaml

from . import pipelines

DEFINITIONS = Path(__file__).resolve().parent / "data" / "indicators.yaml"
#: The concept's horizon: the projection's year.
HORIZON = 2027
#: The trend is the straight line through the last this many years with values (the
#: recent course, not the years before the concept, e.g. no electronic monitoring yet).
TREND_YEARS = 3
#: Working age of indicator 8 (BNS: men 16–62, women 16–60; settler_outcomes holds only
#: working-age persons, so nothing is filtered here).
SKILLED = ("higher", "vocational")


@dataclass(frozen=True)
class Indicator:
    """One target indicator as the decree defines it."""

    number: int
    key: str
    names: dict[str, str]
    unit: str
    unit_names: dict[str, str]
    unit_as_written: str
    formula: str
    data_source: str
    scaled: bool
    baseline: float | None
    targets: dict[int, float]
    instrument: str = ""
    #: the data source in kk and ru (``data_source`` is the English)
    sources: dict[str, str] = field(default_factory=dict)
    #: the official statistic published for it: ``statistic`` (a key of
    #: data/migration_indicators_published.csv) and ``factor`` (to the indicator's unit)
    published: dict[str, Any] = field(default_factory=dict)

    @property
    def computed(self) -> bool:
        """Whether Kosh computes it (else a responsible body enters it with a source)."""
        return self.formula != "entered"

    def name(self, lang: str = "en") -> str:
        """The name in ``lang`` (kk, ru, en)."""
        return self.names.get(lang) or self.names["en"]

    def source(self, lang: str = "en") -> str:
        """Where its values come from, in ``lang`` (kk, ru, en)."""
        return self.sources.get(lang) or self.data_source

    def unit_name(self, lang: str = "en") -> str:
        """The unit in ``lang`` (kk, ru, en)."""
        return self.unit_names.get(lang) or self.unit

    @property
    def is_percent(self) -> bool:
        """Whether values are percentages (formulas give shares 0..1, stored × 100)."""
        return self.unit == "%"


@cache
def definitions() -> dict[int, Indicator]:
    """The 10 indicators by number, from ``data/indicators.yaml``."""
    raw = yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))
    out = {}
    for d in raw["indicators"]:
        out[int(d["number"])] = Indicator(
            number=int(d["number"]), key=d["key"],
            names={lang: d[f"name_{lang}"] for lang in ("en", "ru", "kk")},
            unit=d["unit"], unit_names={"en": d["unit"], "kk": d["unit_kk"],
                                        "ru": d["unit_ru"]},
            unit_as_written=d["unit_as_written"], formula=d["formula"],
            data_source=d["data_source"], scaled=bool(d["scaled"]),
            baseline=d.get("baseline"),
            targets={int(y): float(v) for y, v in d["targets"].items()},
            instrument=d.get("instrument", ""),
            sources={lang: d[f"data_source_{lang}"] for lang in ("kk", "ru")},
            published=d.get("published") or {})
    return out


def definitions_source() -> str:
    """The decree the definitions are transcribed from."""
    return yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))["source"]


# Formulas over the snapshot: each returns an Ibis table ``*by, year, value, denominator``
# (value a share 0..1 or a count; denominator the count it rests on), nationally or, with
# ``by=("region",)``, for every region.

def _share(t: ir.Table, hit: ir.BooleanValue, by: Sequence[str]) -> ir.Table:
    t = t.mutate(hit=hit.cast("int64"))
    out = t.group_by([*by, "year"]).agg(n=t.hit.sum(), denominator=t.count())
    return out.select(*by, "year", value=(out.n / out.denominator).cast("float64"),
                      denominator=out.denominator)


def external_balance(tables: Mapping[str, ir.Table], by: Sequence[str] = ()) -> ir.Table:
    """Indicator 1: arrivals − departures for permanent residence, by year (thousands)."""
    t = tables["external_migration"]
    t = t.mutate(year=t.year.cast("int64"),
                 sign=ibis.cases((t.direction == "arrival", 1), else_=-1))
    out = t.group_by([*by, "year"]).agg(value=t.sign.sum(), denominator=t.count())
    return out.mutate(value=out.value.cast("float64") / 1000.0)


def skilled_arrivals_share(tables: Mapping[str, ir.Table], by: Sequence[str] = ()
                           ) -> ir.Table:
    """Indicator 5: share of arrivals aged 15+ with higher or vocational education."""
    t = tables["external_migration"]
    t = t.filter((t.direction == "arrival") & (t.age >= 15)).mutate(year=t.year.cast("int64"))
    return _share(t, t.education.isin(list(SKILLED)), by)


def household_monitoring_coverage(tables: Mapping[str, ir.Table], by: Sequence[str] = ()
                                  ) -> ir.Table:
    """Indicator 6: share of household-worker permits issued in the year under electronic
    monitoring."""
    t = tables["household_permits"]
    t = t.mutate(year=t.issued_on.year().cast("int64"))
    return _share(t, t.monitored, by)


def settler_employment(tables: Mapping[str, ir.Table], by: Sequence[str] = ()) -> ir.Table:
    """Indicator 8: share of working-age kandas and resettlers employed or self-employed
    at the year's end."""
    t = tables["settler_outcomes"]
    t = t.mutate(year=t.year.cast("int64"), region=pipelines.region_of(t.district))
    return _share(t, t.employed, by)


def north_east_arrivals_share(tables: Mapping[str, ir.Table], by: Sequence[str] = ()
                              ) -> ir.Table:
    """Indicator 10: share of inter-regional arrivals in the northern and eastern regions
    (cleaned registration events, see ``pipelines.clean``); national only."""
    if by:
        raise ValueError("indicator 10 is national")
    out = pipelines.north_east_share(tables["events"])
    return out.select(year=out.period, value=out.share, denominator=out.total)


SNAPSHOT_FORMULAS: dict[str, Callable[..., ir.Table]] = {
    "external_balance": external_balance,
    "skilled_arrivals_share": skilled_arrivals_share,
    "household_monitoring_coverage": household_monitoring_coverage,
    "settler_employment": settler_employment,
    "north_east_arrivals_share": north_east_arrivals_share,
}
#: The snapshot tables each formula reads.
FORMULA_TABLES: dict[str, tuple[str, ...]] = {
    "external_balance": ("external_migration",),
    "skilled_arrivals_share": ("external_migration",),
    "household_monitoring_coverage": ("household_permits",),
    "settler_employment": ("settler_outcomes",),
    "north_east_arrivals_share": ("registration_events",),
}
#: Formulas that break down by region (the choropleth of an indicator).
REGIONAL = ("external_balance", "skilled_arrivals_share", "household_monitoring_coverage",
            "settler_employment")


@dataclass
class Judgement:
    """An indicator's values against its targets: the latest year and value, the yearly
    trend (least squares), the projection to 2027 and the status (``on_track``,
    ``at_risk``, ``no_data``)."""

    latest_year: int | None = None
    latest: float | None = None
    target_latest: float | None = None
    trend: float | None = None
    projection: float | None = None
    status: str = "no_data"
    values: dict[int, float] = field(default_factory=dict)


def judge(indicator: Indicator, values: Mapping[int, float]) -> Judgement:
    """Judge ``values`` (year → value in the indicator's unit) against the targets. Every
    indicator is better when higher. On track: the latest year with a target is met and,
    with two or more years, the straight line through the last ``TREND_YEARS`` values
    reaches the 2027 target; otherwise at risk."""
    years = sorted(values)[-TREND_YEARS:]
    if not years:
        return Judgement()
    last = years[-1]
    out = Judgement(latest_year=last, latest=values[last], values=dict(values),
                    target_latest=indicator.targets.get(last))
    if len(years) >= 2:
        n = len(years)
        mx = sum(years) / n
        my = sum(values[y] for y in years) / n
        sxx = sum((y - mx) ** 2 for y in years)
        slope = sum((y - mx) * (values[y] - my) for y in years) / sxx
        out.trend = slope
        out.projection = my + slope * (HORIZON - mx)
    else:
        out.projection = values[last]
    met = out.target_latest is None or out.latest >= out.target_latest
    goal = indicator.targets.get(HORIZON)
    reaches = goal is None or out.projection >= goal
    out.status = "on_track" if met and reaches else "at_risk"
    return out
