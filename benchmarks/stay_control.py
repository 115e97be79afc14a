"""Stay control over a synthetic nation's Parquet snapshot (issue 16: at national scale,
2.9 M foreigners and 16.4 M border crossings, ≤ 5 s and ≤ 2 GB), beside two references
measured in the same run over the same files: a plain DuckDB window query (days used in
the last 180 days, presence and current entry per person: the core of the computation
without rules by citizenship, permits or regions) and a straightforward pandas version of
that query. Each variant runs in a process of its own so its peak memory is its own.
One line per figure.

    .venv/bin/python benchmarks/stay_control.py var/bench/nation-0.01 [--on 2025-12-31]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LIMIT_S, LIMIT_GB = 5.0, 2.0


def machine() -> str:
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores {cpu} py{sys.version_info.major}.{sys.version_info.minor}"


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def run_pipeline(folder: Path, on: date) -> tuple[int, float]:
    """The Kosh pipeline (Ibis on DuckDB), results fetched as a DataFrame."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    from kosh.analytics.backends import duckdb_connect
    from kosh.labour.pipelines import snapshot_tables, stay_control
    from kosh.labour.rules import stay_rules

    rules = stay_rules(on)  # parameters read before the clock starts (as the nightly run)
    start = time.perf_counter()
    frame = stay_control(snapshot_tables(duckdb_connect(), folder), rules).to_pandas()
    return len(frame), time.perf_counter() - start


REFERENCE = """
WITH c AS (
  SELECT person_id, direction, CAST("at" AS DATE) AS d,
         lead(direction) OVER w AS nd, lead(CAST("at" AS DATE)) OVER w AS nxt
  FROM read_parquet('{crossings}') WHERE CAST("at" AS DATE) <= DATE '{on}'
  WINDOW w AS (PARTITION BY person_id ORDER BY "at"))
SELECT person_id,
       sum(greatest(0, date_diff('day', greatest(d, DATE '{start}'),
           CASE WHEN nd = 'exit' THEN nxt WHEN nd IS NULL THEN DATE '{on}' ELSE d END) + 1))
         AS used_180,
       bool_or(nd IS NULL) AS present, max(d) FILTER (WHERE nd IS NULL) AS entry
FROM c WHERE direction = 'entry' GROUP BY person_id
"""


def run_duckdb(folder: Path, on: date) -> tuple[int, float]:
    """The plain DuckDB window query, fetched as a DataFrame."""
    import duckdb

    sql = REFERENCE.format(crossings=folder / "border_crossings.parquet", on=on.isoformat(),
                           start=(on - timedelta(days=179)).isoformat())
    start = time.perf_counter()
    frame = duckdb.connect().sql(sql).df()
    return len(frame), time.perf_counter() - start


def run_pandas(folder: Path, on: date) -> tuple[int, float]:
    """The same computation in straightforward pandas."""
    import pandas as pd

    start = time.perf_counter()
    c = pd.read_parquet(folder / "border_crossings.parquet",
                        columns=["person_id", "at", "direction"])
    c["d"] = c["at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    on_ts = pd.Timestamp(on)
    c = c[c["d"] <= on_ts].sort_values(["person_id", "at"])
    g = c.groupby("person_id", sort=False)
    c["nd"], c["nxt"] = g["direction"].shift(-1), g["d"].shift(-1)
    e = c[c["direction"] == "entry"].copy()
    end = e["d"].where(e["nd"] == "entry", e["nxt"]).where(e["nd"].notna(), on_ts)
    first = e["d"].clip(lower=on_ts - pd.Timedelta(days=179))
    e["used"] = ((end - first).dt.days + 1).clip(lower=0)
    e["present"] = e["nd"].isna()
    out = e.groupby("person_id").agg(used_180=("used", "sum"), present=("present", "any"))
    return len(out), time.perf_counter() - start


VARIANTS = {"pipeline": run_pipeline, "duckdb": run_duckdb, "pandas": run_pandas}


def child(variant: str, folder: Path, on: date) -> None:
    rows, seconds = VARIANTS[variant](folder, on)
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_gb": peak_gb()}))


def measure(variant: str, folder: Path, on: date) -> dict:
    out = subprocess.run([sys.executable, __file__, str(folder), "--on", on.isoformat(),
                          "--variant", variant], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--on", default="2025-12-31", help="the day computed")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    on = date.fromisoformat(args.on)
    if args.variant:
        child(args.variant, args.folder, on)
        return
    import duckdb

    crossings = duckdb.sql(f"SELECT count(*), count(DISTINCT person_id) FROM read_parquet("
                           f"'{args.folder / 'border_crossings.parquet'}')").fetchall()[0]
    results = {v: measure(v, args.folder, on) for v in VARIANTS}
    p, d, pd_ = results["pipeline"], results["duckdb"], results["pandas"]
    scope = f"folder={args.folder} on={on} crossings={crossings[0]:,} travellers={crossings[1]:,}"
    print(f"stay_control pipeline {scope} rows={p['rows']:,} time={p['seconds']:.2f}s "
          f"peak_rss={p['peak_gb']:.2f}GB | issue: ≤ {LIMIT_S:.0f} s, ≤ {LIMIT_GB:.0f} GB at "
          f"national scale machine={machine()}")
    print(f"stay_control duckdb_window_query rows={d['rows']:,} time={d['seconds']:.2f}s "
          f"peak_rss={d['peak_gb']:.2f}GB | pipeline/duckdb time "
          f"{p['seconds'] / d['seconds']:.2f}× (goal ≤ 2×) memory "
          f"{p['peak_gb'] / d['peak_gb']:.2f}×")
    print(f"stay_control pandas rows={pd_['rows']:,} time={pd_['seconds']:.2f}s "
          f"peak_rss={pd_['peak_gb']:.2f}GB | pipeline/pandas time "
          f"{p['seconds'] / pd_['seconds']:.2f}× memory {p['peak_gb'] / pd_['peak_gb']:.2f}×")


if __name__ == "__main__":
    main()
