"""Stay control over a synthetic nation's Parquet snapshot (issue 16: at national scale,
2.9 M foreigners and 16.4 M border crossings, ≤ 5 s and ≤ 2 GB), beside two references
measured in the same run over the same files: a plain DuckDB window query (days used in
the last 180 days, presence and current entry per person: the core of the computation
without rules by citizenship, permits or regions) and a straightforward pandas version of
that query. Each variant runs in a process of its own so its peak memory is its own;
results are fetched as Arrow (the nightly run writes them from Arrow), pandas' as a
DataFrame. One line per figure, with the load average of the machine.

``--pg``: then the write-back into a throw-away PostgreSQL 15 (durable: fsync,
synchronous_commit and full_page_writes on; its settings are printed): the whole nightly
run (``stay_control_run``: pipeline, delete of the previous rows, COPY, counts, audit)
twice (the second replaces the first's rows), the COPY of the rows alone, a bare COPY of
the same CSV into a table without index or key, and ``bulk_create`` (the former write) on
a slice of the rows, in rows per second.

    .venv/bin/python benchmarks/stay_control.py var/bench/nation-0.01 [--on 2025-12-31] [--pg]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from common import Cluster, load_average, machine, peak_gb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LIMIT_S, LIMIT_GB = 5.0, 2.0


def run_pipeline(folder: Path, on: date) -> tuple[int, float]:
    """The Kosh pipeline (Ibis on DuckDB), results fetched as Arrow."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    from kosh.analytics.backends import duckdb_connect
    from kosh.labour.pipelines import snapshot_tables, stay_control
    from kosh.labour.rules import stay_rules

    rules = stay_rules(on)  # parameters read before the clock starts (as the nightly run)
    start = time.perf_counter()
    rows = stay_control(snapshot_tables(duckdb_connect(), folder), rules).to_pyarrow()
    return rows.num_rows, time.perf_counter() - start


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
    """The plain DuckDB window query, fetched as Arrow."""
    import duckdb

    sql = REFERENCE.format(crossings=folder / "border_crossings.parquet", on=on.isoformat(),
                           start=(on - timedelta(days=179)).isoformat())
    start = time.perf_counter()
    rows = duckdb.connect().sql(sql).fetch_arrow_table()
    return rows.num_rows, time.perf_counter() - start


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


def run_writeback(folder: Path, on: date) -> dict:
    """The nightly run into PostgreSQL (``DATABASE_URL``, migrated), then its write alone,
    a bare COPY and ``bulk_create``; seconds and rows."""
    import django

    django.setup()
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from django.db import connection, transaction

    from kosh.access.policy import system_actor
    from kosh.analytics.backends import duckdb_connect
    from kosh.labour.models import StayRun, StayStatus
    from kosh.labour.pipelines import snapshot_tables, stay_control
    from kosh.labour.rules import stay_rules
    from kosh.labour.services import stay_control_run, stay_rows, stay_rows_write

    out: dict = {}
    with connection.cursor() as cur:
        cur.execute("SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('fsync', "
                    "'synchronous_commit', 'full_page_writes', 'wal_level', "
                    "'shared_buffers', 'max_wal_size') ORDER BY name")
        out["settings"] = " ".join(f"{k}={v}" for k, v in cur.fetchall())
    for night in ("first", "second"):
        start = time.perf_counter()
        run = stay_control_run(actor=system_actor(), folder=folder, on=on)
        out[f"run_{night}"] = time.perf_counter() - start
    out["rows"] = run.persons
    result = stay_control(snapshot_tables(duckdb_connect(), folder), stay_rules(on))
    result = result.filter(result.present | (result.used_180 > 0)
                           | (result.entries_without_exit > 0) | (result.exits_without_entry > 0))
    rows = result.to_pyarrow()
    try:
        with transaction.atomic():
            start = time.perf_counter()
            StayStatus.objects.all().delete()
            out["delete"] = time.perf_counter() - start
            start = time.perf_counter()
            stay_rows_write(run=run, rows=rows)
            out["copy"] = time.perf_counter() - start
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    table = stay_rows(run, rows)
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, batch_size=65536))
    data, columns = sink.getvalue(), ", ".join(table.column_names)
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE bare_stay AS SELECT {columns} FROM labour_staystatus "
                    "WITH NO DATA")  # the same columns, no key, no index, no constraint
    with transaction.atomic(), connection.cursor() as cur:
        start = time.perf_counter()
        with cur.cursor.copy(f"COPY bare_stay ({columns}) FROM STDIN (FORMAT csv)") as cp:
            cp.write(data)
        out["bare_copy"] = time.perf_counter() - start
    n = min(table.num_rows, 100_000)
    objects = [StayStatus(**r) for r in table.slice(0, n).to_pylist()]
    try:
        with transaction.atomic():
            StayStatus.objects.all().delete()
            start = time.perf_counter()
            StayStatus.objects.bulk_create(objects, batch_size=5000)
            out["bulk_create"], out["bulk_rows"] = time.perf_counter() - start, n
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    out["runs"] = StayRun.objects.count()
    return out


def child(variant: str, folder: Path, on: date) -> None:
    if variant == "writeback":
        print(json.dumps({**run_writeback(folder, on), "peak_gb": peak_gb()}))
        return
    rows, seconds = VARIANTS[variant](folder, on)
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_gb": peak_gb()}))


def measure(variant: str, folder: Path, on: date, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, str(folder), "--on", on.isoformat(),
                          "--variant", variant], capture_output=True, text=True,
                         cwd=ROOT, env=env)
    if out.returncode:
        sys.exit(f"{variant} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def writeback(folder: Path, on: date) -> None:
    """Start a durable throw-away PostgreSQL, migrate, measure the write-back, stop."""
    with Cluster(durable=True, prefix="kosh-bench-stay-") as cluster:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
                   DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50,
                   PYTHONPATH=str(ROOT))
        subprocess.run([str(Path(sys.executable).parent / "kosh"), "manage", "migrate", "-v0"],
                       env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        w = measure("writeback", folder, on, env)
    rows = w["rows"]
    print(f"stay_control write-back PostgreSQL 15 ({w['settings']}) rows={rows:,} | nightly "
          f"run (pipeline + delete + COPY + counts + audit) {w['run_first']:.2f}s into an "
          f"empty table, {w['run_second']:.2f}s replacing the previous rows | delete of "
          f"the previous rows {w['delete']:.2f}s | COPY (stay_rows_write) {w['copy']:.2f}s "
          f"= {rows / w['copy']:,.0f} rows/s | bare COPY of the same CSV, no index "
          f"{w['bare_copy']:.2f}s = {rows / w['bare_copy']:,.0f} rows/s | bulk_create "
          f"{w['bulk_rows']:,} rows {w['bulk_create']:.2f}s = "
          f"{w['bulk_rows'] / w['bulk_create']:,.0f} rows/s | peak_rss={w['peak_gb']:.2f}GB "
          f"{load_average()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--on", default="2025-12-31", help="the day computed")
    parser.add_argument("--pg", action="store_true", help="also measure the write-back")
    parser.add_argument("--variant", choices=[*sorted(VARIANTS), "writeback"],
                        help=argparse.SUPPRESS)
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
          f"national scale machine={machine()} {load_average()}")
    print(f"stay_control duckdb_window_query rows={d['rows']:,} time={d['seconds']:.2f}s "
          f"peak_rss={d['peak_gb']:.2f}GB | pipeline/duckdb time "
          f"{p['seconds'] / d['seconds']:.2f}× (goal ≤ 2×) memory "
          f"{p['peak_gb'] / d['peak_gb']:.2f}×")
    print(f"stay_control pandas rows={pd_['rows']:,} time={pd_['seconds']:.2f}s "
          f"peak_rss={pd_['peak_gb']:.2f}GB | pipeline/pandas time "
          f"{p['seconds'] / pd_['seconds']:.2f}× memory {p['peak_gb'] / pd_['peak_gb']:.2f}× "
          f"{load_average()}")
    if args.pg:
        writeback(args.folder, on)


if __name__ == "__main__":
    main()
