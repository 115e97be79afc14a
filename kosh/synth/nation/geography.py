"""The map the synthetic nation lives on: the 20 regions and their districts (KATO), with
the shares the generators draw from.

Read from the same shipped files the database is loaded from (``kosh/geo/data``), so every
KATO code written to Parquet exists in the registry. District sizes are not published in
the shared data; they are fixed here from the urban share of each region (1 January 2023,
``population_by_region_sex_area_2000_2023.csv``): the urban population lives in the cities
(cities of regional significance and city districts, the regional centre taking the
largest part), the rural population in the districts, each with a size that depends on
its code only (so every seed sees the same map)."""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from kosh.synth.persons import DATA_DIR, region_shares

GEO_DIR = Path(__file__).resolve().parents[2] / "geo" / "data"
# Northern and eastern regions of the concept's indicator 10 (the six regions of Act 45).
NORTH_EAST = ("100000000", "110000000", "390000000", "550000000", "590000000", "630000000")
CITIES = ("710000000", "750000000", "790000000")  # Astana, Almaty, Shymkent
SOUTH = ("310000000", "430000000", "610000000", "790000000", "190000000", "330000000")
CENTRE_SHARE = 0.6  # of a region's urban population living in its centre


@dataclass(frozen=True)
class Geography:
    regions: tuple[str, ...]  # KATO, sorted
    region_share: np.ndarray  # population share, 1 January 2023
    urban_share: np.ndarray  # per region
    kandas_settlement: np.ndarray  # bool per region
    resettler_settlement: np.ndarray
    labour_surplus: np.ndarray
    districts: tuple[str, ...]  # KATO of every district with a code, sorted
    district_region: np.ndarray  # region index of each district
    district_urban: np.ndarray  # bool: a city or a city district
    district_share: np.ndarray  # share of its region's population

    def region_index(self, kato: str) -> int:
        return self.regions.index(kato)

    def mask(self, katos: tuple[str, ...]) -> np.ndarray:
        """Bool per region: is it one of ``katos``."""
        return np.isin(np.array(self.regions), katos)

    def districts_of(self, region: int) -> np.ndarray:
        return np.flatnonzero(self.district_region == region)

    def district_matrix(self, rural_bias: float = 1.0) -> np.ndarray:
        """P(district | region) as a regions × districts matrix; ``rural_bias`` > 1
        weights rural districts up (where movers come from), < 1 down."""
        w = self.district_share * np.where(self.district_urban, 1.0, rural_bias)
        m = np.zeros((len(self.regions), len(self.districts)))
        m[self.district_region, np.arange(len(self.districts))] = w
        return m / m.sum(axis=1, keepdims=True)


def _stable_unit(text: str) -> float:
    """A number in (0, 1) that depends on ``text`` only."""
    return (zlib.crc32(text.encode()) % 1_000_003 + 0.5) / 1_000_003


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def geography() -> Geography:
    """The map (built once)."""
    shares = region_shares()
    regions = tuple(shares)
    info = {r["kato"]: r for r in _csv(GEO_DIR / "regions.csv")}
    pop = {(r["kato"], r["sex"], r["area"]): int(r["population"])
           for r in _csv(DATA_DIR / "population_by_region_sex_area_2000_2023.csv")
           if r["year_start"] == "2023"}
    urban = np.array([(pop[(k, "male", "urban")] + pop[(k, "female", "urban")])
                      / pop[(k, "total", "all")] for k in regions])

    rows = sorted((r for r in _csv(GEO_DIR / "districts.csv") if r["kato"]),
                  key=lambda r: r["kato"])
    districts = tuple(r["kato"] for r in rows)
    d_region = np.array([regions.index(r["parent_kato"]) for r in rows])
    d_urban = np.array([r["unit_type"] != "district" for r in rows])
    share = np.zeros(len(rows))
    for g, kato in enumerate(regions):
        own = np.flatnonzero(d_region == g)
        centre = info[kato]["center_kato"][:4] + "00000"
        for is_urban, mass in ((True, urban[g]), (False, 1 - urban[g])):
            units = own[d_urban[own] == is_urban]
            if not units.size:
                continue
            w = np.array([0.3 + _stable_unit(districts[i]) for i in units])
            if is_urban and kato not in CITIES:
                w *= (1 - CENTRE_SHARE) / w.sum()
                w[[districts[i] == centre for i in units]] = CENTRE_SHARE
            share[units] = mass * w / w.sum()
        share[own] /= share[own].sum()

    def flag(column: str) -> np.ndarray:
        return np.array([info[k][column] == "1" for k in regions])

    return Geography(
        regions=regions, region_share=np.array([shares[k] for k in regions]),
        urban_share=urban,
        kandas_settlement=flag("kandas_settlement_region"),
        resettler_settlement=flag("resettler_settlement_region"),
        labour_surplus=flag("labour_surplus_origin_enbek"),
        districts=districts, district_region=d_region, district_urban=d_urban,
        district_share=share,
    )


def draw_by_group(rng: np.random.Generator, groups: np.ndarray,
                  probabilities: np.ndarray) -> np.ndarray:
    """For each row, a column of ``probabilities`` drawn with the row ``groups[i]``
    (inverse CDF, one uniform per row)."""
    cdf = np.cumsum(probabilities, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(groups.size)
    out = np.empty(groups.size, dtype=np.int64)
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        out[rows] = np.minimum(np.searchsorted(cdf[g], u[rows], side="right"),
                               probabilities.shape[1] - 1)
    return out


def districts_draw(rng: np.random.Generator, regions: np.ndarray,
                   rural_bias: float = 1.0) -> np.ndarray:
    """A district index for each region index (-1 stays -1), by district size."""
    geo = geography()
    out = np.full(regions.size, -1, dtype=np.int64)
    known = regions >= 0
    out[known] = draw_by_group(rng, regions[known], geo.district_matrix(rural_bias))
    return out
