"""The full monitoring refresh (bad-input pass, flows, O-D matrix of regions, urban/rural,
concentration, every computable indicator nationally and by region) over a nation folder on
DuckDB — issue 18: ≤ 30 s at national scale — and the dashboard served from that cache:
p50/p95 of ``/monitoring/`` and of the district map's data (issue 18: p95 ≤ 300 ms).

Runs on a throw-away SQLite database (migrated here), as a superuser (the administrator's
view). One line per figure.

    python benchmarks/monitoring_refresh.py [--dir var/bench/nation-0.01] [--requests 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TMP = tempfile.mkdtemp(prefix="kosh-monitoring-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "kosh.settings.demo"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from common import machine  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from kosh.access.policy import system_actor  # noqa: E402
from kosh.monitoring.services import monitoring_refresh  # noqa: E402


def timed(client: Client, url: str, n: int) -> tuple[float, float]:
    """p50 and p95 in ms of ``n`` GETs of ``url`` (after one warm-up)."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="var/bench/nation-0.01", type=Path)
    parser.add_argument("--requests", default=40, type=int)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    run = monitoring_refresh(actor=system_actor(), directory=args.dir,
                             as_of=dt.date(2026, 11, 30))
    total = time.perf_counter() - started
    print(f"monitoring_refresh dir={args.dir.name} events={run.quality['events']:,} "
          f"compute={run.seconds:.1f}s total={total:.1f}s (with storing) | issue: ≤ 30 s at "
          f"national scale machine={machine()}", flush=True)
    user = get_user_model().objects.create_superuser("bench", password="x")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    for label, url in (("dashboard", "/monitoring/"),
                       ("map_districts", "/monitoring/map.json?metric=net&level=district"),
                       ("open_od", "/api/monitoring/open/tables/od")):
        p50, p95 = timed(client, url, args.requests)
        print(f"monitoring_page {label} p50={p50:.0f}ms p95={p95:.0f}ms n={args.requests} | "
              f"issue: dashboard from cache p95 ≤ 300 ms machine={machine()}", flush=True)


if __name__ == "__main__":
    main()
