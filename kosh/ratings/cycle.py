"""The yearly cycle without the database: indicators → ratings → quota proposal for one
year, from an opened snapshot, as a plain JSON-ready result (what a run stores and the
pages show). ``progress`` is told each stage as it starts."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import ibis.expr.types as ir

from kosh.synth.nation.geography import geography

from . import pipelines as P
from .proposal import baseline_lines, rating_lines
from .snapshot import Snapshot, isco_titles, region_checked, window_checked
from .weights import INDICATORS, RATINGS, Weights

STAGES: dict[str, float] = {"reading": 0.05, "indicators": 0.15, "ratings": 0.45,
                            "previous": 0.65, "quotas": 0.85, "done": 1.0, "failed": 1.0}


def _inputs(snapshot: Snapshot, region: str) -> tuple[ir.Table, ir.Table]:
    lm, wp = snapshot.tables["labour_market"], snapshot.tables["work_permits"]
    if region:
        lm, wp = lm.filter(lm.region == region), wp.filter(wp.region == region)
    return lm, wp


def ratings_table(snapshot: Snapshot, *, year: int, weights: Weights, region: str = "",
                  by_region: bool = False) -> ir.Table:
    """The rating of ``year`` as one Ibis expression: one row per unit group (per unit
    group × region with ``by_region``, normalised and ranked within each region) with its
    indicators, their scores, the three ratings and the key-competence priority. Refused
    (``DomainError``) when the window has too few years with data."""
    years = window_checked(snapshot, year)
    lm, wp = _inputs(snapshot, region)
    by, within = (("isco08", "region"), ("region",)) if by_region else (("isco08",), ())
    table = P.indicators(lm, wp, year=year, years=years, by=by)
    return P.priority(P.rated(P.normalised(table, within=within), weights, within=within),
                      weights)


def cycle_compute(snapshot: Snapshot, *, year: int, weights: Weights, region: str = "",
                  progress: Callable[[str], None] = lambda stage: None) -> dict[str, Any]:
    """Run the cycle for ``year`` (refused before any work for a year without data or an
    unknown region) and return the result: window, rows (indicators, scores, ranks, last
    year's ranks, key-competence rank in each region), the weights, the baseline and
    rating-driven quota lines."""
    started = time.perf_counter()
    region_checked(region)
    years = window_checked(snapshot, year)
    progress("indicators")
    frame = ratings_table(snapshot, year=year, weights=weights, region=region).execute()
    progress("ratings")
    regional = ratings_table(snapshot, year=year, weights=weights, region=region,
                             by_region=True).cache()  # read twice: ranks and quota
    by_region: dict[str, dict[str, list]] = defaultdict(dict)
    for rec in regional.select("isco08", "region", "key_competences",
                               "key_competences_rank").execute().itertuples():
        by_region[rec.isco08][rec.region] = [_int(rec.key_competences_rank),
                                             round(float(rec.key_competences), 4)]
    progress("previous")
    previous: dict[str, dict[str, int | None]] = {}
    if len([y for y in P.window(year - 1) if y in snapshot.years]) >= 2:
        before = ratings_table(snapshot, year=year - 1, weights=weights, region=region)
        for rec in before.execute().to_dict("records"):
            previous[rec["isco08"]] = {r: _int(rec[f"{r}_rank"]) for r in RATINGS}
    progress("quotas")
    demand = P.regional_demand(regional).execute()
    geo = geography()
    share = float(geo.region_share[geo.regions.index(region)]) if region else 1.0
    vacancies: dict[str, float] = defaultdict(float)
    for r in demand.itertuples():
        vacancies[r.region] += float(r.vacancies)
    proposal = rating_lines(
        year=year, region_share=share,
        demand=[(r.isco08, r.region, float(r.weighted)) for r in demand.itertuples()])
    titles = isco_titles()
    rows = []
    for rec in frame.sort_values("key_competences_rank").to_dict("records"):
        code = rec["isco08"]
        rows.append({
            "isco08": code, "title": titles.get(code, ""),
            "vacancies": int(rec["vacancies"]), "job_seekers": int(rec["job_seekers"]),
            "indicators": {n: [round(float(rec[n]), 6), round(float(rec[f"{n}_score"]), 6)]
                           for n in INDICATORS},
            "scores": {r: round(float(rec[r]), 6) for r in RATINGS},
            "ranks": {r: _int(rec[f"{r}_rank"]) for r in RATINGS},
            "previous": previous.get(code, {}),
            "priority": _int(rec["priority"]),
            "regions": by_region.get(code, {}),
        })
    return {
        "year": year, "years": list(years),
        "missing": [y for y in P.window(year) if y not in years], "region": region,
        "weights": weights.by_rating, "weights_version": weights.version,
        "priorities": list(weights.priorities), "inputs": snapshot.sha256, "rows": rows,
        "baseline": [asdict(line) for line in baseline_lines(
            year=year, region=region, region_share=share)],
        "proposal": [asdict(line) for line in proposal],
        "regional_vacancies": {k: round(v, 1) for k, v in sorted(vacancies.items())},
        "seconds": round(time.perf_counter() - started, 3),
    }


def _int(value: Any) -> int | None:
    """A rank or priority from the frame (NaN / None → None)."""
    return None if value is None or value != value else int(value)


def ranked(result: dict[str, Any], rating: str) -> list[dict[str, Any]]:
    """The rows a rating ranks, in rank order."""
    rows = [r for r in result["rows"] if r["ranks"].get(rating)]
    return sorted(rows, key=lambda r: r["ranks"][rating])


def explanation(result: dict[str, Any], isco08: str, rating: str) -> dict[str, Any] | None:
    """One occupation's rank explained: per indicator its value, normalised score,
    weight and contribution (weight × score; the contributions sum to the score)."""
    row = next((r for r in result["rows"] if r["isco08"] == isco08), None)
    if row is None:
        return None
    weights = result["weights"][rating]
    lines = [{"indicator": n, "value": row["indicators"][n][0],
              "score": row["indicators"][n][1], "weight": weights[n],
              "contribution": weights[n] * row["indicators"][n][1]} for n in INDICATORS]
    return {"row": row, "rating": rating, "lines": lines,
            "total": sum(line["contribution"] for line in lines),
            "rank": row["ranks"].get(rating), "previous": row["previous"].get(rating)}
