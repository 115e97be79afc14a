"""Back-test: estimate on the years up to 2018, project every region from 1 January 2018
to 1 January 2023, compare with the official figures (the three regions of 2022 added
back to their parents) — mean absolute percentage error by region and whether the
actual lies inside the 80 % interval."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .estimate import (
    Registry,
    age_shares,
    fertility_factor,
    official_regions,
    residual_net_rates,
    vital_rates,
)
from .model import Paths, Rates, project
from .regions import REGIONS_2018
from .schedules import AGES, working_age_mask
from .stochastic import draw_paths, fit

BASE, TARGET = 2018, 2023
#: Years of the official series the residual net migration is estimated on.
ESTIMATION = range(2001, BASE)
#: The last years whose average net migration rate is carried forward.
RECENT = 3


@dataclass(frozen=True)
class RegionResult:
    """One region: actual and projected (median, 80 % interval) population at 1 Jan of
    the target year and the absolute percentage error of the median."""

    kato: str
    actual: float
    median: float
    low80: float
    high80: float
    ape: float

    @property
    def inside80(self) -> bool:
        return self.low80 <= self.actual <= self.high80


@dataclass(frozen=True)
class Backtest:
    """The back-test's regions, their mean absolute percentage error, the share of
    actuals inside the 80 % interval, the seed and trajectories used."""

    regions: list[RegionResult]
    seed: int
    trajectories: int

    @property
    def mape(self) -> float:
        return float(np.mean([r.ape for r in self.regions]))

    @property
    def coverage80(self) -> float:
        return float(np.mean([r.inside80 for r in self.regions]))


def backtest_rates(reg: Registry) -> tuple[np.ndarray, Rates, np.ndarray]:
    """Base population (1 Jan 2018, 17 units), rates and the residual series: net
    migration as each region's average residual rate of the last ``RECENT`` years before
    2018, by the registry's age-sex profile of movers; vital rates of 2017."""
    regions = REGIONS_2018
    r_n = len(regions)
    shares = age_shares(reg, regions)
    base = official_regions(BASE, regions)[:, :, None] * shares
    residuals = residual_net_rates(reg, ESTIMATION, regions)
    net = residuals[-RECENT:].mean(axis=0)
    surv, birth, fert, female = vital_rates(BASE - 1, r_n, fertility_factor(reg, regions))
    zeros = np.zeros((r_n, 2, AGES))
    rates = Rates(survival=surv, birth_survival=birth, fertility=fert,
                  female_birth_share=female, out_rate=zeros, destination=np.zeros((r_n, r_n)),
                  emigration=zeros, immigration=zeros,
                  net_rate=np.broadcast_to(net[:, None, None], (r_n, 2, AGES)).copy(),
                  transfers=np.zeros((r_n, r_n)), transfer_profile=np.zeros((2, AGES)))
    return base, rates, residuals


def backtest_run(reg: Registry, *, seed: int = 2018, trajectories: int = 1000) -> Backtest:
    """Run the back-test with ``trajectories`` draws from ``seed``."""
    base, rates, residuals = backtest_rates(reg)
    years = TARGET - BASE
    fitted = fit(up_to=BASE - 1, yearly={}, residuals=residuals)
    paths = draw_paths(fitted, years=years, regions=base.shape[0],
                       trajectories=trajectories, seed=seed)
    ones = np.ones_like(paths.mortality)
    paths = Paths(paths.mortality, paths.fertility, ones, ones, ones, paths.regional)
    result = project(base, rates, paths, working=working_age_mask(), dtype=np.float32)
    final = result.population[:, years].sum(axis=2)
    actual = official_regions(TARGET, REGIONS_2018).sum(axis=1)
    low, median, high = np.percentile(final, [10, 50, 90], axis=0)
    return Backtest(regions=[
        RegionResult(kato=k, actual=float(actual[i]), median=float(median[i]),
                     low80=float(low[i]), high80=float(high[i]),
                     ape=float(abs(median[i] - actual[i]) / actual[i] * 100))
        for i, k in enumerate(REGIONS_2018)], seed=seed, trajectories=trajectories)
