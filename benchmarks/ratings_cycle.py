"""The full ratings cycle (indicators, three ratings, last year's ranks, quota proposal)
for all 436 ISCO-08 unit groups × 20 regions × 5 years of monthly labour-market data
(523,200 rows) — issue 14: ≤ 3 s on this machine — beside a plain reference measured in
the same run: the national key-competence ranking (indicators, percentile ranks, weighted
score, rank) as one hand-written DuckDB SQL query over the same Parquet, next to the same
ranking through the Ibis pipelines (and a check that both give the same ranks).

The snapshot is written by this script (Poisson draws, seeded) into a temporary folder, so
no synthetic nation at full scale is needed. One line per figure."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")

import django

django.setup()

import duckdb  # noqa: E402
from common import machine  # noqa: E402

from kosh.ratings.cycle import cycle_compute, ratings_table  # noqa: E402
from kosh.ratings.snapshot import regions, snapshot_open  # noqa: E402
from kosh.ratings.weights import INDICATORS, weights_for  # noqa: E402
from kosh.synth.nation.market import unit_groups  # noqa: E402

YEARS = (2021, 2022, 2023, 2024, 2025)
LIMIT_S = 3.0


def write_snapshot(directory: Path) -> int:
    """Monthly vacancies, job seekers and wages for every unit group × region × month."""
    rng = np.random.default_rng(7)
    units, codes = np.array(unit_groups()), np.array(sorted(regions()))
    months = np.array([np.datetime64(f"{y}-{m:02d}-01") for y in YEARS for m in range(1, 13)])
    u, r, m = (a.ravel() for a in np.meshgrid(np.arange(units.size), np.arange(codes.size),
                                              np.arange(months.size), indexing="ij"))
    level = rng.lognormal(2, 1, units.size)[u]
    pq.write_table(pa.table({
        "month": pa.array(months[m], pa.date32()), "region": codes[r], "isco08": units[u],
        "vacancies": rng.poisson(level).astype(np.int32),
        "job_seekers": rng.poisson(level * rng.lognormal(0.5, 0.5, units.size)[u]).astype(
            np.int32),
        "wage_kzt": (300_000 * rng.lognormal(0, 0.2, units.size)[u] * (1 + m / 120)).astype(
            np.int64)}), directory / "labour_market.parquet")
    n = 20_000
    pq.write_table(pa.table({
        "quota_year": rng.choice(YEARS, n).astype(np.int16), "in_quota": rng.random(n) < 0.9,
        "region": rng.choice(codes, n), "isco08": rng.choice(units, n)}),
        directory / "work_permits.parquet")
    return u.size


REFERENCE = """
WITH m AS (
  SELECT isco08, year(month) AS year, month, sum(vacancies) AS vac,
         sum(job_seekers) AS seek, avg(wage_kzt) AS wage
  FROM read_parquet('{lm}') WHERE year(month) BETWEEN {first} AND {last}
  GROUP BY isco08, year(month), month),
y AS (SELECT isco08, year, sum(vac) AS vac, sum(seek) AS seek, avg(wage) AS wage
      FROM m GROUP BY isco08, year),
d AS (SELECT isco08, avg(CASE WHEN vac > seek THEN 1.0 ELSE 0.0 END) AS dur
      FROM m GROUP BY isco08),
p AS (SELECT isco08, count(*) AS n FROM read_parquet('{wp}')
      WHERE quota_year = {last} AND in_quota GROUP BY isco08),
i AS (
  SELECT l.isco08,
    l.vac / greatest(l.vac + l.seek, 1) AS vacancy_rate,
    coalesce(d.dur, 0) AS vacancy_duration,
    l.vac / greatest(l.seek, 1) AS vacancies_per_seeker,
    coalesce(pow(l.wage / f.wage, 1.0 / ({last} - {first})) - 1, 0) AS wage_growth,
    coalesce(p.n, 0) / greatest(coalesce(p.n, 0) + l.vac, 1) AS foreign_share,
    l.vac::DOUBLE AS employer_demand,
    greatest(l.vac + (l.vac - coalesce(f.vac, l.vac)) / ({last} - {first})
             * ({year} - {last}), 0) / greatest(l.seek, 1) AS forecast_demand
  FROM y AS l LEFT JOIN y AS f ON f.isco08 = l.isco08 AND f.year = {first}
  LEFT JOIN d ON d.isco08 = l.isco08 LEFT JOIN p ON p.isco08 = l.isco08
  WHERE l.year = {last}),
n AS (SELECT isco08, {ranks} FROM i),
s AS (SELECT isco08, {score} AS score FROM n WHERE isco08[1] <> '0')
SELECT isco08, row_number() OVER (ORDER BY score DESC, isco08) AS rank FROM s
"""


def reference_sql(directory: Path, *, year: int, weights: dict[str, float]) -> str:
    """The national key-competence ranking of ``year`` as one DuckDB SQL query."""
    return REFERENCE.format(
        lm=directory / "labour_market.parquet", wp=directory / "work_permits.parquet",
        first=year - 3, last=year - 1, year=year,
        ranks=", ".join(f"percent_rank() OVER (ORDER BY {n}) AS {n}" for n in INDICATORS),
        score=" + ".join(f"{w!r} * {n}" for n, w in weights.items()))


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls (after one warm-up) and the last result."""
    result = fn()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    weights = weights_for(date(2026, 11, 30))
    year = 2026
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        rows = write_snapshot(directory)
        cycle, result = timed(lambda: cycle_compute(snapshot_open(directory), year=year,
                                                    weights=weights))
        snapshot = snapshot_open(directory)
        ibis_s, frame = timed(lambda: ratings_table(snapshot, year=year,
                                                    weights=weights).execute())
        con = duckdb.connect()
        query = reference_sql(directory, year=year,
                              weights=weights.by_rating["key_competences"])
        sql_s, reference = timed(lambda: con.sql(query).df())
    ibis_ranks = dict(zip(frame.isco08, frame.key_competences_rank, strict=True))
    same = all(ibis_ranks[c] == r for c, r in zip(reference.isco08, reference["rank"],
                                                   strict=True))
    verdict = "ok" if cycle <= LIMIT_S else "OVER"
    print(f"ratings_cycle rows={rows:,} occupations={len(result['rows'])} regions=20 "
          f"years={len(YEARS)} time={cycle:.2f}s limit={LIMIT_S:.0f}s {verdict} "
          f"(indicators per unit group and per unit group × region, 3 ratings, last "
          f"year's ranks, quota proposal, inputs' SHA-256) — {machine()}")
    print(f"ratings_national_ibis key-competence ranking of {year}, Ibis on DuckDB "
          f"time={ibis_s:.3f}s")
    print(f"ratings_national_sql same ranking as one hand-written DuckDB SQL query "
          f"time={sql_s:.3f}s same_ranks={'yes' if same else 'NO'}")
    print(f"ratings_ratio ibis/sql={ibis_s / sql_s:.2f}x cycle/sql={cycle / sql_s:.1f}x")


if __name__ == "__main__":
    main()
