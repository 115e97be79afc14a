"""Employment of kandas and resettlers over time, from a hidden model whose truth is kept
in ``truth/family_employment``: each family's probability of work in every district of
the settlement regions.

The model (log-odds): education, a city district, the district's own effect, the region's
demand for labour, years since arrival (up to three), sex, age over 50, and a job the
employer confirmed (resettlers). Its intercept is fitted so that the expected employment
rate of working-age kandas and resettlers at the end of 2021 is the concept's 80 %
(indicator 8)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import targets as T
from .geography import geography
from .market import region_demand, stable
from .output import Context, NationWriter, dictionary
from .settlers import Settlers

EDU_EFFECT = np.array([0.9, 0.5, 0.0, -0.4, -0.8])  # by EDUCATION
STATUS = ("employed", "self_employed", "unemployed", "inactive")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def district_effects() -> np.ndarray:
    """Log-odds of work added by each district (its labour market and its region's)."""
    geo = geography()
    demand = 0.5 * np.log(region_demand("vacancies") / region_demand("job_seekers"))
    own = np.log([stable("employment" + k, 0.35) for k in geo.districts])
    return own + demand[geo.district_region] + 0.35 * geo.district_urban


def _working_age(age: np.ndarray, female: np.ndarray) -> np.ndarray:
    (lo_m, hi_m), (lo_f, hi_f) = T.WORKING_AGE["M"], T.WORKING_AGE["F"]
    return np.where(female, (age >= lo_f) & (age <= hi_f), (age >= lo_m) & (age <= hi_m))


def _traits(s: dict[str, np.ndarray], age: np.ndarray) -> np.ndarray:
    return (EDU_EFFECT[s["education"]] - 0.35 * s["female"] - 0.5 * (age >= 50)
            + 1.0 * (s["programme"] == 1))


def outcomes_write(ctx: Context, writer: NationWriter, settlers: Settlers,
                   resettlers: pa.Table) -> None:
    """Write ``settler_outcomes`` (person × year-end), the resettlers (with whether they
    worked when last seen) and ``truth/family_employment``."""
    geo = geography()
    rng = ctx.rng("outcomes")
    s = {name: settlers.column(name) for name in ("person", "family", "programme", "role",
                                                  "female", "birth", "education",
                                                  "district", "arrived", "left")}
    effect = district_effects()
    rows = []
    for year in T.YEARS:
        end = np.datetime64(f"{year}-12-31")
        age = ((end - s["birth"]).astype(int) / 365.2425).astype(int)
        present = (s["arrived"] <= end) & (np.isnat(s["left"]) | (s["left"] > end))
        present &= _working_age(age, s["female"])
        tenure = np.minimum((end - s["arrived"]).astype(int) / 365.25, 3)
        rows.append((year, np.flatnonzero(present), age, tenure))

    def logits(year_rows: tuple, intercept: float) -> np.ndarray:
        _, idx, age, tenure = year_rows
        return (intercept + _traits({k: v[idx] for k, v in s.items()}, age[idx])
                + effect[s["district"][idx]] + 0.45 * tenure[idx])

    base = rows[T.YEARS.index(2021)]
    lo, hi = -6.0, 6.0
    for _ in range(50):  # the intercept that gives 80 % at the end of 2021
        mid = (lo + hi) / 2
        if base[1].size and _sigmoid(logits(base, mid)).mean() > T.EMPLOYMENT_RATE_2021:
            hi = mid
        else:
            lo = mid
    intercept = (lo + hi) / 2

    u, self_employed = rng.random(s["person"].size), rng.random(s["person"].size) < 0.25
    idle = rng.random(s["person"].size) < 0.6
    last = np.full(s["person"].size, -1, dtype=np.int8)
    for year_rows in rows:
        year, idx, _, tenure = year_rows
        employed = u[idx] < _sigmoid(logits(year_rows, intercept))
        status = np.where(employed, np.where(self_employed[idx], 1, 0),
                          np.where(idle[idx], 2, 3))
        last[idx] = employed
        writer.write("settler_outcomes", pa.table({
            "person_id": pa.array(s["person"][idx]),
            "programme": dictionary(s["programme"][idx], ["kandas", "resettler"]),
            "year": pa.array(np.full(idx.size, year, dtype=np.int16)),
            "district": dictionary(s["district"][idx], geo.districts),
            "employed": pa.array(employed),
            "status": dictionary(status, STATUS),
            "months_since_arrival": pa.array(
                ((np.datetime64(f"{year}-12-31") - s["arrived"][idx]).astype(int)
                 // 30.44).astype(np.int16)),
        }))
    ctx.advance("outcomes", 1)

    position = {int(p): i for i, p in enumerate(s["person"])}
    worked = last[[position[int(p)] for p in resettlers.column("person_id").to_numpy()]]
    writer.write("resettlers", resettlers.append_column(
        "employed", pa.array(worked == 1, mask=worked < 0)))

    heads = np.flatnonzero(s["role"] == 0)
    candidates = np.flatnonzero((geo.kandas_settlement | geo.resettler_settlement)
                                [geo.district_region])
    one = {"education": s["education"][heads], "female": s["female"][heads],
           "programme": s["programme"][heads]}
    age = ((s["arrived"][heads] - s["birth"][heads]).astype(int) / 365.2425).astype(int)
    base_logit = intercept + _traits(one, age + 1) + 0.45
    p = _sigmoid(base_logit[:, None] + effect[candidates][None, :]).astype(np.float32)
    f = np.repeat(s["family"][heads], candidates.size)
    writer.write("truth/family_employment", pa.table({
        "family_id": pa.array(f.astype(np.int64)),
        "district": dictionary(np.tile(candidates, heads.size), geo.districts),
        "p_employed": pa.array(p.ravel()),
        "settled_here": pa.array((s["district"][heads][:, None]
                                  == candidates[None, :]).ravel()),
    }))
    ctx.advance("outcomes", 1)
