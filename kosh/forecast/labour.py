"""Labour supply by region from the projection, for the key competences rating (demand
against supply) of the quotas issue: the working-age population of each region in a year
under a scenario. ``kosh.ratings.supply`` reads it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .estimate import REGISTRY_BASE_YEAR, registry_open
from .regions import REGIONS
from .runs import central_projection
from .scenarios import scenario_get


def labour_supply_by_region(*, year: int, scenario: str = "baseline",
                            directory: Path | None = None) -> dict[str, float]:
    """Working-age persons (men 16-62, women 16-60) by KATO region at 1 January ``year``
    (2024-2074) on the central path of ``scenario``, from the registry of 1 Jan 2024 in
    ``directory`` (default: the forecasts' synthetic nation)."""
    if directory is None:
        from .services import forecast_dir

        directory = forecast_dir()
    if not REGISTRY_BASE_YEAR <= year <= REGISTRY_BASE_YEAR + 50:
        raise ValueError(f"year {year} outside {REGISTRY_BASE_YEAR}-{REGISTRY_BASE_YEAR + 50}")
    sha = tuple(sorted(registry_open(directory).sha256.items()))
    chosen = scenario_get(scenario)
    return dict(_supply(str(directory), sha, chosen.code, chosen.sha256, year))


@lru_cache(maxsize=32)
def _supply(directory: str, sha256: tuple, scenario: str, version_sha256: str, year: int
            ) -> tuple[tuple[str, float], ...]:
    """Cached by the inputs' and the scenario version's SHA-256."""
    horizon = year - REGISTRY_BASE_YEAR
    p = central_projection(directory=Path(directory), scenario=scenario_get(scenario),
                           base_year=REGISTRY_BASE_YEAR, horizon=max(horizon, 1))
    return tuple((kato, float(p.working_age[0, horizon, i])) for i, kato in enumerate(REGIONS))
