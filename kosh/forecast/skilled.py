"""Indicator 5, the skilled share of arrivals (higher or vocational education among
arrivals aged 15+), from the model's arrival streams. *Assumption*: each stream keeps
the skilled share by sex and age group it shows in the registry's 2019-2025: arrivals
from abroad (``external_migration``), kandas (``kandas``, 2019-2025 cohort) and Neo
Nomad applicants (``applicants``). The indicator therefore moves only with the mix of
streams a scenario sets (levers on immigration, kandas, Neo Nomad), not with time or
trajectory: its 80 % interval is a single value."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import numpy as np

from .estimate import REGISTRY_YEARS, SEX_INDEX, Flows, Registry, _age
from .model import Rates
from .scenarios import Scenario, scenario_apply
from .schedules import AGES

#: Age groups the shares are pooled over (15-29, 30-44, 45-62, 63+).
GROUPS = (15, 30, 45, 63, AGES)
ADULT = 15


def _shares(rows: list[tuple]) -> np.ndarray:
    """(2, A) skilled share by sex and age from rows (sex, age, persons, skilled),
    pooled over ``GROUPS``; 0 below 15 and where a group has nobody."""
    counts = np.zeros((2, len(GROUPS) - 1, 2))
    for sex, age, n, skilled in rows:
        if sex not in SEX_INDEX or age is None or age < ADULT:
            continue
        g = min(int(np.searchsorted(GROUPS, int(age), side="right")) - 1, len(GROUPS) - 2)
        counts[SEX_INDEX[sex], g] += (n, skilled)
    share = np.divide(counts[..., 1], counts[..., 0], out=np.zeros((2, len(GROUPS) - 1)),
                      where=counts[..., 0] > 0)
    out = np.zeros((2, AGES))
    for g in range(len(GROUPS) - 1):
        out[:, GROUPS[g]:GROUPS[g + 1]] = share[:, g, None]
    return out


def _skilled(column: str) -> str:
    return f"sum(({column} IN ('higher', 'vocational'))::int)"


def skilled_shares(reg: Registry) -> dict[str, np.ndarray]:
    """The skilled share (2, A) of each arrival stream, pooled over 2019-2025."""
    lo, hi = REGISTRY_YEARS[0], REGISTRY_YEARS[-1]
    skilled = _skilled("education")
    con = duckdb.connect()
    arrivals = con.sql(
        f"SELECT sex, age, count(*), {skilled} FROM "
        f"read_parquet('{reg.table('external_migration')}') WHERE direction = 'arrival' "
        f"AND year BETWEEN {lo} AND {hi} GROUP BY ALL").fetchall()
    kandas = con.sql(
        f"SELECT p.sex, {_age('k.arrived_on')} AS age, count(*), {_skilled('k.education')} "
        f"FROM read_parquet('{reg.table('kandas')}') k JOIN "
        f"read_parquet('{reg.table('persons')}') p ON p.id = k.person_id "
        f"WHERE k.cohort = '2019-2025' GROUP BY ALL").fetchall()
    nomads = con.sql(
        f"SELECT sex, date_diff('year', birth_date, applied_on), count(*), {skilled} "
        f"FROM read_parquet('{reg.table('applicants')}') WHERE instrument = 'neo_nomad' "
        f"GROUP BY ALL").fetchall()
    return {"arrivals": _shares(arrivals), "kandas": _shares(kandas),
            "neo_nomad": _shares(nomads)}


def skilled_share(scenario: Scenario, rates: Rates, flows: Flows, population: np.ndarray,
                  shares: dict[str, np.ndarray]) -> float:
    """Skilled arrivals aged 15+ over all arrivals aged 15+ (%) under ``scenario``:
    the scenario applied once to the streams and once to their skilled parts. ``rates``
    are the estimated rates before the scenario (their immigration is the arrivals)."""
    total = scenario_apply(scenario, rates, flows, population).immigration
    skilled = scenario_apply(
        scenario, replace(rates, immigration=rates.immigration * shares["arrivals"]),
        replace(flows, kandas=flows.kandas * shares["kandas"],
                neo_nomad=flows.neo_nomad * shares["neo_nomad"]), population).immigration
    skilled = np.where(total > 0, np.minimum(skilled, total), 0.0)
    adults = total[..., ADULT:].sum()
    return float(skilled[..., ADULT:].sum() / adults * 100) if adults > 0 else 0.0
