"""Benchmark: ``kosh synth load`` of 1,000,000 persons (with their names, search index,
documents, addresses, categories, employments and border crossings) into PostgreSQL 15
by COPY, in one transaction with the indexes rebuilt after.

    .venv/bin/python benchmarks/synth_load.py [--persons 1000000] [--port 55498]

Starts a throw-away cluster (scripts/pg-cluster), migrates, loads the reference data,
generates a nation just large enough (temporary folder), times the load and stops the
cluster. Prints one line on stdout; compares with /work/shared/design/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from person_search import REF_COPY_ROWS_PER_S, Cluster, machine

RESIDENTS_PER_SCALE = 20_033_841


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=int(os.environ.get(
        "KOSH_BENCH_SYNTH_PG_PORT", 55498)))
    args, _ = parser.parse_known_args(argv)  # make bench passes every benchmark's options
    n = args.persons
    folder = Path(tempfile.mkdtemp(prefix="kosh-synth-load."))
    try:
        with Cluster(args.port) as cluster:
            os.environ["DATABASE_URL"] = cluster.url
            os.environ["DJANGO_SETTINGS_MODULE"] = "kosh.settings.demo"
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from kosh.geo.loading import geo_load
            from kosh.occupations.loading import occupations_load
            from kosh.synth.nation.build import nation_generate
            from kosh.synth.nation.load import nation_load

            call_command("migrate", verbosity=0)
            geo_load()
            occupations_load()
            with connection.cursor() as cur:
                cur.execute("SHOW server_version")
                pg = "pg" + cur.fetchone()[0].split(".")[0]
            scale = round(n / RESIDENTS_PER_SCALE * 1.02, 4)
            print(f"generating scale {scale:g} …", file=sys.stderr, flush=True)
            nation_generate(folder / "synth", scale=scale, seed=args.seed, progress=False)
            print(f"loading {n:,} persons …", file=sys.stderr, flush=True)
            loaded = nation_load(folder / "synth", limit=n)
            s = loaded.seconds
            rows = sum(loaded.rows.values())
            persons = loaded.rows["identity_person"]
            copy_rate = rows / s["write"]
            print(f"synth_load persons={persons:,} rows={rows:,} tables={len(loaded.rows)} "
                  f"total={s['total']:.1f}s ({rows / s['total']:,.0f} rows/s, "
                  f"{persons / s['total']:,.0f} persons/s end to end) prepare={s['prepare']:.1f}s "
                  f"copy={s['write']:.1f}s ({copy_rate:,.0f} rows/s) indexes={s['indexes']:.1f}s"
                  f" | PERFORMANCE.md: COPY persons ≈ {REF_COPY_ROWS_PER_S:,} rows/s → COPY "
                  f"{copy_rate / REF_COPY_ROWS_PER_S:.2f}× machine={machine()} {pg}", flush=True)
            for table, count in loaded.rows.items():
                print(f"  {table:<28} {count:>12,}", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
