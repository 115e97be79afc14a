"""Quota ledger draws per second on PostgreSQL with 50 concurrent clients and production
durability (fsync, synchronous_commit and full_page_writes on), beside a plain reference
measured in the same run.

    .venv/bin/python benchmarks/quota_draws.py [--draws 2000] [--clients 50]

Starts a throw-away PostgreSQL cluster with ``KOSH_PG_DURABLE=1`` (scripts/pg-cluster),
migrates it and publishes one foreign-labour quota line large enough for every draw. Each
client is a thread with a connection of its own; a *draw* is what a permit does:
``quota_reserve`` (the conditional update of the line, the draw row, its audit event) then
``quota_issue`` (the draw locked and confirmed, its audit event) — two transactions, each
committed to disk. The reference is the bare ``UPDATE … SET drawn = drawn + 1 WHERE drawn <
amount`` on a one-row table, one autocommitted statement per step, from the same number of
clients over plain psycopg connections. All clients contend for the same line, as permits
of one category do.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import Cluster, durability, log, machine_nproc

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = 2099


def prepare(env: dict, places: int) -> None:
    """Migrate, then publish one quota line of ``places`` (national, category 3)."""
    subprocess.run([str(BIN / "kosh"), "manage", "migrate", "-v0"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from kosh.access.policy import system_actor
    from kosh.quotas.proposals import QuotaLineProposal
    from kosh.quotas.services import quota_set_approve, quota_set_propose

    actor = system_actor("api")
    draft = quota_set_propose(actor=actor, year=YEAR, kind="foreign_labour", lines=[
        QuotaLineProposal(kind="foreign_labour", category="3", region="", year=YEAR,
                          amount=places, basis="benchmark")])
    quota_set_approve(actor=actor, quota_set_id=draft.pk)
    connection.close()


def clients_run(work, clients: int, per_client: int) -> float:
    """Seconds for ``clients`` threads to each call ``work(client, i)`` ``per_client``
    times, started together."""
    start = threading.Barrier(clients + 1)
    errors: list[Exception] = []

    def client(c: int) -> None:
        start.wait()
        try:
            for i in range(per_client):
                work(c, i)
        except Exception as err:  # reported after the run
            errors.append(err)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed, first: {errors[0]!r}")
    return seconds


def ledger(clients: int, per_client: int, tag: str) -> float:
    """Draws (reserve then issue) per second through the services."""
    from django.db import connection

    from kosh.access.policy import system_actor
    from kosh.quotas.services import quota_issue, quota_reserve

    actor = system_actor("api")

    def draw(c: int, i: int) -> None:
        reserved = quota_reserve(actor=actor, kind="foreign_labour", category="3", region="",
                                 year=YEAR, holder_ref=f"permit-{tag}-{c}-{i}",
                                 idempotency_key=f"bench-{tag}-{c}-{i}")
        quota_issue(actor=actor, draw_id=reserved.pk)
        if i == per_client - 1:
            connection.close()

    return clients * per_client / clients_run(draw, clients, per_client)


def plain(url: str, clients: int, per_client: int) -> float:
    """Bare conditional UPDATEs per second on a one-row table, autocommitted."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_plain")
        conn.execute("CREATE TABLE bench_plain (id int PRIMARY KEY, drawn int NOT NULL, "
                     "amount int NOT NULL)")
        conn.execute("INSERT INTO bench_plain VALUES (1, 0, %s)", (10 * clients * per_client,))
    connections = [psycopg.connect(url, autocommit=True) for _ in range(clients)]

    def update(c: int, i: int) -> None:
        connections[c].execute(
            "UPDATE bench_plain SET drawn = drawn + 1 WHERE id = 1 AND drawn < amount")

    try:
        return clients * per_client / clients_run(update, clients, per_client)
    finally:
        for conn in connections:
            conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    args, _unknown = parser.parse_known_args()  # make bench passes every script the same
    per_client = max(1, args.draws // args.clients)
    with Cluster(durable=True, prefix="kosh-bench-quota-") as cluster:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
                   DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50,
                   PYTHONPATH=str(ROOT))
        log("preparing the database …")
        prepare(env, places=10 * args.clients * (per_client + 2))
        settings = durability(("fsync", "synchronous_commit", "full_page_writes"),
                              url=cluster.url, sep=", ")
        log("warming up …")
        ledger(args.clients, 2, "warm")
        plain(cluster.url, args.clients, 2)
        log(f"{args.clients * per_client} draws from {args.clients} clients …")
        draws = ledger(args.clients, per_client, "run")
        reference = plain(cluster.url, args.clients, per_client)
        print(f"Quota ledger draws (reserve + issue, audited; PostgreSQL 15, {settings}, "
              f"{args.clients} clients on one line): {draws:.0f}/s; plain reference "
              f"(bare UPDATE … WHERE drawn < amount, same clients): {reference:.0f}/s; "
              f"ratio {draws / reference:.2f} — {machine_nproc()}")


if __name__ == "__main__":
    main()
