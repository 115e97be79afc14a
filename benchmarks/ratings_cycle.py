"""The full ratings cycle (indicators, three ratings, last year's ranks, quota proposal)
for all 436 ISCO-08 unit groups × 20 regions × 5 years of monthly labour-market data
(523,200 rows) — issue 14: ≤ 3 s on this machine — beside a plain reference measured in
the same run: the same aggregation (yearly vacancies, job seekers and wages per unit group
of the window) as one hand-written DuckDB SQL query over the same Parquet.

The snapshot is written by this script (Poisson draws, seeded) into a temporary folder, so
no synthetic nation at full scale is needed. One line per figure."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
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

from kosh.ratings.cycle import cycle_compute  # noqa: E402
from kosh.ratings.snapshot import regions, snapshot_open  # noqa: E402
from kosh.ratings.weights import weights_for  # noqa: E402
from kosh.synth.nation.market import unit_groups  # noqa: E402

YEARS = (2021, 2022, 2023, 2024, 2025)
LIMIT_S = 3.0


def machine() -> str:
    """``nproc`` and the CPU model of this machine."""
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores {cpu} py{sys.version_info.major}.{sys.version_info.minor}"


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
SELECT isco08, year(month) AS year, sum(vacancies) AS vac, sum(job_seekers) AS seek,
       avg(wage_kzt) AS wage
FROM read_parquet('{path}') WHERE year(month) BETWEEN {first} AND {last}
GROUP BY isco08, year(month)
"""


def main() -> None:
    weights = weights_for(date(2026, 11, 30))
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        rows = write_snapshot(directory)
        cycle_compute(snapshot_open(directory), year=2026, weights=weights)  # warm-up
        started = time.perf_counter()
        result = cycle_compute(snapshot_open(directory), year=2026, weights=weights)
        cycle = time.perf_counter() - started
        con = duckdb.connect()
        query = REFERENCE.format(path=directory / "labour_market.parquet", first=2023,
                                 last=2025)
        con.sql(query).fetchall()  # warm-up
        started = time.perf_counter()
        con.sql(query).fetchall()
        reference = time.perf_counter() - started
    verdict = "ok" if cycle <= LIMIT_S else "OVER"
    print(f"ratings_cycle rows={rows:,} occupations={len(result['rows'])} regions=20 "
          f"years={len(YEARS)} time={cycle:.2f}s limit={LIMIT_S:.0f}s {verdict} "
          f"— {machine()}")
    print(f"ratings_reference one DuckDB SQL aggregation over the same Parquet "
          f"time={reference:.3f}s")
    print(f"ratings_ratio cycle/reference={cycle / reference:.1f}× (the cycle also "
          f"normalises, weights, ranks two years and proposes the quota)")


if __name__ == "__main__":
    main()
