"""One forecast computed end to end: read the registry, estimate the rates, apply the
scenario, fit the time-series models, project the central path (with ages) and the
stochastic trajectories, and summarise: population, working age and flows by region and
year with 80 % and 95 % intervals, and the migration target indicators of 2027."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .estimate import (
    REGISTRY_BASE_YEAR,
    base_population,
    official_series,
    registry_flows,
    registry_open,
    registry_rates,
    residual_net_rates,
)
from .model import Projection, project
from .regions import NORTH_EAST, REGIONS
from .scenarios import Scenario, scenario_apply
from .schedules import working_age_mask
from .skilled import skilled_share, skilled_shares
from .stochastic import Fitted, central_paths, draw_paths, fit
from .targets import targets_2027

#: Quantiles kept: 95 % interval, 80 % interval, median.
QUANTILES = (2.5, 10.0, 50.0, 90.0, 97.5)
HORIZONS = (5, 10, 25)
#: Base years: the official series (regional totals by sex) or the registry's own year.
BASE_YEARS = tuple(range(2018, REGISTRY_BASE_YEAR + 1))
MAX_TRAJECTORIES = 1000


@dataclass
class Computed:
    """A computed forecast: the JSON summary stored with the run and the arrays cached
    beside it (ages of the central path, quantiles by region and year)."""

    summary: dict
    arrays: dict[str, np.ndarray]
    inputs: dict[str, str]
    fitted: dict


def _quantiles(values: np.ndarray) -> np.ndarray:
    """(5, …) the QUANTILES over the first axis (trajectories)."""
    return np.percentile(values, QUANTILES, axis=0)


def forecast_compute(*, directory: Path, scenario: Scenario, base_year: int, horizon: int,
                     trajectories: int, seed: int) -> Computed:
    """Compute a forecast from 1 January ``base_year`` over ``horizon`` years."""
    started = time.perf_counter()
    reg = registry_open(directory)
    base = base_population(reg, base_year)
    flows = registry_flows(reg, range(base_year - 3, base_year))
    estimated = registry_rates(reg, base, flows, base_year)
    rates = scenario_apply(scenario, estimated, flows, base.sum(axis=(1, 2)))
    skilled = skilled_share(scenario, estimated, flows, base.sum(axis=(1, 2)),
                            skilled_shares(reg))
    fitted = _fitted(str(directory), tuple(sorted(reg.sha256.items())), base_year)
    working = working_age_mask()
    central = project(base, rates, central_paths(fitted, horizon, len(REGIONS)),
                      working=working, keep_ages=True)
    paths = draw_paths(fitted, years=horizon, regions=len(REGIONS),
                       trajectories=trajectories, seed=seed, weights=base.sum(axis=(1, 2)))
    stoch = project(base, rates, paths, working=working, dtype=np.float32)
    summary = _summary(central, stoch, base_year=base_year, horizon=horizon, skilled=skilled)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    arrays = {
        "ages": central.ages.astype(np.float32),
        "population_q": _quantiles(stoch.population.sum(axis=3)).astype(np.float32),
        "population_sex_q": _quantiles(stoch.population).astype(np.float32),
        "working_q": _quantiles(stoch.working_age).astype(np.float32),
    }
    return Computed(summary=summary, arrays=arrays, inputs=reg.sha256,
                    fitted=fitted.as_dict())


@lru_cache(maxsize=16)
def _fitted(directory: str, sha256: tuple, base_year: int) -> Fitted:
    """The time-series models fitted for a base year on one registry (kept per process:
    ``sha256`` changes when the registry does)."""
    reg = registry_open(Path(directory))
    flows = registry_flows(reg, range(base_year - 3, base_year))
    last = min(base_year, max(official_series()))
    residuals = residual_net_rates(reg, range(2001, last), REGIONS)
    return fit(up_to=base_year - 1, yearly=flows.yearly, residuals=residuals)


def central_projection(*, directory: Path, scenario: Scenario, base_year: int,
                       horizon: int) -> Projection:
    """The deterministic projection of a scenario (ages kept)."""
    reg = registry_open(directory)
    base = base_population(reg, base_year)
    flows = registry_flows(reg, range(base_year - 3, base_year))
    rates = scenario_apply(scenario, registry_rates(reg, base, flows, base_year), flows,
                           base.sum(axis=(1, 2)))
    fitted = _fitted(str(directory), tuple(sorted(reg.sha256.items())), base_year)
    return project(base, rates, central_paths(fitted, horizon, len(REGIONS)),
                   working=working_age_mask(), keep_ages=True)


def _flows(p: Projection, t: int = 0) -> dict[str, list[list[float]]]:
    return {name: np.round(getattr(p, name)[t], 1).tolist() for name in
            ("arrivals", "departures", "emigrants", "immigrants", "births", "deaths")}


def _summary(central: Projection, stoch: Projection, *, base_year: int,
             horizon: int, skilled: float) -> dict:
    """The stored summary: years; by region and year the central population by sex,
    working age and flows; quantiles of population and working age by region and of the
    country; the 2027 indicators."""
    pop_q = _quantiles(stoch.population.sum(axis=3))
    nat_q = _quantiles(stoch.population.sum(axis=(2, 3)))
    work_q = _quantiles(stoch.working_age)
    nat_work_q = _quantiles(stoch.working_age.sum(axis=2))
    years = list(range(base_year, base_year + horizon + 1))
    return {
        "regions": list(REGIONS),
        "years": years,
        "quantiles": list(QUANTILES),
        "central": {
            "population": np.round(central.population[0], 0).tolist(),
            "working_age": np.round(central.working_age[0], 0).tolist(),
            "flows": _flows(central),
        },
        "population_q": np.round(pop_q, 0).tolist(),
        "national_q": np.round(nat_q, 0).tolist(),
        "working_q": np.round(work_q, 0).tolist(),
        "national_working_q": np.round(nat_work_q, 0).tolist(),
        "indicators": targets_2027(stoch, base_year=base_year, north_east=[
            REGIONS.index(k) for k in NORTH_EAST], skilled=skilled),
    }
