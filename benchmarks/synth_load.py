"""Benchmark: ``kosh synth load`` into PostgreSQL 15 by COPY, a transaction per generated
table with the indexes rebuilt after — 1,000,000 persons of a nation generated for it, or
a whole generated nation (``--dir``: the 22.9 M persons of scale 1.0 with their names,
search index, documents, addresses, categories, employments and border crossings).

    .venv/bin/python benchmarks/synth_load.py [--persons 1000000] [--port 55498]
    .venv/bin/python benchmarks/synth_load.py --dir var/bench/nation-1.0 --keep DIR

Starts a throw-away cluster (scripts/pg-cluster; with ``--keep`` it stays running in DIR
for ``benchmarks/person_search.py --dir … --keep DIR --reuse``), migrates, loads the
reference data, times the load and stops the cluster. With ``--dir`` the load is the real
command (``kosh synth load --dir …`` in a child process: its peak resident memory is
read from the kernel's accounting of finished children; the time includes the VACUUM
ANALYZE after it), and the reference, measured first in the same run on the same data,
is a bare ``COPY`` of the persons table (the ``identity_person`` rows of every person)
into a table without indexes or constraints. Prints one line on stdout with the
durability settings the load ran with (a bulk load may relax them: this cluster runs with
fsync, synchronous_commit and full_page_writes off unless KOSH_PG_DURABLE=1); compares
with /work/shared/design/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Cluster, durability, load_average, log, machine
from person_search import REF_COPY_ROWS_PER_S

RESIDENTS_PER_SCALE = 20_033_841
NATION_TARGET_S = 20 * 60  # issue 21: the full national load in at most 20 minutes
BARE_TABLE = "bench_copy_persons"
LOAD_OPTIONS = "-c maintenance_work_mem=2GB -c max_wal_size=4GB"  # index builds, checkpoints


def bare_copy(directory: Path) -> tuple[int, float]:
    """The reference: the ``identity_person`` rows of every person of the nation COPYed
    into a table without indexes or constraints, a row group at a time in one
    transaction; returns (rows, seconds of COPY)."""
    import pyarrow.parquet as pq
    from django.db import connection, transaction

    from kosh.synth.nation.registry import person_tables, rows_write

    f = pq.ParquetFile(directory / "persons.parquet")
    rows, seconds = 0, 0.0
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cur.execute(f"CREATE TABLE {BARE_TABLE} (LIKE identity_person)")
    with transaction.atomic():
        for g in range(f.num_row_groups):
            batch = f.read_row_group(g)
            person = person_tables(batch, ids=batch.column("id").to_numpy(), next_ids={
                t: 1 for t in ("identity_personname", "identity_nameindex",
                               "identity_namekey", "identity_namepair")}, known_keys=set(),
                now="2024-01-01 00:00:00")["identity_person"]
            seconds += rows_write(BARE_TABLE, person)
            rows += person.num_rows
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {BARE_TABLE}")
    return rows, seconds


def nation(args: argparse.Namespace) -> int:
    """The real command on a whole generated nation, beside a bare COPY of its persons."""
    directory = Path(args.dir).resolve()
    manifest = json.loads((directory / "manifest.json").read_text())
    os.environ.setdefault("KOSH_PG_OPTIONS", LOAD_OPTIONS)  # read by scripts/pg-cluster
    with Cluster(args.port, args.keep) as cluster:
        os.environ["DATABASE_URL"] = cluster.url
        os.environ["DJANGO_SETTINGS_MODULE"] = "kosh.settings.demo"
        import django

        django.setup()
        from django.core.management import call_command

        from kosh.geo.loading import geo_load
        from kosh.occupations.loading import occupations_load

        call_command("migrate", verbosity=0)
        geo_load()
        occupations_load()
        where = (f"machine={machine()} pg15 {durability()} "
                 f"{os.environ['KOSH_PG_OPTIONS'].replace('-c ', '')}")
        log(f"reference: bare COPY of the persons table ({where})")
        ref_rows, ref_s = bare_copy(directory)
        log(f"  {ref_rows:,} rows in {ref_s:.1f} s ({ref_rows / ref_s:,.0f} rows/s); "
            f"{load_average()}")
        from django.db import connection

        connection.close()
        log(f"kosh synth load --dir {directory} …")
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out = subprocess.run(
            [str(ROOT / ".venv/bin/kosh"), "synth", "load", "--dir", str(directory)],
            env=os.environ | {"PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        sys.stderr.write(out.stdout)
        if out.returncode:
            log(f"!! kosh synth load failed after {seconds:.0f} s (run it again to resume)")
            return out.returncode
        loaded = re.search(r"in ([\d.]+) s: ([\d,]+) rows", out.stdout)
        load_s, rows = float(loaded.group(1)), int(loaded.group(2).replace(",", ""))
        persons = manifest["tables"]["persons"]["rows"]
        rate = rows / seconds
        target = (f"; target ≤ {NATION_TARGET_S // 60} min "
                  f"{'met' if seconds <= NATION_TARGET_S else 'NOT met'}"
                  if manifest["scale"] >= 1 else "")
        print(f"synth_load_nation persons={persons:,} rows={rows:,} time={seconds:.0f}s "
              f"(load {load_s:.0f}s + vacuum analyze {seconds - load_s:.0f}s; {rate:,.0f} "
              f"rows/s, {persons / seconds:,.0f} persons/s end to end) peak_rss="
              f"{max(peak, before) / 1024**2:.2f}GB | same run, bare COPY of the persons "
              f"table: {ref_rows:,} rows in {ref_s:.1f}s ({ref_rows / ref_s:,.0f} rows/s) → "
              f"the whole load takes {seconds / ref_s:.1f}× its time, rows/s "
              f"{rate / (ref_rows / ref_s):.2f}×{target} | {where} (inside the "
              f"load) {load_average()}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", default="", help="load this generated nation, all of it")
    parser.add_argument("--keep", metavar="DIR", default="",
                        help="keep the cluster (running) in DIR instead of a temporary one")
    parser.add_argument("--port", type=int, default=int(os.environ.get(
        "KOSH_BENCH_SYNTH_PG_PORT", 55498)))
    args, _ = parser.parse_known_args(argv)  # make bench passes every benchmark's options
    if args.dir:
        return nation(args)
    n = args.persons
    folder = Path(tempfile.mkdtemp(prefix="kosh-synth-load."))
    try:
        with Cluster(args.port, args.keep) as cluster:
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
                  f"{copy_rate / REF_COPY_ROWS_PER_S:.2f}× machine={machine()} {pg} "
                  f"{durability()} {load_average()}", flush=True)
            for table, count in loaded.rows.items():
                print(f"  {table:<28} {count:>12,}", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
