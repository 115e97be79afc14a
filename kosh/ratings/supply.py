"""The supply side of the key competences rating: each region's demand (the priority
occupations' new vacancies) against its labour supply in the rating's year, the
working-age population projected by ``kosh.forecast`` (central path of a scenario).
Without a projection (no registry in the snapshot, a year before 2024) the run says so
and carries no supply column."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

#: The scenario whose central path gives the supply.
SUPPLY_SCENARIO = "baseline"


def regional_supply(*, demand: dict[str, float], year: int, directory: Path,
                    scenario: str = SUPPLY_SCENARIO) -> dict[str, Any]:
    """Per region: ``demand`` (priority vacancies), the projected working-age persons at
    1 January ``year`` and vacancies per 1,000 of them, with the forecast's scenario,
    version and registry SHA-256 (``available``). Without a projection: ``available``
    false and the ``message`` why."""
    from kosh.forecast.estimate import registry_open
    from kosh.forecast.labour import labour_supply_by_region
    from kosh.forecast.scenarios import scenario_get

    try:
        chosen = scenario_get(scenario)
        registry = registry_open(directory)
        supply = labour_supply_by_region(year=year, scenario=scenario, directory=directory)
    except (OSError, KeyError, ValueError):
        # stored in English (a run is data); the run page shows it translated
        return {"available": False, "year": year, "message": gettext_noop(
            "No population forecast for %(year)s from this snapshot (it needs the "
            "registry of 1 January 2024 and a year from 2024): the rating compares no "
            "labour supply.") % {"year": year}}
    rows = []
    for kato, persons in supply.items():
        vacancies = float(demand.get(kato, 0.0))
        rows.append({"region": kato, "vacancies": round(vacancies, 1),
                     "working_age": round(persons, 1),
                     "per_1000": round(vacancies / persons * 1000, 4) if persons else None})
    rows.sort(key=lambda r: -(r["per_1000"] or 0))
    digest = hashlib.sha256(json.dumps(registry.sha256, sort_keys=True).encode()).hexdigest()
    return {"available": True, "year": year, "scenario": chosen.code,
            "scenario_version": chosen.version, "registry_sha256": digest, "rows": rows}


def supply_inputs(supply: dict[str, Any]) -> dict[str, str]:
    """What the run's ``inputs`` record of the forecast it read (nothing without one)."""
    if not supply.get("available"):
        return {}
    return {"forecast_scenario": f"{supply['scenario']}@{supply['scenario_version']}",
            "forecast_registry": supply["registry_sha256"]}
