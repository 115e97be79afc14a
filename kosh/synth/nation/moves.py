"""Residence-registration events 2019–2025: moves between and within regions, at district
level, assigned to persons so that every person's last move ends where the person lives.

A year's inter-regional moves form an origin-destination matrix whose destination
margins are fixed (Astana, Almaty, Shymkent and Almaty Region take their shares, the
northern and eastern regions the concept's 12.6 %) and whose origin margins give the
published 2022 balances; the cells come from a gravity seed fitted to both margins.
Persons are then assigned backwards in time: the movers into a region in the last year
are drawn (young adults most likely) from those living there now, and moved back to
where they came from, and so on to 2019 — so every chain of moves is consistent."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import targets as T
from .geography import NORTH_EAST, SOUTH, districts_draw, geography
from .output import Context, NationWriter, apportion, dictionary
from .people import SEGMENTS, People
from .resettlers import Moves

# Relative chance to move in age bands starting at these ages — *assumption*.
MOBILITY_AGES = np.array([0, 15, 18, 25, 35, 45, 55, 65])
MOBILITY = np.array([0.35, 0.5, 2.2, 1.8, 1.0, 0.6, 0.45, 0.3])
MONTHS = np.array([0.06, 0.06, 0.07, 0.08, 0.08, 0.1, 0.1, 0.11, 0.11, 0.08, 0.08, 0.07])


def margins(year_total: int, resettled_ne: int) -> tuple[np.ndarray, np.ndarray]:
    """(origin shares, destination counts) of one year's inter-regional moves."""
    geo = geography()
    pop = geo.region_share
    ne = geo.mask(NORTH_EAST)
    named = np.array([T.ARRIVAL_SHARES.get(k, 0.0) for k in geo.regions])
    ne_total = round(T.NORTH_EAST_SHARE * (year_total + resettled_ne)) - resettled_ne
    other = ~ne & (named == 0)
    attraction = np.array([T.OTHER_ATTRACTION.get(k, 1.0) for k in geo.regions])
    rest = year_total - ne_total - round(named.sum() * year_total)
    dest = np.zeros(len(geo.regions), dtype=np.int64)
    dest[named > 0] = apportion(round(named.sum() * year_total), named[named > 0])
    dest[ne] = apportion(ne_total, pop[ne])
    dest[other] = apportion(rest, (pop * attraction)[other])

    d_share = dest / dest.sum()
    m2022 = T.INTERREGIONAL_MOVES[2022]
    origin = d_share.copy()
    for kato, balance in T.INTERREGIONAL_BALANCE_2022.items():
        origin[geo.region_index(kato)] -= balance / m2022
    fixed = np.isin(np.array(geo.regions), tuple(T.INTERREGIONAL_BALANCE_2022))
    extra = 1 - origin.sum()
    lean = pop * np.where(geo.mask(SOUTH), 2.0, 1.0) * ~fixed
    origin += extra * lean / lean.sum()
    return origin, dest


def flows(origin: np.ndarray, dest: np.ndarray) -> np.ndarray:
    """Integer origin × destination counts: each destination's arrivals exactly, split
    over origins by a gravity seed fitted to both margins (no moves within a region)."""
    geo = geography()
    pop = geo.region_share
    seed = np.sqrt(np.outer(pop, pop))
    south, north = geo.mask(SOUTH), geo.mask(NORTH_EAST)
    seed[np.ix_(south, south)] *= 2.0  # short moves in the south
    seed[np.ix_(north, north)] *= 2.0
    np.fill_diagonal(seed, 0.0)
    target_o = origin * dest.sum()
    f = seed.copy()
    for _ in range(200):
        f *= (target_o / np.maximum(f.sum(axis=1), 1e-12))[:, None]
        f *= dest / np.maximum(f.sum(axis=0), 1e-12)
    return np.stack([apportion(int(dest[d]), f[:, d]) for d in range(dest.size)], axis=1)


def _mobility(age: np.ndarray) -> np.ndarray:
    """Relative chance to move at ``age`` (0 before birth)."""
    band = np.searchsorted(MOBILITY_AGES, age, side="right") - 1
    return np.where(band >= 0, MOBILITY[band.clip(0)], 0.0)


def moves_write(ctx: Context, writer: NationWriter, people: People, resettled: Moves) -> None:
    geo = geography()
    region = people.region.astype(np.int16)
    district = people.district.astype(np.int16)
    movable = people.segment == SEGMENTS.index("resident")
    age_2024 = people.ages()
    ne = geo.mask(NORTH_EAST)
    r_year = resettled.day.astype("datetime64[Y]").astype(int) + 1970
    r_to_ne = ne[geo.district_region[resettled.to_district]]
    per_year = {}
    for year in reversed(T.YEARS):
        y_rng = ctx.rng("moves", year)
        total = ctx.count(T.INTERREGIONAL_MOVES[year])
        origin, dest = margins(total, int(((r_year == year) & r_to_ne).sum()))
        counts = flows(origin, dest)
        intra = apportion(round(total * T.INTRAREGIONAL_PER_INTER), geo.region_share)
        weight = _mobility(age_2024 - (2024 - year)) * movable
        order = np.argsort(region, kind="stable")
        bounds = np.searchsorted(region[order], np.arange(len(geo.regions) + 1))
        parts = []
        for d in range(len(geo.regions)):
            pool = order[bounds[d]: bounds[d + 1]]
            pool = pool[weight[pool] > 0]
            k_inter = int(counts[:, d].sum())
            k = min(pool.size, k_inter + int(intra[d]))
            if k == 0:
                continue
            keys = y_rng.exponential(size=pool.size) / weight[pool]
            # argpartition leaves the k smallest in an order that differs with the CPU's
            # vector instructions (AVX-512 sorts differently): sort them before drawing
            chosen = pool[np.sort(np.argpartition(keys, k - 1)[:k])]
            chosen = chosen[y_rng.permutation(k)]
            k_inter = min(k_inter, k)
            from_region = np.full(k, d)
            from_region[:k_inter] = y_rng.permutation(
                np.repeat(np.arange(len(geo.regions)), counts[:, d]))[:k_inter]
            to_district = district[chosen]
            from_district = districts_draw(y_rng, from_region, rural_bias=2.0)
            same = from_district == to_district
            from_district[same] = districts_draw(y_rng, from_region[same], rural_bias=2.0)
            keep = from_district != to_district
            chosen, from_region = chosen[keep], from_region[keep]
            from_district, to_district = from_district[keep], to_district[keep]
            parts.append((chosen, from_district, to_district))
            region[chosen] = from_region
            district[chosen] = from_district
        person = np.concatenate([p[0] for p in parts])
        month = y_rng.choice(12, size=person.size, p=MONTHS)
        first = np.array([np.datetime64(f"{year}-{m + 1:02d}-01") for m in range(12)])
        day = first[month] + y_rng.integers(0, 28, person.size).astype("timedelta64[D]")
        per_year[year] = (person + 1, day, np.concatenate([p[1] for p in parts]),
                          np.concatenate([p[2] for p in parts]))
        ctx.advance("registration_events", person.size)
    event_id = 0
    for year in T.YEARS:
        own = r_year == year
        kinds = np.r_[np.zeros(per_year[year][0].size, np.int32), np.ones(own.sum(), np.int32)]
        cols = [np.r_[a, b] for a, b in zip(per_year[year], (
            resettled.person[own], resettled.day[own], resettled.from_district[own],
            resettled.to_district[own]), strict=True)]
        order = np.lexsort((cols[0], cols[1]))
        person, day, from_d, to_d = (c[order] for c in cols)
        n = person.size
        writer.write("registration_events", pa.table({
            "event_id": pa.array(np.arange(event_id + 1, event_id + n + 1, dtype=np.int64)),
            "person_id": pa.array(person.astype(np.int64)),
            "date": pa.array(day.astype("datetime64[D]"), type=pa.date32()),
            "kind": dictionary(kinds[order], ["internal", "resettlement"]),
            "from_region": dictionary(geo.district_region[from_d], geo.regions),
            "from_district": dictionary(from_d, geo.districts),
            "to_region": dictionary(geo.district_region[to_d], geo.regions),
            "to_district": dictionary(to_d, geo.districts),
            "interregional": pa.array(geo.district_region[from_d]
                                      != geo.district_region[to_d]),
        }))
        event_id += n
