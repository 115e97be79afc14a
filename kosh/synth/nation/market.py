"""The labour market (vacancies and job seekers by ISCO-08 unit group, region and month,
with wages) and housing costs per square metre by district and quarter.

Wages are the BNS averages of 2022 by region and ISCO major group
(``wages_by_region_isco_major_2022.csv``), moved to other years by a wage index; the other
levels are *assumptions* listed in docs/synthetic-data.md."""

from __future__ import annotations

import csv
import zlib
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from kosh.synth.persons import DATA_DIR

from . import targets as T
from .geography import CITIES, NORTH_EAST, SOUTH, geography
from .output import Context, NationWriter, dictionary

ISCO_FILE = Path(__file__).resolve().parents[2] / "occupations" / "data" / "isco08_structure.csv"
WAGE_INDEX = {2019: 0.70, 2020: 0.77, 2021: 0.86, 2022: 1.00, 2023: 1.13, 2024: 1.25,
              2025: 1.36}  # *assumption*: nominal wage growth, 2022 = 1
PRICE_INDEX = {2019: 0.66, 2020: 0.72, 2021: 0.86, 2022: 0.97, 2023: 1.00, 2024: 1.05,
               2025: 1.12}  # *assumption*: housing prices, 2023 = 1
# *assumption*: price per m² of the secondary market in the regional centre, 2023, KZT
CENTRE_PRICE_2023 = {
    "710000000": 540_000, "750000000": 640_000, "790000000": 340_000,
    "230000000": 400_000, "470000000": 380_000, "150000000": 300_000,
    "350000000": 300_000, "550000000": 270_000, "390000000": 280_000,
    "590000000": 240_000, "630000000": 300_000, "100000000": 260_000,
    "110000000": 280_000, "270000000": 300_000, "430000000": 260_000,
    "610000000": 280_000, "310000000": 250_000, "190000000": 330_000,
    "330000000": 250_000, "620000000": 180_000,
}
VACANCY_MAJOR = (0.0, 0.05, 0.22, 0.12, 0.06, 0.14, 0.02, 0.15, 0.09, 0.15)
SEEKER_MAJOR = (0.0, 0.02, 0.12, 0.10, 0.07, 0.18, 0.05, 0.12, 0.08, 0.26)
SEASON = np.array([0.85, 0.9, 1.05, 1.15, 1.15, 1.1, 1.0, 1.0, 1.05, 1.0, 0.9, 0.85])


def stable(text: str, sigma: float) -> float:
    """A log-normal factor that depends on ``text`` only (a fixed trait of a place or job)."""
    return float(np.random.default_rng(zlib.crc32(text.encode())).lognormal(0, sigma))


@cache
def unit_groups() -> tuple[str, ...]:
    with ISCO_FILE.open(encoding="utf-8") as f:
        return tuple(r["isco08_code"] for r in csv.DictReader(f) if r["level"] == "unit")


@cache
def wages_2022() -> np.ndarray:
    """Average monthly wage 2022 by region × ISCO major group (0-9), KZT; gaps (Pavlodar,
    armed forces) from the region's average times the national ratio of the group."""
    geo = geography()
    with (DATA_DIR / "wages_by_region_isco_major_2022.csv").open(encoding="utf-8") as f:
        rows = {(r["kato"], r["isco08_major_group"]): float(r["avg_monthly_wage_kzt"])
                for r in csv.DictReader(f)}
    national = "000000000"
    out = np.zeros((len(geo.regions), 10))
    for g, kato in enumerate(geo.regions):
        for major in range(10):
            ratio = rows.get((national, str(major)), rows[(national, "all")])
            ratio /= rows[(national, "all")]
            out[g, major] = rows.get((kato, str(major)), rows[(kato, "all")] * ratio)
    return out


def housing_prices() -> np.ndarray:
    """Price per m² in 2023 by district (KZT)."""
    geo = geography()
    out = np.zeros(len(geo.districts))
    for i, kato in enumerate(geo.districts):
        centre = CENTRE_PRICE_2023[geo.regions[geo.district_region[i]]]
        region = geo.regions[geo.district_region[i]]
        factor = 1.0 if region in CITIES else (0.65 if geo.district_urban[i] else 0.38)
        out[i] = centre * factor * stable(kato, 0.12)
    for g, kato in enumerate(geo.regions):  # the largest city keeps the centre's price
        if kato not in CITIES:
            own = geo.districts_of(g)
            out[own[np.argmax(geo.district_share[own])]] = CENTRE_PRICE_2023[kato]
    return out.round(-2)


def price_index(year: int, quarter: int) -> float:
    """Housing price index, interpolated within the year (2023 = 1)."""
    nxt = PRICE_INDEX.get(year + 1, PRICE_INDEX[year] * 1.05)
    return PRICE_INDEX[year] + (nxt - PRICE_INDEX[year]) * quarter / 4


def housing_write(ctx: Context, writer: NationWriter) -> None:
    geo = geography()
    base = housing_prices()
    quarters = [(y, q) for y in T.YEARS for q in range(4)]
    index = np.array([price_index(y, q) for y, q in quarters])
    d = np.tile(np.arange(len(geo.districts)), len(quarters))
    qi = np.repeat(np.arange(len(quarters)), len(geo.districts))
    rng = ctx.rng("housing")
    price = (base[d] * index[qi] * rng.normal(1, 0.02, d.size)).round(-2)
    starts = np.array([np.datetime64(f"{y}-{3 * q + 1:02d}-01") for y, q in quarters])
    writer.write("housing_costs", pa.table({
        "quarter": pa.array(starts[qi], type=pa.date32()),
        "region": dictionary(geo.district_region[d], geo.regions),
        "district": dictionary(d, geo.districts),
        "price_kzt_m2": pa.array(price.astype(np.int64)),
        "rent_kzt_m2_month": pa.array((price * 0.0055).round().astype(np.int64)),
    }))


def region_demand(kind: str) -> np.ndarray:
    """Vacancies (or job seekers) per inhabitant of each region, relative to the country."""
    geo = geography()
    f = np.ones(len(geo.regions))
    for g, kato in enumerate(geo.regions):
        if kato in CITIES[:2]:
            f[g] = 1.4 if kind == "vacancies" else 0.8
        elif kato in NORTH_EAST:
            f[g] = 1.2 if kind == "vacancies" else 0.9
        elif kato in ("230000000", "470000000"):
            f[g] = 1.3 if kind == "vacancies" else 1.0
        elif kato in SOUTH:
            f[g] = 0.7 if kind == "vacancies" else 1.4
    return f


def labour_market_write(ctx: Context, writer: NationWriter) -> None:
    """Vacancies (new a month) and registered job seekers by unit group, region, month."""
    geo = geography()
    units = unit_groups()
    major = np.array([int(u[0]) for u in units])
    unit_w = np.array([0.2 + stable(u, 0.8) for u in units])
    months = [(y, m) for y in T.YEARS for m in range(12)]
    wages = wages_2022()
    unit_wage = np.array([stable("wage" + u, 0.15) for u in units])
    for i, (year, month) in enumerate(months):
        rng = ctx.rng("labour_market", i)
        columns = {}
        for kind, total, major_share in (("vacancies", T.VACANCIES_A_MONTH, VACANCY_MAJOR),
                                         ("job_seekers", T.JOB_SEEKERS, SEEKER_MAJOR)):
            ms = np.array(major_share)[major] * unit_w
            ms /= np.bincount(major, weights=unit_w, minlength=10)[major]
            rs = geo.region_share * region_demand(kind)
            lam = np.outer(rs / rs.sum(), ms / ms.sum()) * total * ctx.scale
            lam *= SEASON[month] if kind == "vacancies" else 2 - SEASON[month]
            columns[kind] = rng.poisson(lam)
        keep = (columns["vacancies"] + columns["job_seekers"]).ravel() > 0
        r, u = np.divmod(np.flatnonzero(keep), len(units))
        wage = wages[r, major[u]] * unit_wage[u] * WAGE_INDEX[year]
        wage *= 1 + 0.01 * month / 12 * rng.normal(1, 0.3, u.size)
        writer.write("labour_market", pa.table({
            "month": pa.array(np.full(u.size, np.datetime64(f"{year}-{month + 1:02d}-01")),
                              type=pa.date32()),
            "region": dictionary(r, geo.regions),
            "isco08": dictionary(u, units),
            "vacancies": pa.array(columns["vacancies"].ravel()[keep].astype(np.int32)),
            "job_seekers": pa.array(columns["job_seekers"].ravel()[keep].astype(np.int32)),
            "wage_kzt": pa.array(wage.round(-2).astype(np.int64)),
        }))
    ctx.advance("labour_market", len(months))
