"""The origin–destination matrix by month × district × district over a nation folder's
registration events on DuckDB (issue 18: ≤ 0.3 s at national scale, 6.1 M events; ≤ 0.8 s
at 20 M), measured in the same run beside a plain DuckDB SQL query over the same file
(goal ≤ 1.5×) and a straightforward pandas version; then the same at 20 M events (the
events repeated with shifted years, written into a temporary folder).

Two pipeline figures: ``od`` is the Ibis O-D matrix alone (what the plain query does);
``checked`` adds the bad-input pass the monitoring always runs first (known districts, not
future-dated, duplicates counted once — ``pipelines.clean``). Best of three runs after a
warm-up, results fetched to pandas in every variant.

    python benchmarks/monitoring_od.py [--dir var/bench/nation-0.01] [--no-20m]
        [--big-from var/bench/nation-1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")

import django

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from common import machine  # noqa: E402

from kosh.analytics.backends import duckdb_connect  # noqa: E402
from kosh.monitoring import pipelines as P  # noqa: E402

TARGET_20M = 20_000_000
AS_OF = dt.date(9999, 12, 31)  # shifted copies lie in the future: nothing is left out
LIMITS = {"national": 0.3, "20m": 0.8}

PLAIN = """
SELECT year(date) * 100 + month(date) AS period, from_district AS origin,
       to_district AS destination, count(*) AS moves
FROM read_parquet('{path}') GROUP BY ALL
"""


def best(fn: Callable[[], object], runs: int = 3) -> tuple[float, object]:
    """Best wall time of ``runs`` calls after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def measure(path: Path) -> dict[str, float | int]:
    """Seconds of each variant over the events file at ``path`` (and a check that the
    pipeline and the plain query count the same moves)."""
    con = duckdb_connect()
    events = con.read_parquet(path)
    od = P.od_matrix(events, level="district", period="month")
    checked = P.od_matrix(P.clean(events, as_of=AS_OF), level="district", period="month")
    plain = duckdb.connect()
    sql = PLAIN.format(path=path)

    def pandas_od() -> pd.DataFrame:
        f = pd.read_parquet(path, columns=["date", "from_district", "to_district"])
        d = pd.to_datetime(f["date"])
        f["period"] = d.dt.year * 100 + d.dt.month
        return f.groupby(["period", "from_district", "to_district"], observed=True).size()

    t_od, r_od = best(od.execute)
    t_checked, _ = best(checked.execute)
    t_plain, r_plain = best(lambda: plain.sql(sql).df())
    t_pandas, _ = best(pandas_od, runs=1)
    assert int(r_od["moves"].sum()) == int(r_plain["moves"].sum())
    rows = int(plain.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0])
    return {"events": rows, "cells": len(r_od), "od": t_od, "checked": t_checked,
            "plain": t_plain, "pandas": t_pandas}


def repeat_to(path: Path, target: int, out: Path) -> Path:
    """Write the events of ``path`` repeated with shifted years (7 years a copy, ids made
    unique) until about ``target`` rows, into ``out``."""
    con = duckdb.connect()
    n, span = con.sql(f"SELECT count(*), max(event_id) FROM read_parquet('{path}')").fetchall()[0]
    copies = -(-target // n)  # enough copies, then cut at ``target`` rows
    dest = out / "registration_events.parquet"
    con.sql(f"""COPY (SELECT * REPLACE (event_id + k * {span} AS event_id,
                                         date + to_years(CAST(7 * k AS INTEGER)) AS date)
                 FROM read_parquet('{path}'), range({copies}) AS t(k) LIMIT {target})
                TO '{dest}' (FORMAT parquet, COMPRESSION zstd)""")
    return dest


def line(label: str, m: dict[str, float | int], limit: float | None) -> str:
    """One result line."""
    target = f" target ≤ {limit} s" if limit else ""
    return (f"monitoring_od {label} events={m['events']:,} cells={m['cells']:,} "
            f"od={m['od']:.3f}s checked={m['checked']:.3f}s plain_sql={m['plain']:.3f}s "
            f"pandas={m['pandas']:.3f}s | od/plain={m['od'] / m['plain']:.2f}x "
            f"checked/plain={m['checked'] / m['plain']:.2f}x "
            f"pandas/od={m['pandas'] / m['od']:.1f}x{target} (goal ≤ 1.5× plain) "
            f"machine={machine()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="var/bench/nation-0.01", type=Path)
    parser.add_argument("--no-20m", action="store_true")
    parser.add_argument("--big-from", default="var/bench/nation-1.0", type=Path,
                        help="the folder whose events are repeated to 20 M (national: about "
                        "3 copies; a 1 %% folder would need 330 copies over 2,300 years)")
    args = parser.parse_args()
    path = args.dir / "registration_events.parquet"
    national = "national" if "national" in str(args.dir) else args.dir.name
    print(line(national, measure(path), LIMITS.get(national)), flush=True)
    if not args.no_20m:
        with tempfile.TemporaryDirectory(prefix="kosh-od-") as tmp:
            source = args.big_from / "registration_events.parquet"
            big = repeat_to(source if source.is_file() else path, TARGET_20M, Path(tmp))
            print(line("20m", measure(big), LIMITS["20m"]), flush=True)


if __name__ == "__main__":
    main()
