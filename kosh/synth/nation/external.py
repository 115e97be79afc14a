"""External migration for permanent residence (the BNS records: country, education,
age), Kazakhstani citizens working abroad, and refugees, asylum seekers and stateless
persons (INSTRUMENTS §11-12)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import targets as T
from .geography import CITIES, NORTH_EAST, SOUTH, districts_draw, draw_by_group, geography
from .output import (
    Context,
    NationWriter,
    apportion,
    between_years,
    days,
    dictionary,
    year_days,
)
from .people import ORIGIN_NAMES, People, adults, birth_dates, segment_write
from .settlers import EDUCATION

ORIGIN_MIX = {  # ethnic origin of movers (*assumption*)
    "arrival": {"kazakh": 0.45, "russian": 0.20, "uzbek": 0.10, "ukrainian": 0.04,
                "uyghur": 0.04, "korean": 0.02, "tatar": 0.03, "german": 0.02, "other": 0.10},
    "departure": {"russian": 0.52, "german": 0.12, "kazakh": 0.20, "ukrainian": 0.05,
                  "tatar": 0.03, "korean": 0.02, "other": 0.06},
}
AGES = np.arange(0, 80)


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    w = np.interp(AGES, [0, 15, 22, 30, 40, 55, 65, 79], [0.6, 0.6, 1.6, 1.8, 1.1, 0.6, 0.4,
                                                            0.1])
    return rng.choice(AGES, size=n, p=w / w.sum())


def _education(rng: np.random.Generator, age: np.ndarray, skilled: float) -> np.ndarray:
    """Education by age: exactly ``skilled`` of those 15+ have higher or vocational."""
    out = np.full(age.size, EDUCATION.index("none"))
    out[age >= 7] = EDUCATION.index("basic")
    adult = rng.permutation(np.flatnonzero(age >= 15))
    k = round(skilled * adult.size)
    out[adult[:k]] = np.where(rng.random(k) < 0.45, 0, 1)  # higher, vocational
    out[adult[k:]] = np.where(rng.random(adult.size - k) < 0.8, 2, 3)
    return out


def external_write(ctx: Context, writer: NationWriter) -> None:
    geo = geography()
    leave = geo.region_share * np.where(geo.mask(NORTH_EAST), 1.8, 1.0) * np.where(
        geo.mask(CITIES[:2]), 1.3, 1.0)
    come = geo.region_share * np.where(geo.mask(SOUTH + CITIES), 1.5, 1.0)
    record = 0
    for year in T.YEARS:
        rng = ctx.rng("external", year)
        for direction, n_nat in zip(("arrival", "departure"), T.EXTERNAL[year], strict=True):
            n = ctx.count(n_nat)
            mix = dict(T.ARRIVAL_COUNTRIES if direction == "arrival" else
                       T.DEPARTURE_COUNTRIES)
            if direction == "arrival" and year in (2022, 2023):
                mix["RUS"] *= 2.0  # the arrivals from Russia of 2022-2023 (concept §2)
            countries = tuple(mix)
            country = rng.permutation(np.repeat(np.arange(len(countries)),
                                                apportion(n, list(mix.values()))))
            w = come if direction == "arrival" else leave
            region = draw_by_group(rng, np.zeros(n, int), (w / w.sum())[None, :])
            age = _ages(rng, n)
            skilled = T.SKILLED_ARRIVALS_2021 if direction == "arrival" else \
                T.SKILLED_DEPARTURES
            om = ORIGIN_MIX[direction]
            writer.write("external_migration", pa.table({
                "record_id": pa.array(np.arange(record + 1, record + n + 1, dtype=np.int64)),
                "year": pa.array(np.full(n, year, dtype=np.int16)),
                "date": days(year_days(rng, year, n)),
                "direction": dictionary(np.full(n, direction == "departure", np.int32),
                                        ["arrival", "departure"]),
                "country": dictionary(country, countries),
                "region": dictionary(region, geo.regions),
                "district": dictionary(districts_draw(rng, region), geo.districts),
                "sex": dictionary((rng.random(n) < 0.52).astype(np.int32), ["M", "F"]),
                "age": pa.array(age.astype(np.int16)),
                "education": dictionary(_education(rng, age, skilled), EDUCATION),
                "origin": dictionary(rng.choice([ORIGIN_NAMES.index(o) for o in om], size=n,
                                                p=list(om.values())), ORIGIN_NAMES),
            }))
            record += n
    ctx.advance("external_migration", 1)


SNAPSHOTS = (np.datetime64("2023-03-31"), np.datetime64("2025-06-30"))
ABROAD_JOBS = {"RUS": (7, 8, 9, 5), "KOR": (9, 6, 8), "GBR": (6, 9), "POL": (8, 9, 7)}


def emigrant_workers_write(ctx: Context, writer: NationWriter, people: People) -> None:
    """Citizens registered as working abroad: the 2023 and 2025 stocks by country, with
    those working at both dates counted once."""
    rng = ctx.rng("emigrant_workers")
    countries = sorted(set(T.EMIGRANT_WORKERS_2023) | set(T.EMIGRANT_WORKERS_2025))
    parts = []
    for c, country in enumerate(countries):
        a = ctx.count(T.EMIGRANT_WORKERS_2023.get(country, 0))
        b = ctx.count(T.EMIGRANT_WORKERS_2025.get(country, 0))
        both = round(0.5 * min(a, b))
        for kind, k in ((0, both), (1, a - both), (2, b - both)):
            parts.append(np.c_[np.full(k, c), np.full(k, kind)])
    rows = np.concatenate(parts) if parts else np.zeros((0, 2), int)
    n = rows.shape[0]
    country, kind = rows[:, 0], rows[:, 1]
    start0, a_day, b_day = np.datetime64("2019-01-01"), SNAPSHOTS[0], SNAPSHOTS[1]

    def between(lo: np.datetime64, hi: np.datetime64, k: int) -> np.ndarray:
        return lo + (rng.random(k) * (hi - lo).astype(int)).astype("timedelta64[D]")

    started = np.where(kind == 2, between(a_day + 1, b_day, n), between(start0, a_day, n))
    ended = np.where(kind == 1, between(a_day + 1, b_day - 1, n),
                     between(b_day + 1, np.datetime64("2027-01-01"), n))
    ended = np.where(ended > np.datetime64("2025-12-31"), np.datetime64("NaT"), ended)
    lo, hi = people.ranges["resident"]
    age = people.ages()[lo - 1: hi]
    kaz = people.citizenship[lo - 1: hi] == people.country("KAZ")
    cand = np.flatnonzero((age >= 20) & (age <= 50) & kaz)
    n = min(n, cand.size)
    person = rng.choice(cand, size=n, replace=False) + lo
    names = np.array(countries)[country[:n]]
    irregular = np.where(names == "KOR",
                         rng.random(n) < T.KOREA_IRREGULAR_2025 / T.EMIGRANT_WORKERS_2025["KOR"],
                         rng.random(n) < 0.3)
    job = np.array([rng.choice(ABROAD_JOBS.get(c, (2, 3, 5, 7, 9))) for c in names])
    writer.write("emigrant_workers", pa.table({
        "person_id": pa.array(person.astype(np.int64)),
        "country": dictionary(country[:n], countries),
        "started_on": days(started[:n]),
        "ended_on": days(ended[:n]),
        "status": dictionary(irregular.astype(np.int32), ["registered", "irregular"]),
        "isco08_major": pa.array(job.astype(np.int8)),
    }))
    ctx.advance("emigrant_workers", n)


ASYLUM_FROM = {"AFG": 0.35, "UKR": 0.25, "RUS": 0.10, "SYR": 0.08, "CHN": 0.05,
               "IRN": 0.05, "PAK": 0.04, "TJK": 0.04, "SOM": 0.04}


def refugees_write(ctx: Context, writer: NationWriter, people: People) -> None:
    """Asylum applications 2019–2025 with decisions, the refugees recognised before
    2019, and the stateless residents; stocks at the end of 2025 are the published ones."""
    geo = geography()
    rng = ctx.rng("refugees")
    countries = tuple(ASYLUM_FROM)
    applied = np.concatenate([year_days(rng, y, ctx.count(T.ASYLUM_APPLICATIONS[y],
                                                           floor=3)) for y in T.YEARS])
    applied.sort()
    n = applied.size
    pending = min(n, ctx.count(T.ASYLUM_SEEKERS_END_2025, floor=2))
    decided = np.minimum(applied + rng.integers(60, 330, n).astype("timedelta64[D]"),
                         np.datetime64("2025-12-31"))
    status = np.where(rng.random(n) < 0.03, 1, np.where(rng.random(n) < 0.75, 2, 3))
    status[n - pending:] = 0  # the latest applications are still open
    decided[n - pending:] = np.datetime64("NaT")
    refugees_now = ctx.count(T.REFUGEES_END_2025, floor=2)
    earlier = max(0, refugees_now - int((status == 1).sum()))
    applied = np.r_[between_years(rng, 2008, 2018, earlier), applied]
    decided = np.r_[applied[:earlier] + rng.integers(60, 330, earlier).astype(
        "timedelta64[D]"), decided]
    status = np.r_[np.ones(earlier, int), status]
    m = applied.size
    country = rng.choice(len(countries), size=m, p=list(ASYLUM_FROM.values()))
    before_war = applied < np.datetime64("2022-02-24")
    country[before_war & np.isin(country, [1, 2])] = 0  # Ukraine, Russia: after Feb 2022
    w = geo.region_share * np.where(geo.mask(CITIES[:2]), 6.0, 1.0)
    region = draw_by_group(rng, np.zeros(m, int), (w / w.sum())[None, :])
    female = rng.random(m) < 0.4
    birth = birth_dates(rng, adults(rng, m, 18, 65, 32), applied)
    recognised = status == 1
    ids = np.empty(m, dtype=np.int64)
    for segment, rows in (("refugee", recognised), ("asylum_seeker", ~recognised)):
        idx = np.flatnonzero(rows)
        ids[idx] = segment_write(ctx, writer, people, segment, birth=birth[idx],
                                 female=female[idx],
                                 citizenship=[countries[c] for c in country[idx]],
                                 region=region[idx], with_iin=segment == "refugee")
    s = max(1, ctx.count(T.STATELESS, floor=5))
    s_region = draw_by_group(rng, np.zeros(s, int), (geo.region_share * np.where(
        geo.mask(SOUTH), 2.0, 1.0) / np.sum(geo.region_share * np.where(
            geo.mask(SOUTH), 2.0, 1.0)))[None, :])
    origins = ("kazakh", "russian", "uzbek", "uyghur", "other")
    s_ids = segment_write(
        ctx, writer, people, "stateless",
        birth=birth_dates(rng, rng.integers(0, 80, s)), female=rng.random(s) < 0.5,
        citizenship=[None] * s, region=s_region,
        origin=rng.choice([ORIGIN_NAMES.index(o) for o in origins], size=s,
                          p=(0.3, 0.15, 0.1, 0.1, 0.35)))
    determined = between_years(rng, 2019, 2025, s)
    statuses = ("asylum_seeker", "refugee", "refused", "withdrawn", "stateless")
    writer.write("refugees", pa.table({
        "person_id": pa.array(np.r_[ids, s_ids]),
        "status": dictionary(np.r_[status, np.full(s, 4)], statuses),
        "citizenship": dictionary(np.r_[country, np.full(s, -1)], countries),
        "region": dictionary(np.r_[region, s_region], geo.regions),
        "applied_on": days(np.r_[applied, determined]),
        "decided_on": days(np.r_[decided, determined + 90]),
        "certificate_until": days(np.r_[np.where(recognised, np.datetime64("2026-06-30"),
                                                 np.datetime64("NaT")),
                                        np.full(s, np.datetime64("NaT"))]),
    }))
    ctx.advance("refugees", m + s)

