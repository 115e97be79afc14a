"""Household-worker permits (foreigners from visa-free states working for private
households) with their monthly prepaid income tax, and the border crossings of visa-free
foreigners: visitors and the household workers themselves (INSTRUMENTS §8-9)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import targets as T
from .geography import draw_by_group, geography
from .labour import season_days
from .output import Context, NationWriter, dictionary
from .people import People, adults, birth_dates, segment_write

REGION_WEIGHT = {"750000000": 0.30, "710000000": 0.14, "790000000": 0.12,
                 "610000000": 0.10, "190000000": 0.10, "230000000": 0.04,
                 "470000000": 0.04}  # the rest (0.16) by population — *assumption*
MONTHS = np.array([1, 2, 3, 4, 6, 12])
MONTHS_P = np.array([0.15, 0.15, 0.30, 0.10, 0.20, 0.10])
RETURNING = 0.45  # workers of last year who come back
JOBS = ("nanny", "cook", "housekeeper", "caregiver", "gardener", "driver", "repairs")
WINDOW = (np.datetime64("2023-01-01"), np.datetime64("2025-12-31"))
CHECKPOINTS = {
    "UZB": ("Жібек жолы", "Қазығұрт", "Атамекен"), "KGZ": ("Қордай", "Ақжол", "Қарасу"),
    "RUS": ("Жайсаң", "Сырым", "Қарақоға", "Петропавл", "Қайрақ"),
    "CHN": ("Қорғас", "Достық", "Бақты", "Майқапшағай"),
}
AIRPORTS = ("Алматы әуежайы", "Астана әуежайы", "Шымкент әуежайы")
CHECKPOINT_NAMES = tuple(sorted({c for v in CHECKPOINTS.values() for c in v} | set(AIRPORTS)))


def _regions(rng: np.random.Generator, n: int) -> np.ndarray:
    geo = geography()
    named = np.array([REGION_WEIGHT.get(k, 0.0) for k in geo.regions])
    rest = np.where(named == 0, geo.region_share, 0.0)
    w = named + rest / rest.sum() * (1 - named.sum())
    return draw_by_group(rng, np.zeros(n, int), w[None, :])


def _employers(rng: np.random.Generator, people: People, region: np.ndarray) -> np.ndarray:
    """A resident adult (30-75) of the permit's region for each permit: the household."""
    lo, hi = people.ranges["resident"]
    age = people.ages()[lo - 1: hi]
    cand = np.flatnonzero((age >= 30) & (age <= 75)) + lo - 1
    order = cand[np.argsort(people.region[cand], kind="stable")]
    bounds = np.searchsorted(people.region[order], np.arange(len(geography().regions) + 1))
    out = np.empty(region.size, dtype=np.int64)
    for r in np.unique(region):
        rows = np.flatnonzero(region == r)
        pool = order[bounds[r]: bounds[r + 1]]
        out[rows] = pool[rng.integers(0, pool.size, rows.size)] + 1
    return out


def household_write(ctx: Context, writer: NationWriter, people: People) -> dict:
    """Permits, payments and the workers as persons; returns each worker's stays
    (person, from, until) for the border crossings."""
    geo = geography()
    rng = ctx.rng("household_permits")
    countries = tuple(T.HOUSEHOLD_COUNTRIES)
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "worker", "issued", "months", "previous", "region")}
    next_worker, count, last_year_workers = 0, 0, np.zeros(0, dtype=np.int64)
    for year in T.YEARS:
        n = ctx.count(T.HOUSEHOLD_PERMITS[year], floor=10)
        n_issue = round(n / 1.6)
        issued = season_days(rng, year, n_issue)
        months = rng.choice(MONTHS, size=n_issue, p=MONTHS_P)
        end = (issued.astype("datetime64[M]") + months).astype("datetime64[D]")
        can = np.flatnonzero((end <= np.datetime64(f"{year}-12-31")) & (months < 12))
        k = min(n - n_issue, can.size)
        ext = np.sort(rng.choice(can, size=k, replace=False))
        extra = n - n_issue - k  # not enough to extend: more first permits instead
        if extra:
            issued = np.r_[issued, season_days(rng, year, extra)]
            months = np.r_[months, rng.choice(MONTHS, size=extra, p=MONTHS_P)]
            n_issue += extra
        back = min(round(RETURNING * n_issue), last_year_workers.size)
        worker = np.r_[rng.choice(last_year_workers, size=back, replace=False),
                       np.arange(next_worker, next_worker + n_issue - back)]
        worker = rng.permutation(worker)
        next_worker += n_issue - back
        region = _regions(rng, n_issue)
        cap = 12 - months[ext]
        ext_months = np.minimum(rng.choice(MONTHS[:4], size=k), cap)
        ext_issued = (issued[ext].astype("datetime64[M]") + months[ext]).astype("datetime64[D]")
        cols["worker"] += [worker, worker[ext]]
        cols["issued"] += [issued, ext_issued]
        cols["months"] += [months, ext_months]
        cols["previous"] += [np.full(n_issue, -1), count + ext]
        cols["region"] += [region, region[ext]]
        count += n_issue + k
        last_year_workers = np.unique(worker)
    worker, issued, months, previous, region = (np.concatenate(cols[k]) for k in (
        "worker", "issued", "months", "previous", "region"))
    n = worker.size
    issue_year = issued.astype("datetime64[Y]").astype(int) + 1970

    n_workers = next_worker
    first = np.full(n_workers, n, dtype=np.int64)
    np.minimum.at(first, worker, np.arange(n))
    w_country = rng.choice(len(countries), size=n_workers,
                           p=list(T.HOUSEHOLD_COUNTRIES.values()))
    female = rng.random(n_workers) < 0.45
    ids = segment_write(
        ctx, writer, people, "household_worker",
        birth=birth_dates(rng, adults(rng, n_workers, 19, 58, 33), issued[first]),
        female=female, citizenship=np.array(countries)[w_country].tolist(),
        region=region[first])
    employer = _employers(rng, people, region)
    has_prev = previous >= 0
    employer[has_prev] = employer[previous[has_prev]]
    job = np.where(female[worker], rng.choice(4, size=n), 4 + rng.choice(3, size=n))
    valid_until = (issued.astype("datetime64[M]") + months).astype("datetime64[D]") + (
        issued - issued.astype("datetime64[M]").astype("datetime64[D]")) - 1
    coverage = np.array([T.MONITORING_COVERAGE.get(y, 0.0) for y in issue_year])
    writer.write("household_permits", pa.table({
        "permit_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "person_id": pa.array(ids[worker]),
        "kind": dictionary(has_prev.astype(np.int32), ["issue", "extension"]),
        "previous_permit_id": pa.array(previous + 1, mask=~has_prev),
        "employer_person_id": pa.array(employer),
        "citizenship": dictionary(w_country[worker], countries),
        "region": dictionary(region, geo.regions),
        "job": dictionary(job, JOBS),
        "issued_on": pa.array(issued, type=pa.date32()),
        "valid_until": pa.array(valid_until, type=pa.date32()),
        "months": pa.array(months.astype(np.int8)),
        "monitored": pa.array(rng.random(n) < coverage),
    }))
    ctx.advance("household_permits", n)

    permit = np.repeat(np.arange(n), months)
    k = np.arange(permit.size) - np.repeat(np.cumsum(months) - months, months)
    paid_on = issued - rng.integers(0, 4, n).astype("timedelta64[D]")
    amount = np.array([T.HOUSEHOLD_IIT_MCI * T.MCI[y] for y in T.YEARS])[issue_year - 2019]
    writer.write("household_payments", pa.table({
        "permit_id": pa.array(permit + 1),
        "month": pa.array((issued[permit].astype("datetime64[M]") + k).astype("datetime64[D]"),
                          type=pa.date32()),
        "paid_on": pa.array(paid_on[permit], type=pa.date32()),
        "amount_kzt": pa.array(amount[permit].astype(np.int32)),
    }))
    ctx.advance("household_payments", permit.size)
    return {"person": ids[worker], "start": issued, "end": valid_until,
            "country": np.array(countries)[w_country[worker]]}


def _crossings(rng: np.random.Generator, person: np.ndarray, country: np.ndarray,
               entry: np.ndarray, exit_: np.ndarray) -> pa.Table:
    """Entry and exit rows of stays (an exit after the window is not yet known)."""
    n = person.size
    has_exit = exit_ <= WINDOW[1]
    has_entry = entry >= WINDOW[0]
    land = np.isin(country, list(CHECKPOINTS)) & (rng.random(n) < 0.85)
    u = rng.random(n)
    airports = np.array([CHECKPOINT_NAMES.index(a) for a in AIRPORTS])
    point = airports[(u * len(AIRPORTS)).astype(int)]
    for c, names in CHECKPOINTS.items():
        rows = land & (country == c)
        own = np.array([CHECKPOINT_NAMES.index(a) for a in names])
        point[rows] = own[(u[rows] * len(names)).astype(int)]
    rows = np.r_[np.flatnonzero(has_entry), np.flatnonzero(has_exit)]
    direction = np.r_[np.zeros(has_entry.sum(), np.int32), np.ones(has_exit.sum(), np.int32)]
    day = np.r_[entry[has_entry], exit_[has_exit]].astype("datetime64[s]")
    local = day + rng.integers(0, 86_400, rows.size).astype("timedelta64[s]")
    at = local - np.timedelta64(5, "h")  # Kazakhstan time (UTC+5) to UTC
    order = np.lexsort((at, person[rows]))
    countries = sorted(set(country))
    return pa.table({
        "person_id": pa.array(person[rows][order]),
        "at": pa.array(at[order], type=pa.timestamp("s", tz="UTC")),
        "direction": dictionary(direction[order], ["entry", "exit"]),
        "checkpoint": dictionary(point[rows][order], CHECKPOINT_NAMES),
        "country": dictionary(np.searchsorted(countries, country[rows][order]), countries),
    })


def crossings_write(ctx: Context, writer: NationWriter, people: People, stays: dict) -> None:
    """Visitors (2023-2025, short trips, some overstaying) and household workers."""
    countries = tuple(T.VISITOR_COUNTRIES)
    n = ctx.count(T.VISITORS, floor=100)
    rng = ctx.rng("visitors")
    country = np.array(countries)[rng.choice(len(countries), size=n,
                                             p=list(T.VISITOR_COUNTRIES.values()))]
    ids = segment_write(ctx, writer, people, "visitor",
                        birth=birth_dates(rng, adults(rng, n, 18, 75, 35), WINDOW[0]),
                        female=rng.random(n) < 0.42, citizenship=country.tolist(),
                        with_iin=False)
    span = (WINDOW[1] - WINDOW[0]).astype(int)
    for lo in range(0, n, ctx.chunk // 2):
        c_rng = ctx.rng("crossings", lo)
        hi = min(n, lo + ctx.chunk // 2)
        m, trips = hi - lo, 6
        eaeu = np.isin(country[lo:hi], T.EAEU)
        stay = np.exp(c_rng.normal(np.where(eaeu, 2.3, 1.9)[:, None], 0.9, (m, trips)))
        limit = np.where(eaeu, 90, 30)[:, None]
        overstay = c_rng.random((m, trips)) < 0.015
        stay = np.where(overstay, limit + c_rng.integers(1, 40, (m, trips)),
                        np.minimum(stay, limit - 1)).astype(int)
        gap = c_rng.exponential(150, (m, trips)).astype(int) + 1
        gap[:, 0] = c_rng.integers(-20, span, m)
        start = np.cumsum(gap + np.c_[np.zeros(m, int), stay[:, :-1]], axis=1)
        keep = (start <= span) & (start >= -20)
        who = np.repeat(np.arange(lo, hi), trips)[keep.ravel()]
        entry = WINDOW[0] + start[keep].astype("timedelta64[D]")
        writer.write("border_crossings", _crossings(
            c_rng, ids[who], country[who], entry, entry + stay[keep].astype("timedelta64[D]")))
        ctx.advance("border_crossings", m)
    w_rng = ctx.rng("crossings-workers")
    inside = (stays["end"] >= WINDOW[0]) & (stays["start"] <= WINDOW[1])
    person, start, end = stays["person"][inside], stays["start"][inside], stays["end"][inside]
    year = start.astype("datetime64[Y]").astype(np.int64)
    key = np.unique(person * 1000 + year, return_inverse=True)[1].ravel()
    first = np.full(key.max() + 1 if key.size else 0, np.datetime64("2100-01-01"))
    last = np.full(first.size, np.datetime64("1900-01-01"))
    np.minimum.at(first, key, start)
    np.maximum.at(last, key, end)
    who = np.zeros(first.size, dtype=np.int64)
    who[key] = person
    where = np.zeros(first.size, dtype=object)
    where[key] = stays["country"][inside]
    entry = first - w_rng.integers(1, 20, first.size).astype("timedelta64[D]")
    exit_ = last + w_rng.integers(0, 10, first.size).astype("timedelta64[D]")
    writer.write("border_crossings", _crossings(w_rng, who, where.astype(str), entry, exit_))
    ctx.advance("border_crossings", first.size)

