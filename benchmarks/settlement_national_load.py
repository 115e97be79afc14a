"""The settlement part of ``kosh synth load`` at national scale, alone: the kandas and
resettler tables of a generated nation (1.16 M kandas records, 35 k resettlers) turned
into rows (``mapping.kandas`` / ``mapping.resettlers``: categories, families, members,
statuses, relocation support and payments, housing prices) and COPied into a fresh
PostgreSQL as the loader does (indexes dropped and rebuilt, ``rows_write``), beside a bare
COPY of the same rows (prepared CSV into tables without index or constraint) measured in
the same run. Target: ≤ 2 min.

    .venv/bin/python benchmarks/settlement_national_load.py [--nation var/bench/nation-1.0]

The 22.9 M persons are not loaded: person ids are the snapshot's ids (the loader's
offset of an empty registry), and the foreign keys to ``identity_person`` are restored
``NOT VALID`` (not checked) — everything else is restored and checked as the loader does.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from common import Cluster, log, machine_nproc

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TABLES = ["identity_personcategory", "settlement_family", "settlement_member",
          "settlement_kandasstatus", "settlement_support", "settlement_payment",
          "settlement_housingprice"]


def setup(env: dict) -> None:
    subprocess.run([str(BIN / "kosh"), "manage", "migrate", "-v0"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from kosh.geo.loading import geo_load

    geo_load()


def load(nation: Path) -> dict:
    """Seconds of building and of writing the settlement rows as the loader does."""
    from django.db import connection, transaction
    from django.utils import timezone

    from kosh.geo.models import District
    from kosh.synth.nation import mapping
    from kosh.synth.nation.registry import (
        indexes_drop,
        indexes_restore,
        next_ids,
        rows_write,
        sequences_reset,
    )

    out = {"build": 0.0, "write": 0.0, "rows": {}}
    started = time.perf_counter()
    with transaction.atomic():
        first = next_ids(mapping.REGISTRY_TABLES)
        ctx = mapping.LoadContext(
            directory=nation, selected=np.zeros(0, np.int64),
            offset=first["identity_person"] - 1, next_ids=dict(first),
            districts=dict(District.objects.exclude(kato="").values_list("kato", "id")),
            occupations=set(), now=timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
            known_keys=set(), tables=["persons", "kandas", "resettlers"])
        ctx.__dict__["persons_total"] = 0  # every row of the nation (no slice)
        t = time.perf_counter()
        constraints, indexes = indexes_drop(TABLES)
        out["drop"] = time.perf_counter() - t
        for build in (mapping.kandas, mapping.resettlers):
            t = time.perf_counter()
            rows = build(ctx)
            out["build"] += time.perf_counter() - t
            for table, r in rows.items():
                out["write"] += rows_write(table, r)
                out["rows"][table] = out["rows"].get(table, 0) + r.num_rows
                out.setdefault("tables", {}).setdefault(table, []).append(r)
        t = time.perf_counter()
        persons = [c for c in constraints if "identity_person(" in c[2]]
        indexes_restore(([c for c in constraints if c not in persons], indexes))
        with connection.cursor() as cur:
            for table, name, definition in persons:
                cur.execute(f"ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition} "
                            "NOT VALID")
        sequences_reset(TABLES)
        out["indexes"] = time.perf_counter() - t
    out["total"] = time.perf_counter() - started  # commit included
    return out


def bare(tables: dict) -> float:
    """Seconds of COPYing the same rows (CSV prepared beforehand) into bare tables."""
    from django.db import connection, transaction

    from kosh.synth.nation.registry import _csv

    data = {t: [_csv(r) for r in parts] for t, parts in tables.items()}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"CREATE TABLE bare_{t} (LIKE {t})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for t, parts in tables.items():
            columns = ", ".join(parts[0].column_names)
            for block in data[t]:
                with cur.cursor.copy(f"COPY bare_{t} ({columns}) FROM STDIN (FORMAT csv)") as cp:
                    cp.write(block)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nation", default="var/bench/nation-1.0")
    args, _unknown = parser.parse_known_args()
    with Cluster(durable=True, prefix="kosh-bench-settlement-load-") as cluster:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
                   DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50,
                   PYTHONPATH=str(ROOT))
        log("preparing the database …")
        setup(env)
        log(f"loading the settlement tables of {args.nation} …")
        r = load(Path(args.nation))
        log("bare COPY of the same rows …")
        ref = bare(r.pop("tables"))
        rows = sum(r["rows"].values())
        print(f"Settlement part of kosh synth load, {args.nation} (PostgreSQL 15, durable): "
              f"{rows:,} rows {r['rows']} in {r['total']:.1f} s (target ≤ 120 s): build "
              f"{r['build']:.1f} s, write (CSV + COPY) {r['write']:.1f} s, index drop "
              f"{r['drop']:.1f} s + rebuild {r['indexes']:.1f} s; bare COPY of the same rows "
              f"(CSV ready, no index) {ref:.1f} s; ratio {r['total'] / ref:.1f} — "
              f"{machine_nproc()}")


if __name__ == "__main__":
    main()
