"""Rates and base populations of the model, estimated from the synthetic registry (persons,
registration_events, external_migration, kandas, applicants: docs/synthetic-data.md) and
the official series of population by region and sex (BNS, 2000-2023).

The registry gives the age-sex structure (1 Jan 2024), moves between regions (2019-2025)
and arrivals and departures from abroad by age and sex; it has no births or deaths, so
mortality and fertility come from the dated vital-rates file, fertility differentiated by
region with the registry's child-woman ratio. The official series gives regional totals by
sex and, as the residual of growth after natural change, each region's net migration."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import numpy as np

from .model import MOVER_GROUPS, Rates
from .regions import INDEX, PARENT_2022, REGIONS, REGIONS_2018
from .schedules import AGES, FEMALE, MALE, fertility_schedule, survival_ratios, vital

OFFICIAL = Path("/work/shared/data/statistics/population_by_region_sex_area_2000_2023.csv")
_SHIPPED = Path(__file__).resolve().parent.parent / "synth" / "data" \
    / "population_by_region_sex_area_2000_2023.csv"
REGISTRY_YEARS = range(2019, 2026)  # years of moves and external migration in the registry
REGISTRY_BASE_YEAR = 2024  # the synthetic population is the one of 1 January 2024
SEX_INDEX = {"male": MALE, "female": FEMALE, "M": MALE, "F": FEMALE, "m": MALE, "f": FEMALE}


def official_file() -> Path:
    """The official series (the project's copy in kosh/synth/data, else the shared one)."""
    return _SHIPPED if _SHIPPED.exists() else OFFICIAL


@cache
def official_series() -> dict[int, dict[str, np.ndarray]]:
    """Population at 1 January by year and KATO region: (2,) men and women (area 'all')."""
    out: dict[int, dict[str, np.ndarray]] = {}
    with official_file().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["area"] != "all" or row["sex"] not in ("male", "female"):
                continue
            year = out.setdefault(int(row["year_start"]), {})
            value = year.setdefault(row["kato"], np.zeros(2))
            value[SEX_INDEX[row["sex"]]] = float(row["population"])
    return out


def official_regions(year: int, regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """(R, 2) official population at 1 January ``year`` in ``regions`` (men, women).

    For the 20 regions, years before 2022 split each parent by its and its new region's
    2022 sizes, and years before 2017 split Turkistan's figure (which then included
    Shymkent) by their 2017 sizes. For the 17 units of 2018 (``REGIONS_2018``) each new
    region is added back to its parent."""
    series = official_series()
    data, ref22, ref17 = series[year], series[2022], series[2017]
    children = {p: c for c, p in PARENT_2022.items()}

    def value(kato: str) -> np.ndarray:
        if kato in PARENT_2022 and kato not in data:
            parent = PARENT_2022[kato]
            return data[parent] * ref22[kato] / (ref22[kato] + ref22[parent])
        if kato == "790000000" and kato not in data:
            return data["610000000"] * ref17[kato] / (ref17[kato] + ref17["610000000"])
        v = data[kato].copy()
        if kato in children and children[kato] not in data:
            v *= ref22[kato] / (ref22[kato] + ref22[children[kato]])
        if kato == "610000000" and "790000000" not in data:
            v *= ref17[kato] / (ref17[kato] + ref17["790000000"])
        return v

    out = np.zeros((len(regions), 2))
    position = {k: i for i, k in enumerate(regions)}
    for kato in REGIONS:
        unit = kato if kato in position else PARENT_2022.get(kato, "")
        if unit in position:
            out[position[unit]] += value(kato)
    return out


@dataclass(frozen=True)
class Registry:
    """What the model reads from one synthetic nation folder."""

    directory: Path
    scale: float
    sha256: dict[str, str]

    def table(self, name: str) -> str:
        return str(self.directory / f"{name}.parquet")


def registry_open(directory: Path) -> Registry:
    """The folder's manifest (scale, SHA-256 of the tables read)."""
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    names = ("persons", "registration_events", "external_migration", "kandas", "applicants")
    return Registry(directory=directory, scale=float(manifest["scale"]),
                    sha256={n: manifest["tables"][n]["sha256"] for n in names})


def _grid(rows: list[tuple], regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """(R, 2, A) counts from rows (region, sex, age, n); unknown regions are dropped."""
    out = np.zeros((len(regions), 2, AGES))
    index = {k: i for i, k in enumerate(regions)}
    for region, sex, age, n in rows:
        if region in index and sex in SEX_INDEX and age is not None:
            out[index[region], SEX_INDEX[sex], min(max(int(age), 0), AGES - 1)] += n
    return out


def _age(at: str) -> str:
    return f"date_diff('year', p.birth_date, {at}) - " \
        f"(strftime({at}, '%m%d') < strftime(p.birth_date, '%m%d'))::int"


def registry_population(reg: Registry) -> np.ndarray:
    """(R, 2, A) residents at 1 Jan 2024, national equivalents (÷ scale)."""
    age = _age("DATE '2024-01-01'")
    rows = duckdb.sql(
        f"SELECT region, sex, {age} AS age, count(*) "
        f"FROM read_parquet('{reg.table('persons')}') p WHERE resident GROUP BY ALL").fetchall()
    return _grid(rows) / reg.scale


def age_shares(reg: Registry, regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """(R, 2, A) each region's and sex's age distribution in the registry, shrunk towards
    the national one by 500 persons' weight (so small samples stay smooth)."""
    pop = registry_population(reg) * reg.scale
    if regions is REGIONS_2018:
        merged = np.zeros((len(regions), 2, AGES))
        for i, kato in enumerate(REGIONS):
            merged[REGIONS_2018.index(PARENT_2022.get(kato, kato))] += pop[i]
        pop = merged
    national = pop.sum(axis=0) / pop.sum(axis=(0, 2))[:, None]
    n = pop.sum(axis=2, keepdims=True)
    return (pop + 500 * national) / (n + 500)


def fertility_factor(reg: Registry, regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """(R,) each region's fertility relative to the country: its child-woman ratio
    (children 0-4 per woman 15-49 in the registry) over the national one."""
    shares = age_shares(reg, regions)
    cwr = shares[:, :, 0:5].sum(axis=(1, 2)) / shares[:, FEMALE, 15:50].sum(axis=1)
    national = age_shares(reg, regions).mean(axis=0)
    return cwr / (national[:, 0:5].sum() / national[FEMALE, 15:50].sum())


def vital_rates(year: int, regions: int, factor: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Survival (R, 2, A), birth survival (R, 2), fertility (R, A) and the female share of
    births from the vital file's figures of ``year`` (or the latest before it)."""
    v = vital()
    e0m, e0f, tfr = v.years[v.last_year(year)]
    surv = np.empty((regions, 2, AGES))
    birth = np.empty((regions, 2))
    for sex, e0 in ((MALE, e0m), (FEMALE, e0f)):
        ratios, l0 = survival_ratios(sex, e0)
        surv[:, sex] = ratios
        birth[:, sex] = l0
    schedule = fertility_schedule(tfr, v.fertility_mean_age, v.fertility_sd)
    fert = np.outer(factor if factor is not None else np.ones(regions), schedule)
    return surv, birth, fert, 1.0 / (1.0 + v.sex_ratio_at_birth)


@dataclass(frozen=True)
class Flows:
    """Yearly registry flows over a window of years, national equivalents: moves between
    regions (R, R) and the registry's own count of them by the movers' sex and age group
    (2, G, R, R; not scaled: it weighs the destination shares), their age-sex profile of
    mobility (2, A, relative to the population),
    departures abroad by region (R,) and their relative profile (2, A), arrivals (R, 2, A),
    kandas arrivals (R, 2, A), resettlement moves (R, R) and their profile (2, A), Neo Nomad
    applicants a year (2, A), and each year's national totals (for the time-series)."""

    moves: np.ndarray
    moves_by_group: np.ndarray
    mobility: np.ndarray
    departures: np.ndarray
    emigration_profile: np.ndarray
    arrivals: np.ndarray
    kandas: np.ndarray
    resettlement: np.ndarray
    resettlement_profile: np.ndarray
    neo_nomad: np.ndarray
    yearly: dict[str, dict[int, float]]


def _relative(counts: np.ndarray, pop: np.ndarray) -> np.ndarray:
    """(2, A) rate by sex and age over the overall rate, smoothed over 5 ages."""
    kernel = np.ones(5) / 5
    c = np.array([np.convolve(counts[s], kernel, mode="same") for s in range(2)])
    p = np.array([np.convolve(pop[s], kernel, mode="same") for s in range(2)])
    rate = np.where(p > 0, c / np.maximum(p, 1e-9), 0.0)
    overall = counts.sum() / pop.sum()
    return rate / overall if overall > 0 else np.ones_like(rate)


def registry_flows(reg: Registry, years: range) -> Flows:
    """Average yearly flows of ``years`` (clipped to the registry's 2019-2025)."""
    ys = [y for y in years if y in REGISTRY_YEARS] or [REGISTRY_YEARS[0]]
    lo, hi = min(ys), max(ys)
    n_years = len(ys)
    ev, per, ext = reg.table("registration_events"), reg.table("persons"), \
        reg.table("external_migration")
    con = duckdb.connect()
    pop = registry_population(reg)
    national_pop = pop.sum(axis=0)
    moves = np.zeros((len(REGIONS), len(REGIONS)))
    for o, d, kind, n in con.sql(
            f"SELECT from_region, to_region, kind, count(*) FROM read_parquet('{ev}') "
            f"WHERE interregional AND year(date) BETWEEN {lo} AND {hi} GROUP BY ALL"
    ).fetchall():
        if o in INDEX and d in INDEX and o != d and kind == "internal":
            moves[INDEX[o], INDEX[d]] += n
    by_group = np.zeros((2, len(MOVER_GROUPS) - 1, len(REGIONS), len(REGIONS)))
    for o, d, sex, age, n in con.sql(
            f"SELECT e.from_region, e.to_region, p.sex, {_age('e.date')} AS age, count(*) "
            f"FROM read_parquet('{ev}') e JOIN read_parquet('{per}') p ON p.id = e.person_id "
            f"WHERE e.interregional AND e.kind = 'internal' "
            f"AND year(e.date) BETWEEN {lo} AND {hi} GROUP BY ALL").fetchall():
        if o in INDEX and d in INDEX and o != d and sex in SEX_INDEX and age is not None:
            group = int(np.searchsorted(MOVER_GROUPS, max(int(age), 0), side="right")) - 1
            by_group[SEX_INDEX[sex], min(group, len(MOVER_GROUPS) - 2), INDEX[o], INDEX[d]] += n
    resettle = np.zeros_like(moves)
    for o, d, n in con.sql(
            f"SELECT from_region, to_region, count(*) FROM read_parquet('{ev}') "
            f"WHERE kind = 'resettlement' AND year(date) BETWEEN {lo} AND {hi} GROUP BY ALL"
    ).fetchall():
        if o in INDEX and d in INDEX and o != d:
            resettle[INDEX[o], INDEX[d]] += n
    movers = _grid(con.sql(
        f"SELECT e.to_region, p.sex, {_age('e.date')} AS age, count(*) "
        f"FROM read_parquet('{ev}') e JOIN read_parquet('{per}') p ON p.id = e.person_id "
        f"WHERE e.interregional AND e.kind = 'internal' GROUP BY ALL").fetchall()).sum(axis=0)
    settlers = _grid(con.sql(
        f"SELECT e.to_region, p.sex, {_age('e.date')} AS age, count(*) "
        f"FROM read_parquet('{ev}') e JOIN read_parquet('{per}') p ON p.id = e.person_id "
        f"WHERE e.kind = 'resettlement' GROUP BY ALL").fetchall()).sum(axis=0)
    ext_rows = con.sql(
        f"SELECT region, sex, age, direction, year, count(*) FROM read_parquet('{ext}') "
        f"GROUP BY ALL").fetchall()
    window = [r for r in ext_rows if lo <= r[4] <= hi]
    dep = _grid([(r[0], r[1], r[2], r[5]) for r in window if r[3] == "departure"])
    arr = _grid([(r[0], r[1], r[2], r[5]) for r in window if r[3] == "arrival"])
    dep_all = _grid([(r[0], r[1], r[2], r[5]) for r in ext_rows if r[3] == "departure"])
    kandas = _grid(con.sql(
        f"SELECT k.region, p.sex, {_age('k.arrived_on')} AS age, count(*) "
        f"FROM read_parquet('{reg.table('kandas')}') k JOIN read_parquet('{per}') p "
        f"ON p.id = k.person_id WHERE k.cohort = '2019-2025' "
        f"AND year(k.arrived_on) BETWEEN {lo} AND {hi} GROUP BY ALL").fetchall())
    nomads = _grid(con.sql(
        f"SELECT '{REGIONS[0]}', sex, date_diff('year', birth_date, applied_on), count(*) "
        f"FROM read_parquet('{reg.table('applicants')}') WHERE instrument = 'neo_nomad' "
        f"GROUP BY ALL").fetchall()).sum(axis=0)
    nomad_years = max(1, len(con.sql(
        f"SELECT DISTINCT year(applied_on) FROM read_parquet('{reg.table('applicants')}') "
        f"WHERE instrument = 'neo_nomad'").fetchall()))
    yearly = {"internal": {}, "emigration": {}, "immigration": {}}
    for y, n in con.sql(f"SELECT year(date), count(*) FROM read_parquet('{ev}') "
                        f"WHERE interregional GROUP BY ALL").fetchall():
        yearly["internal"][int(y)] = n / reg.scale
    for r in ext_rows:
        key = "emigration" if r[3] == "departure" else "immigration"
        yearly[key][int(r[4])] = yearly[key].get(int(r[4]), 0.0) + r[5] / reg.scale
    scale = reg.scale * n_years
    return Flows(
        moves=moves / scale, moves_by_group=by_group,
        mobility=_relative(movers, national_pop * reg.scale),
        departures=dep.sum(axis=(1, 2)) / scale,
        emigration_profile=_relative(dep_all.sum(axis=0), national_pop * reg.scale),
        arrivals=arr / scale, kandas=kandas / scale, resettlement=resettle / scale,
        resettlement_profile=settlers / max(settlers.sum(), 1.0),
        neo_nomad=nomads / (reg.scale * nomad_years), yearly=yearly)


#: Weight (in moves) of an origin's overall destination shares in the shares of one sex
#: and age group: small groups of movers follow the overall pattern.
DESTINATION_PRIOR = 20.0


def destination_shares(flows: Flows) -> np.ndarray:
    """(2, G, R, R) where each origin's movers of a sex and age group go: their moves
    shrunk towards the origin's overall shares by ``DESTINATION_PRIOR`` moves."""
    out_total = flows.moves.sum(axis=1)
    overall = np.where(out_total[:, None] > 0,
                       flows.moves / np.maximum(out_total[:, None], 1e-9), 0.0)
    weighted = flows.moves_by_group + DESTINATION_PRIOR * overall
    total = weighted.sum(axis=3, keepdims=True)
    return np.where(total > 0, weighted / np.maximum(total, 1e-9), 0.0)


def registry_rates(reg: Registry, base: np.ndarray, flows: Flows, year: int) -> Rates:
    """The rates of the registry model for projections from 1 January ``year``: internal
    out-rates (each region's moves over its population, by the national age-sex profile of
    movers) and destination shares by sex and age group, emigration rates likewise,
    immigration in persons (arrivals by region, age and sex), vital rates of the year
    before."""
    r_n = len(REGIONS)
    pop_r = base.sum(axis=(1, 2))
    out_total = flows.moves.sum(axis=1)
    out_rate = (out_total / np.maximum(pop_r, 1.0))[:, None, None] * flows.mobility[None]
    destination = destination_shares(flows)
    emigration = (flows.departures / np.maximum(pop_r, 1.0))[:, None, None] \
        * flows.emigration_profile[None]
    surv, birth, fert, female = vital_rates(year - 1, r_n, fertility_factor(reg))
    return Rates(
        survival=surv, birth_survival=birth, fertility=fert, female_birth_share=female,
        out_rate=np.clip(out_rate, 0, 0.5), destination=destination,
        emigration=np.clip(emigration, 0, 0.5), immigration=flows.arrivals,
        net_rate=np.zeros((r_n, 2, AGES)), transfers=np.zeros((r_n, r_n)),
        transfer_profile=flows.resettlement_profile)


def base_population(reg: Registry, year: int) -> np.ndarray:
    """(R, 2, A) population at 1 January ``year``: the registry's for 2024, else the
    official totals by region and sex (2000-2023) spread over ages by the registry."""
    if year == REGISTRY_BASE_YEAR:
        return registry_population(reg)
    if year not in official_series():
        raise ValueError(year)
    return official_regions(year)[:, :, None] * age_shares(reg)


def natural_change(pop: np.ndarray, year: int, factor: np.ndarray) -> np.ndarray:
    """(R,) births minus deaths in ``year`` of a population (R, 2, A) without migration."""
    surv, birth, fert, female = vital_rates(year, pop.shape[0], factor)
    births = (pop[:, FEMALE] * fert).sum(axis=1)
    deaths = (pop * (1 - surv)).sum(axis=(1, 2)) \
        + births * (female * (1 - birth[:, FEMALE]) + (1 - female) * (1 - birth[:, MALE]))
    return births - deaths


def residual_net_rates(reg: Registry, years: range,
                       regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """(len(years), R) each region's net migration rate of each year: the official growth
    from 1 January y to y+1 minus natural change, over the population (the same age
    structure of the registry assumed every year)."""
    shares = age_shares(reg, regions)
    factor = fertility_factor(reg, regions)
    out = np.empty((len(years), len(regions)))
    for i, y in enumerate(years):
        now, nxt = official_regions(y, regions), official_regions(y + 1, regions)
        pop = now[:, :, None] * shares
        out[i] = (nxt.sum(axis=1) - now.sum(axis=1) - natural_change(pop, y, factor)) \
            / now.sum(axis=1)
    if regions is REGIONS_2018 or regions is REGIONS:
        t, s = regions.index("610000000"), regions.index("790000000")
        series = official_series()
        for i, y in enumerate(years):
            if "790000000" not in series[y] or "790000000" not in series.get(y + 1, {}):
                both = out[i, t] * official_regions(y, regions)[t].sum() \
                    + out[i, s] * official_regions(y, regions)[s].sum()
                out[i, t] = out[i, s] = both / (official_regions(y, regions)[[t, s]].sum())
    return out
