"""Uncertainty: time-series models of the rates (statsmodels), fitted on the years up to the
base year, and trajectories drawn from them with a recorded seed.

* mortality — the hazard level of each year's life table (from the vital file's e0), log
  level as a random walk with drift (ARIMA(0,1,0) with a trend, as Lee-Carter's k(t));
* fertility — log TFR as a random walk without drift (the last value is the centre);
* internal moves, emigration, immigration — log yearly national totals in the registry as
  random walks without drift (the window's average is the centre);
* regional shocks — each region's net migration rate in the official series (the residual
  of growth after natural change) as an AR(1) around its mean; the draws add its
  deviations to the region's rates.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
from statsmodels.tsa.arima.model import ARIMA

from .model import Paths
from .schedules import FEMALE, MALE, level_for, vital

#: Spread used when a series is too short to fit (fewer than 4 years), log scale.
FALLBACK_SIGMA = 0.10
#: Draws are kept inside these multipliers (a year's rate at most ×4 or ÷4 its centre).
CLIP = (0.25, 4.0)


@dataclass(frozen=True)
class Fitted:
    """Fitted parameters: random-walk drift and σ of log mortality level, σ of log TFR,
    σ of log internal moves, emigration and immigration, and by region the AR(1)
    coefficient and innovation σ of the net migration rate."""

    mortality_drift: float
    mortality_sigma: float
    fertility_sigma: float
    internal_sigma: float
    emigration_sigma: float
    immigration_sigma: float
    regional_phi: list[float]
    regional_sigma: list[float]

    def as_dict(self) -> dict:
        return asdict(self)


def _random_walk(series: list[float], drift: bool) -> tuple[float, float]:
    """(drift, σ) of an ARIMA(0,1,0) fitted to ``series`` (log values)."""
    if len(series) < 4:
        return 0.0, FALLBACK_SIGMA
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ARIMA(np.asarray(series), order=(0, 1, 0), trend="t" if drift else "n").fit()
    params = dict(zip(fit.model.param_names, fit.params, strict=True))
    return float(params.get("x1", 0.0)) if drift else 0.0, float(np.sqrt(params["sigma2"]))


def _ar1(series: np.ndarray) -> tuple[float, float]:
    """(φ, σ) of an AR(1) with a constant fitted to ``series``."""
    if len(series) < 5:
        return 0.0, float(np.std(series)) if len(series) > 1 else 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ARIMA(np.asarray(series), order=(1, 0, 0), trend="c").fit()
    params = dict(zip(fit.model.param_names, fit.params, strict=True))
    return float(np.clip(params["ar.L1"], -0.95, 0.95)), float(np.sqrt(params["sigma2"]))


def fit(*, up_to: int, yearly: dict[str, dict[int, float]],
        residuals: np.ndarray) -> Fitted:
    """Fit the models on vital years ≤ ``up_to``, the registry's yearly totals ≤ ``up_to``
    and the regional residual rates (years × regions)."""
    v = vital()
    years = sorted(y for y in v.years if y <= up_to)
    level = [np.log((level_for(MALE, v.years[y][0]) + level_for(FEMALE, v.years[y][1])) / 2)
             for y in years]
    m_drift, m_sigma = _random_walk(level, drift=True)
    _, f_sigma = _random_walk([np.log(v.years[y][2]) for y in years], drift=False)

    def sigma(name: str) -> float:
        values = [np.log(n) for y, n in sorted(yearly.get(name, {}).items())
                  if y <= up_to and n > 0]
        return _random_walk(values, drift=False)[1]

    regional = [_ar1(residuals[:, r]) for r in range(residuals.shape[1])]
    return Fitted(mortality_drift=m_drift, mortality_sigma=m_sigma, fertility_sigma=f_sigma,
                  internal_sigma=sigma("internal"), emigration_sigma=sigma("emigration"),
                  immigration_sigma=sigma("immigration"),
                  regional_phi=[p for p, _ in regional],
                  regional_sigma=[s for _, s in regional])


def central_paths(fitted: Fitted, years: int, regions: int) -> Paths:
    """The deterministic path: mortality falling by the fitted drift, the rest at 1."""
    paths = Paths.central(years, regions)
    mortality = np.exp(fitted.mortality_drift * np.arange(1, years + 1))[None, :]
    return Paths(mortality, paths.fertility, paths.internal, paths.emigration,
                 paths.immigration, paths.regional)


def draw_paths(fitted: Fitted, *, years: int, regions: int, trajectories: int,
               seed: int, weights: np.ndarray | None = None) -> Paths:
    """``trajectories`` random paths of every multiplier, reproducible from ``seed``. With
    ``weights`` (regions' populations) the regional shocks are centred so that they move
    people between regions and leave the national total alone."""
    rng = np.random.default_rng(seed)
    steps = np.arange(1, years + 1)

    def walk(sigma: float, drift: float = 0.0) -> np.ndarray:
        noise = rng.standard_normal((trajectories, years)) * sigma
        return np.clip(np.exp(drift * steps + np.cumsum(noise, axis=1)), *CLIP)

    mortality = walk(fitted.mortality_sigma, fitted.mortality_drift)
    fertility = walk(fitted.fertility_sigma)
    internal = walk(fitted.internal_sigma)
    emigration = walk(fitted.emigration_sigma)
    immigration = walk(fitted.immigration_sigma)
    phi = np.asarray(fitted.regional_phi)
    sig = np.asarray(fitted.regional_sigma)
    shocks = rng.standard_normal((trajectories, years, regions)) * sig
    regional = np.empty_like(shocks)
    state = np.zeros((trajectories, regions))
    for y in range(years):
        state = phi * state + shocks[:, y]
        regional[:, y] = state
    if weights is not None:
        w = weights / weights.sum()
        regional -= (regional * w).sum(axis=2, keepdims=True)
    return Paths(mortality, fertility, internal, emigration, immigration, regional)
