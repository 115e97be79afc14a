"""What kandas and resettlers have in common: families that settle in a district, their
education, and the regional quotas that steer part of them."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from kosh.synth.persons import DATA_DIR

from .geography import geography

EDUCATION = ("higher", "vocational", "secondary", "basic", "none")
ADULT_EDUCATION = (0.13, 0.27, 0.50, 0.08, 0.02)  # *assumption*: kandas and resettlers


@dataclass
class Settlers:
    """Members of settling families (kandas of 2019–2025 and resettlers), for outcomes."""

    person: list[np.ndarray] = field(default_factory=list)
    family: list[np.ndarray] = field(default_factory=list)  # global family id
    programme: list[np.ndarray] = field(default_factory=list)  # 0 kandas, 1 resettler
    role: list[np.ndarray] = field(default_factory=list)
    female: list[np.ndarray] = field(default_factory=list)
    birth: list[np.ndarray] = field(default_factory=list)  # datetime64[D]
    education: list[np.ndarray] = field(default_factory=list)
    district: list[np.ndarray] = field(default_factory=list)  # where they settled
    arrived: list[np.ndarray] = field(default_factory=list)  # datetime64[D]
    left: list[np.ndarray] = field(default_factory=list)  # returned on, or NaT
    families: int = 0

    def add(self, **parts: np.ndarray) -> None:
        for name, value in parts.items():
            getattr(self, name).append(value)

    def column(self, name: str) -> np.ndarray:
        return np.concatenate(getattr(self, name))


def education_draw(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Education level (index into EDUCATION) by age: children by school stage."""
    out = rng.choice(len(EDUCATION), size=age.size, p=ADULT_EDUCATION)
    out[age < 18] = EDUCATION.index("basic")
    out[age < 7] = EDUCATION.index("none")
    young = (age >= 18) & (age < 22)
    out[young & (out == 0)] = EDUCATION.index("secondary")
    return out


@cache
def _quota_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "kandas_resettler_quotas.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def quota_split(category: str, year: int) -> np.ndarray:
    """Share of a year's regional quota by region: the year's own split where the file
    gives all of it, else the nearest complete year's (2023, then 2026)."""
    geo = geography()
    for y in (year, 2023, 2026):
        rows = [r for r in _quota_rows() if r["category"] == category and int(r["year"]) == y]
        regional = {r["kato"]: int(r["quota_persons"]) for r in rows if r["kato"]}
        totals = [int(r["quota_persons"]) for r in rows if not r["kato"]]
        if regional and totals and sum(regional.values()) in totals:
            w = np.array([regional.get(k, 0) for k in geo.regions], dtype=np.float64)
            return w / w.sum()
    raise ValueError(f"no regional split of the {category} quota")
