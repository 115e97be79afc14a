"""Age schedules the model needs but the registry cannot give: a life table for a life
expectancy (a Siler hazard scaled to it), survival ratios, and a fertility schedule for a
total fertility rate. The yearly figures are dated data (``parameters/vital.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

AGES = 101  # single years 0..99 and the open group 100+
MALE, FEMALE = 0, 1
_FILE = Path(__file__).resolve().parent / "parameters" / "vital.yaml"

# Siler hazard shape by sex (infant, constant, senescent); the level is scaled to e0.
_SILER = {
    MALE: (0.012, 1.6, 0.0009, 1.6e-4, 0.085),
    FEMALE: (0.010, 1.6, 0.0003, 3.0e-5, 0.097),
}


@dataclass(frozen=True)
class Vital:
    """The vital-rates file: e0 by sex and TFR by year, the birth sex ratio, the
    fertility age pattern and the working ages."""

    version: str
    years: dict[int, tuple[float, float, float]]
    sex_ratio_at_birth: float
    fertility_mean_age: float
    fertility_sd: float
    working_age: dict[str, tuple[int, int]]

    def last_year(self, up_to: int) -> int:
        """The latest year with figures not after ``up_to``."""
        return max(y for y in self.years if y <= up_to)


@cache
def vital() -> Vital:
    """The shipped vital-rates file."""
    raw = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return Vital(
        version=str(raw["version"]),
        years={int(y): tuple(float(x) for x in v) for y, v in raw["years"].items()},
        sex_ratio_at_birth=float(raw["sex_ratio_at_birth"]),
        fertility_mean_age=float(raw["fertility_mean_age"]),
        fertility_sd=float(raw["fertility_sd"]),
        working_age={k: (int(v[0]), int(v[1])) for k, v in raw["working_age"].items()},
    )


def _hazard(sex: int, level: float) -> np.ndarray:
    """Hazard at ages 0..120 (fine grid of tenths) for a level multiplier."""
    a1, b1, a2, a3, b3 = _SILER[sex]
    x = np.arange(0, 121, 0.1)
    return level * (a1 * np.exp(-b1 * x) + a2 + a3 * np.exp(b3 * x))


def _survivorship(sex: int, level: float) -> tuple[np.ndarray, np.ndarray]:
    """l(x) at 0..121 single years and person-years L(x) for x in 0..120."""
    mu = _hazard(sex, level)
    cum = np.concatenate([[0.0], np.cumsum((mu[1:] + mu[:-1]) / 2 * 0.1)])
    lx_fine = np.exp(-cum)
    area = np.concatenate([[0.0], np.cumsum((lx_fine[1:] + lx_fine[:-1]) / 2 * 0.1)])
    return lx_fine[::10], np.diff(area[::10])


def life_expectancy(sex: int, level: float) -> float:
    """e0 of the Siler schedule of ``sex`` at ``level``."""
    _, big_l = _survivorship(sex, level)
    return float(big_l.sum())


@cache
def level_for(sex: int, e0: float) -> float:
    """The hazard level whose life table has life expectancy ``e0`` (bisection on log)."""
    lo, hi = np.log(0.05), np.log(20.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        if life_expectancy(sex, float(np.exp(mid))) > e0:
            lo = mid
        else:
            hi = mid
    return float(np.exp((lo + hi) / 2))


def survival_ratios(sex: int, e0: float) -> tuple[np.ndarray, float]:
    """Survival ratios of the life table with life expectancy ``e0``: ``S[a] =
    L(a+1)/L(a)`` for a in 0..99, ``S[100] = T(101)/T(100)`` (the open group), and the
    probability a birth of the year is alive on 1 January, ``L(0)/l(0)``."""
    _, big_l = _survivorship(sex, level_for(sex, round(e0, 3)))
    ratios = np.empty(AGES)
    ratios[:100] = big_l[1:101] / big_l[:100]
    ratios[100] = big_l[101:].sum() / big_l[100:].sum()
    return ratios, float(big_l[0])


def fertility_schedule(tfr: float, mean_age: float, sd: float) -> np.ndarray:
    """Births per woman by age 0..100 (zero outside 15-49) summing to ``tfr``."""
    ages = np.arange(AGES, dtype=float)
    shape = (mean_age - 10) ** 2 / sd ** 2
    scale = sd ** 2 / (mean_age - 10)
    x = np.clip(ages - 10 + 0.5, 1e-9, None)
    density = x ** (shape - 1) * np.exp(-x / scale)
    density[(ages < 15) | (ages > 49)] = 0.0
    return tfr * density / density.sum()


def working_age_mask(sexes: tuple[int, int] = (MALE, FEMALE)) -> np.ndarray:
    """(2, 101) booleans: working ages of men and women (the vital file's definition)."""
    mask = np.zeros((2, AGES), dtype=bool)
    for sex, key in zip(sexes, ("male", "female"), strict=True):
        lo, hi = vital().working_age[key]
        mask[sex, lo:hi + 1] = True
    return mask
