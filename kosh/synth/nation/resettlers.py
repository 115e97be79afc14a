"""Internal resettlers: families moving from labour-surplus regions (south, west, the two
big cities) to the settlement regions within the regional quota, some of whom return.
They are new resident persons; their moves become registration events."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import targets as T
from .families import ROLES, families_concat, families_draw, family_names
from .geography import districts_draw, draw_by_group, geography
from .kandas import END
from .market import housing_prices, price_index
from .output import Context, NationWriter, days, dictionary, year_days
from .people import People, birth_dates, segment_write
from .settlers import Settlers, education_draw, quota_split

# Where resettlers come from, relative to the population (the Enbek outflow regions,
# with Shymkent and Kyzylorda, INSTRUMENTS §6 / data README §5).
ORIGIN_WEIGHT = {"610000000": 1.0, "310000000": 1.0, "190000000": 0.8, "470000000": 0.8,
                 "790000000": 0.9, "430000000": 0.9, "710000000": 0.15, "750000000": 0.15}
CERTIFICATE_FROM = 2023  # economic mobility certificate: 50 % of housing, capped
CERTIFICATE_CAP_MCI = 1_160
FLAT_M2 = 60


@dataclass(frozen=True)
class Moves:
    """Registration events of resettlers (moves and returns)."""

    person: np.ndarray
    day: np.ndarray
    from_district: np.ndarray
    to_district: np.ndarray


def resettlers_write(ctx: Context, writer: NationWriter, people: People,
                     settlers: Settlers) -> tuple[pa.Table, Moves]:
    """Write the resettlers as persons (one group, so their IINs are drawn together);
    returns their table (written once the outcomes add employment) and their moves."""
    geo = geography()
    origin_w = np.array([ORIGIN_WEIGHT.get(k, 0.0) for k in geo.regions]) * geo.region_share
    prices = housing_prices()
    years = []
    for year in T.YEARS:
        rng = ctx.rng("resettlers", year)
        n = ctx.count(T.RESETTLERS[year], floor=6)
        fam = families_draw(rng, n)
        k = fam.count
        zeros = np.zeros(k, int)
        origin = draw_by_group(rng, zeros, (origin_w / origin_w.sum())[None, :])
        dest = draw_by_group(rng, zeros, quota_split("resettler", year)[None, :])
        from_d = districts_draw(rng, origin, rural_bias=3.0)
        to_d = districts_draw(rng, dest, rural_bias=1.0)
        moved = year_days(rng, year, k)
        back = moved + rng.integers(120, 720, k).astype("timedelta64[D]")
        ret_p = T.RESETTLER_RETURN_RATE * np.where(geo.district_urban[to_d], 0.8, 1.4)
        returned = (rng.random(k) < ret_p) & (back <= END)
        cost = FLAT_M2 * prices[to_d] * price_index(year, 2)
        cap = CERTIFICATE_CAP_MCI * T.MCI[year]
        certificate = np.where((year >= CERTIFICATE_FROM) & (rng.random(k) < 0.6),
                               np.minimum(0.5 * cost, cap).round(-3), np.nan)
        f = fam.family
        head = fam.role == 0
        years.append({
            "fam": fam, "origin": origin[f], "dest": dest[f], "from_d": from_d[f],
            "to_d": to_d[f], "moved": moved[f], "returned": returned[f],
            "back": np.where(returned, back, np.datetime64("NaT"))[f],
            "birth": birth_dates(rng, fam.age, moved[f]),
            "education": education_draw(rng, fam.age),
            "certificate": np.where(head, certificate[f], np.nan),
            "confirmed": head & (rng.random(n) < 0.9),
        })
    fam = families_concat([y["fam"] for y in years])
    c = {k: np.concatenate([y[k] for y in years]) for k in years[0] if k != "fam"}
    n = fam.family.size
    rng = ctx.rng("resettler-names")
    r = c["returned"]
    ids = segment_write(
        ctx, writer, people, "resettler", birth=c["birth"], female=fam.female,
        citizenship=["KAZ"] * n, region=np.where(r, c["origin"], c["dest"]),
        district=np.where(r, c["from_d"], c["to_d"]),
        names_fix=lambda names: family_names(names, fam, rng.random(n) < 0.4))
    family_id = settlers.families + fam.family
    settlers.add(person=ids, family=family_id, programme=np.ones(n, np.int8),
                 role=fam.role, female=fam.female, birth=c["birth"],
                 education=c["education"], district=c["to_d"], arrived=c["moved"],
                 left=c["back"])
    settlers.families += fam.count
    table = pa.table({
        "person_id": pa.array(ids),
        "family_id": pa.array(family_id.astype(np.int64)),
        "role": dictionary(fam.role, ROLES),
        "moved_on": days(c["moved"]),
        "origin_region": dictionary(c["origin"], geo.regions),
        "origin_district": dictionary(c["from_d"], geo.districts),
        "region": dictionary(c["dest"], geo.regions),
        "district": dictionary(c["to_d"], geo.districts),
        "certificate_kzt": pa.array(np.nan_to_num(c["certificate"]).astype(np.int64),
                                    mask=np.isnan(c["certificate"])),
        "job_confirmed": pa.array(c["confirmed"]),
        "returned": pa.array(r),
        "returned_on": days(c["back"]),
    })
    moves = Moves(person=np.r_[ids, ids[r]], day=np.r_[c["moved"], c["back"][r]],
                  from_district=np.r_[c["from_d"], c["to_d"][r]],
                  to_district=np.r_[c["to_d"], c["from_d"][r]])
    return table, moves
