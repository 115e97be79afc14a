"""Kandas: families who arrived 2019–2025 (new persons, by origin country and settlement
region, in and out of the regional quota) and the kandas of 1991–2018 among today's
residents, so that the cumulative count matches the published one."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import targets as T
from .families import ROLES, families_concat, families_draw, family_names
from .geography import districts_draw, draw_by_group, geography
from .output import Context, NationWriter, apportion, days, dictionary, year_days
from .people import ORIGIN_NAMES, People, birth_dates, segment_write
from .settlers import EDUCATION, Settlers, education_draw, quota_split

COUNTRIES = ("UZB", "CHN", "TKM", "MNG", "RUS", "KGZ")
END = np.datetime64("2025-12-31")


def settlement_shares(year: int, quota_share: float) -> tuple[np.ndarray, np.ndarray]:
    """(P(region) of families outside the quota, P(region) inside it): overall, the named
    regions keep their 2023 shares, the rest goes by population."""
    geo = geography()
    named = np.array([T.KANDAS_SETTLEMENT_2023.get(k, 0.0) for k in geo.regions])
    other = np.where(named == 0, geo.region_share, 0.0)
    target = named + other / other.sum() * (1 - named.sum())
    quota = quota_split("kandas", year)
    free = np.maximum(target - quota_share * quota, 0.0)
    return free / free.sum(), quota


def recent_write(ctx: Context, writer: NationWriter, people: People,
                 settlers: Settlers) -> None:
    """Kandas families of 2019–2025 as persons (one group, so their IINs are drawn
    together), and their rows of the kandas table."""
    geo = geography()
    years = []
    for year in T.YEARS:
        rng = ctx.rng("kandas", year)
        n = ctx.count(T.KANDAS[year], floor=8)
        fam = families_draw(rng, n)
        k = fam.count
        mix = T.KANDAS_ORIGINS[year]
        origin = rng.permutation(np.repeat(np.arange(len(COUNTRIES)), apportion(
            k, [mix.get(c, 0.0) for c in COUNTRIES])))
        sizes = np.bincount(fam.family, minlength=k)
        quota_persons = ctx.count(T.KANDAS_QUOTA[year])
        in_quota = np.cumsum(sizes) <= quota_persons
        free, quota = settlement_shares(year, min(1.0, quota_persons / max(n, 1)))
        region = np.where(in_quota, draw_by_group(rng, np.zeros(k, int), quota[None, :]),
                          draw_by_group(rng, np.zeros(k, int), free[None, :]))
        district = districts_draw(rng, region, rural_bias=2.0)
        arrived = year_days(rng, year, k)[fam.family]
        granted = arrived + rng.integers(3, 31, n).astype("timedelta64[D]")
        years_here = (END - granted).astype(int) / 365.25
        naturalised = rng.random(n) < 1 - np.exp(-np.maximum(years_here - 0.5, 0) / 1.2)
        citizen_on = granted + (365 + rng.integers(0, 540, n)).astype("timedelta64[D]")
        years.append({
            "fam": fam, "birth": birth_dates(rng, fam.age, arrived), "arrived": arrived,
            "granted": granted, "origin": origin[fam.family],
            "region": region[fam.family], "district": district[fam.family],
            "in_quota": in_quota[fam.family], "education": education_draw(rng, fam.age),
            "citizen_on": np.where(naturalised & (citizen_on <= END), citizen_on,
                                   np.datetime64("NaT")),
        })
    fam = families_concat([y["fam"] for y in years])
    c = {k: np.concatenate([y[k] for y in years]) for k in years[0] if k != "fam"}
    n = fam.family.size
    rng = ctx.rng("kandas-names")
    country = np.array(COUNTRIES)[c["origin"]]
    ids = segment_write(
        ctx, writer, people, "kandas", birth=c["birth"], female=fam.female,
        citizenship=np.where(np.isnat(c["citizen_on"]), country, "KAZ").tolist(),
        region=c["region"], district=c["district"],
        origin=np.full(n, ORIGIN_NAMES.index("kazakh")),
        names_fix=lambda names: family_names(names, fam, rng.random(n) < 0.4))
    family_id = settlers.families + fam.family
    settlers.add(person=ids, family=family_id, programme=np.zeros(n, np.int8),
                 role=fam.role, female=fam.female, birth=c["birth"],
                 education=c["education"], district=c["district"], arrived=c["arrived"],
                 left=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"))
    settlers.families += fam.count
    writer.write("kandas", pa.table({
        "person_id": pa.array(ids),
        "cohort": dictionary(np.zeros(n, np.int32), ["2019-2025"]),
        "family_id": pa.array(family_id.astype(np.int64)),
        "role": dictionary(fam.role, ROLES),
        "arrived_on": days(c["arrived"]),
        "status_granted_on": days(c["granted"]),
        "origin_country": dictionary(c["origin"], COUNTRIES),
        "region": dictionary(c["region"], geo.regions),
        "district": dictionary(c["district"], geo.districts),
        "in_quota": pa.array(c["in_quota"]),
        "education": dictionary(c["education"], EDUCATION),
        "citizenship_on": days(c["citizen_on"]),
    }))


def earlier_write(ctx: Context, writer: NationWriter, people: People) -> None:
    """Kandas of 1991–2018 chosen among today's Kazakh residents (more in the south and
    west, where most settled), so that the total since 1991 is the published one."""
    geo = geography()
    rng = ctx.rng("kandas-earlier")
    recent = sum(ctx.count(T.KANDAS[y], floor=8) for y in T.YEARS)
    n = max(0, ctx.count(T.KANDAS_CUMULATIVE_END_2025) - recent)
    lo, hi = people.ranges["resident"]
    birth_year = people.birth[lo - 1: hi].astype("datetime64[D]").astype("datetime64[Y]")
    birth_year = birth_year.astype(int) + 1970
    candidates = np.flatnonzero((people.origin[lo - 1: hi] == ORIGIN_NAMES.index("kazakh"))
                                & (birth_year <= 2017))
    lean = np.ones(len(geo.regions))
    for kato, f in (("190000000", 3.0), ("610000000", 2.5), ("470000000", 4.0),
                    ("790000000", 2.0), ("310000000", 1.5), ("710000000", 1.2)):
        lean[geo.region_index(kato)] = f
    w = lean[people.region[lo - 1: hi][candidates]]
    keys = rng.exponential(size=candidates.size) / w
    n = min(n, candidates.size)
    chosen = np.sort(candidates[np.argpartition(keys, n - 1)[:n]]) if n else candidates[:0]
    rows = chosen + lo - 1
    by = np.maximum(birth_year[chosen] + 1, 1991)
    year = by + (rng.random(n) * (2019 - by)).astype(int)
    arrived = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(
        0, 365, n).astype("timedelta64[D]")
    mix = T.KANDAS_EARLIER_ORIGINS
    origin = rng.choice(len(COUNTRIES), size=n, p=[mix[c] for c in COUNTRIES])
    citizen_on = arrived + (365 + rng.integers(0, 900, n)).astype("timedelta64[D]")
    writer.write("kandas", pa.table({
        "person_id": pa.array(rows + 1, type=pa.int64()),
        "cohort": dictionary(np.zeros(n, np.int32), ["1991-2018"]),
        "family_id": pa.nulls(n, pa.int64()),
        "role": dictionary(np.full(n, -1), ROLES),
        "arrived_on": days(arrived),
        "status_granted_on": days(arrived),
        "origin_country": dictionary(origin, COUNTRIES),
        "region": dictionary(people.region[rows], geo.regions),
        "district": dictionary(people.district[rows], geo.districts),
        "in_quota": pa.array(np.zeros(n, bool)),
        "education": dictionary(np.full(n, -1), EDUCATION),
        "citizenship_on": days(citizen_on),
    }))
    ctx.advance("kandas", n)
