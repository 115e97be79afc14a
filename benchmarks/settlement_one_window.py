"""The one-window decision for a family of 5 (members registered as persons, kandas status
decided by the rules, five places drawn from the region's kandas quota and issued, the
status, categories and audit events written): p50/p95 on PostgreSQL, beside a plain
reference measured in the same run — the bare database work of the same answer (five
conditional ``UPDATE … WHERE drawn < amount`` and six inserts in one transaction over a
plain psycopg connection). Target p95 ≤ 200 ms.

    .venv/bin/python benchmarks/settlement_one_window.py [--families 200]

Starts a throw-away PostgreSQL cluster (scripts/pg-cluster, production durability), migrates
it, loads the reference data and publishes the year's kandas quota of Pavlodar Region.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
from common import Cluster, log, machine_nproc

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAVLODAR = "550000000"


def prepare(env: dict, places: int):
    """Migrate, load regions and countries, publish the quota; return the embassy actor."""
    subprocess.run([str(BIN / "kosh"), "manage", "migrate", "-v0"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from kosh.access.models import Profile
    from kosh.access.policy import actor_for, system_actor
    from kosh.geo.loading import geo_load
    from kosh.quotas.proposals import QuotaLineProposal
    from kosh.quotas.services import quota_set_approve, quota_set_propose

    geo_load()
    year = timezone.localdate().year
    actor = system_actor("api")
    draft = quota_set_propose(actor=actor, year=year, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=PAVLODAR, year=year,
                          amount=places, basis="benchmark")])
    quota_set_approve(actor=actor, quota_set_id=draft.pk)
    user = get_user_model().objects.create(username="bench-embassy")
    Profile.objects.create(user=user, role="embassy_officer", mission_country_id="UZB")
    return actor_for(get_user_model().objects.get(pk=user.pk), channel="api")


def one_window(actor, families: int) -> np.ndarray:
    """Milliseconds of each one-window registration of a family of 5."""
    from kosh.settlement.services import MemberIn, one_window_register

    relations = ["head", "spouse", "child", "child", "child"]
    out = []
    for f in range(families):
        members = [MemberIn(relation=r, surname="Nurlanov", given_name=f"Aibek{chr(97 + i)}",
                            birth_date=date(1980 + 4 * i, 1 + f % 12, 1 + i),
                            sex="M" if i % 2 == 0 else "F") for i, r in enumerate(relations)]
        t = time.perf_counter()
        one_window_register(actor=actor, members=members, ethnic_kazakh=True,
                            was_kz_citizen=False, idempotency_key=f"bench-{f}",
                            region=PAVLODAR)
        out.append((time.perf_counter() - t) * 1000)
    return np.array(out)


def plain(url: str, families: int) -> np.ndarray:
    """Milliseconds of the bare database work of one answer, per family."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_quota, bench_rows")
        conn.execute("CREATE TABLE bench_quota (id int PRIMARY KEY, drawn int, amount int)")
        conn.execute("CREATE TABLE bench_rows (id bigserial PRIMARY KEY, family int, "
                     "name text)")
        conn.execute("INSERT INTO bench_quota VALUES (1, 0, %s)", (10 * families,))
    out = []
    with psycopg.connect(url) as conn:
        for f in range(families):
            t = time.perf_counter()
            with conn.transaction():
                for _member in range(5):
                    conn.execute("UPDATE bench_quota SET drawn = drawn + 1 "
                                 "WHERE id = 1 AND drawn < amount")
                for i in range(6):
                    conn.execute("INSERT INTO bench_rows (family, name) VALUES (%s, %s)",
                                 (f, f"member {i}"))
            out.append((time.perf_counter() - t) * 1000)
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    args, _unknown = parser.parse_known_args()
    with Cluster(durable=True, prefix="kosh-bench-settlement-") as cluster:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
                   DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50,
                   PYTHONPATH=str(ROOT))
        log("preparing the database …")
        actor = prepare(env, places=5 * (args.families + 20))
        log("warming up …")
        one_window(actor, 5)
        plain(cluster.url, 5)
        log(f"{args.families} families of 5 …")
        ms = one_window(actor, args.families)
        ref = plain(cluster.url, args.families)
        p50, p95 = np.percentile(ms, [50, 95])
        r50, r95 = np.percentile(ref, [50, 95])
        print(f"One-window decision, family of 5 (PostgreSQL 15, durable): p50 {p50:.1f} ms, "
              f"p95 {p95:.1f} ms (target ≤ 200 ms); plain reference (5 conditional UPDATEs + "
              f"6 INSERTs, one transaction): p50 {r50:.1f} ms, p95 {r95:.1f} ms; ratio of "
              f"p95 {p95 / r95:.1f} — {machine_nproc()}")


if __name__ == "__main__":
    main()
