"""Reads of the forecasts (aggregates only: the ``view_aggregates`` capability): stored runs,
one run, its cached arrays, tables by region and year, and the comparison of runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from django.db.models import QuerySet
from django.http import Http404

from kosh.access.policy import Actor, Capability

from .models import ForecastRun
from .regions import region_name


def forecast_runs(*, actor: Actor) -> QuerySet[ForecastRun]:
    """Stored runs, newest first."""
    actor.require(Capability.VIEW_AGGREGATES)
    return ForecastRun.objects.select_related("created_by")


def forecast_run_get(*, actor: Actor, run_id: int) -> ForecastRun:
    """One stored run, or 404."""
    run = forecast_runs(actor=actor).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def run_arrays(run: ForecastRun) -> dict[str, np.ndarray] | None:
    """The run's cached arrays, or None when the file is gone or not the one stored."""
    path = Path(run.arrays_file)
    if not path.exists():
        return None
    body = path.read_bytes()
    if hashlib.sha256(body).hexdigest() != run.arrays_sha256:
        return None
    with np.load(path) as data:
        return {k: data[k] for k in data.files}


def region_rows(run: ForecastRun, *, year: int, language: str = "en") -> list[dict]:
    """By region in ``year``: central men, women, total, working age, the 80 % and 95 %
    intervals of the total and of working age, and the year's flows (the first year's
    flows for the base year)."""
    s = run.summary
    y = s["years"].index(year)
    f = min(max(y - 1, 0), len(s["years"]) - 2)
    flows = s["central"]["flows"]
    rows = []
    for i, kato in enumerate(s["regions"]):
        men, women = s["central"]["population"][y][i]
        q = [s["population_q"][k][y][i] for k in range(5)]
        w = [s["working_q"][k][y][i] for k in range(5)]
        rows.append({
            "kato": kato, "name": region_name(kato, language), "men": men, "women": women,
            "total": men + women, "working": s["central"]["working_age"][y][i],
            "low95": q[0], "low80": q[1], "median": q[2], "high80": q[3], "high95": q[4],
            "working_low80": w[1], "working_high80": w[3],
            "arrivals": flows["arrivals"][f][i], "departures": flows["departures"][f][i],
            "immigrants": flows["immigrants"][f][i], "emigrants": flows["emigrants"][f][i],
            "births": flows["births"][f][i], "deaths": flows["deaths"][f][i]})
    return rows


def national_rows(run: ForecastRun) -> list[dict]:
    """By year: the country's median population and working age with their intervals."""
    s = run.summary
    return [{"year": year,
             "low95": s["national_q"][0][y], "low80": s["national_q"][1][y],
             "median": s["national_q"][2][y], "high80": s["national_q"][3][y],
             "high95": s["national_q"][4][y],
             "working": s["national_working_q"][2][y],
             "working_low80": s["national_working_q"][1][y],
             "working_high80": s["national_working_q"][3][y]}
            for y, year in enumerate(s["years"])]


def age_rows(run: ForecastRun, *, year: int, region: str = "") -> list[dict] | None:
    """Central population by single year of age and sex in ``year`` (the country, or one
    region); None when the cached arrays are gone."""
    arrays = run_arrays(run)
    if arrays is None:
        return None
    y = run.summary["years"].index(year)
    ages = arrays["ages"][y]
    ages = ages[run.summary["regions"].index(region)] if region else ages.sum(axis=0)
    return [{"age": a, "men": float(ages[0, a]), "women": float(ages[1, a])}
            for a in range(ages.shape[1])]


def runs_compared(*, actor: Actor, run_ids: list[int]) -> list[dict]:
    """Side by side: for each run, its scenario and, at its last year, the country's
    median and 80 % interval, working age and each region's median."""
    runs = [forecast_run_get(actor=actor, run_id=i) for i in run_ids]
    out = []
    for run in runs:
        s = run.summary
        last = len(s["years"]) - 1
        out.append({"run": run, "year": s["years"][-1],
                    "median": s["national_q"][2][last], "low80": s["national_q"][1][last],
                    "high80": s["national_q"][3][last],
                    "working": s["national_working_q"][2][last],
                    "regions": [s["population_q"][2][last][i] for i in range(len(s["regions"]))],
                    "indicators": s.get("indicators", [])})
    return out


#: Bands of the population change from the base year, in % (the map's colours).
CHANGE_BANDS = (-5.0, 0.0, 10.0, 25.0)
_GEOJSON = Path(__file__).resolve().parent.parent / "geo" / "data" \
    / "kz_adm1_regions_2024.geojson"


def map_features(run: ForecastRun, *, year: int, language: str = "en") -> dict:
    """The regions' boundaries (geokz, CC BY 4.0) with, for ``year``, each region's median
    population, its change from the base year in % and the band of that change (0-4)."""
    s = run.summary
    y = s["years"].index(year)
    data = json.loads(_GEOJSON.read_text(encoding="utf-8"))
    for feature in data["features"]:
        kato = feature["properties"]["kato"]
        if kato not in s["regions"]:
            continue
        i = s["regions"].index(kato)
        first, value = s["population_q"][2][0][i], s["population_q"][2][y][i]
        change = (value / first - 1) * 100 if first else 0.0
        name = region_name(kato, language)
        feature["properties"] = {
            "kato": kato, "name": name, "median": value, "change": round(change, 1),
            "band": int(np.searchsorted(CHANGE_BANDS, change)),
            "label": f"{name}: {value:,.0f} ({change:+.1f} %)".replace(",", "\u202f")}
    return data
