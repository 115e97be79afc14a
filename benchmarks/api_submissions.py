"""Application submissions through the REST API on PostgreSQL with production durability,
beside a bare django-ninja endpoint measured in the same run by the same server process.

    .venv/bin/python benchmarks/api_submissions.py [--levels 1,3,6,12,25,50] [--seconds 8]
        [--open-seconds 15] [--workers nproc+1] [--threads 2] [--persons 25000]
        [--only cases|reference|floor]

Starts a throw-away PostgreSQL cluster (scripts/pg-cluster, ``KOSH_PG_DURABLE=1``: fsync,
synchronous_commit and full_page_writes on) and prints what the server reports. Builds the
demo database in it (migrate, reference data, demo logins), registers ``--persons``
applicant persons and an API token of the migration officer, then serves Kosh with
gunicorn (``--workers`` processes of ``--threads`` threads) under ``kosh.settings.bench``,
which adds the reference endpoints of ``kosh.bench`` to Kosh's URLs.

Three endpoints, each measured the same way:

* case engine: ``POST /api/cases`` with complete Neo Nomad applications (documents
  included), one person each, each with its own ``Idempotency-Key``; every submission
  runs the rules (with trace) and writes the case, its evaluation, files, history and
  audit rows;
* reference: ``POST /bench/api/rows``, a bare django-ninja endpoint (the same token
  authentication) that inserts one row and one audit event (``audit_record``, the hash
  chain) in one transaction;
* floor: ``POST /bench/api/floor``, the work a submission cannot skip and nothing more:
  the same body as the case engine's (one person throughout), its seven documents parsed,
  the rules applied with their trace, then one row and one audit event as the reference.
  Its ratio to the reference is the most any case engine could reach on this machine
  before it stores the case, evaluation, files, history and audit rows.

Maximum sustainable rate: closed loop, ``--seconds`` at each number of clients in
``--levels`` (each client one kept-alive connection, sending as soon as it has its
answer); the maximum is the best throughput of a level without errors. Then an open loop
paced at 80 % of that maximum for ``--open-seconds`` (requests sent on a fixed schedule
by a pool of connections; a request's latency counts from its scheduled time, so waiting
for a free connection counts too). Targets (issue 21): case engine maximum ≥ 0.5× the
reference's, p99 ≤ 300 ms at 80 % of the maximum.

Each closed-loop level also says what a request cost in CPU: the server's processes,
PostgreSQL's (every backend and its background processes) and this process's clients
(CPU seconds over the level ÷ requests answered; a process that ends during a level
counts what it had used when last read), so that the figures show where the time goes on
the same machine in the same run.
"""

import argparse
import base64
import collections
import http.client
import itertools
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import psutil
from common import Cluster, durability, free_port, log, machine_nproc

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# the server's settings that decide what a commit costs, printed beside the figures
SERVER_SETTINGS = ("server_version", "fsync", "synchronous_commit", "full_page_writes",
                   "wal_sync_method", "shared_buffers")


def kosh(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "kosh"), *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def prepare(env: dict, persons: int) -> tuple[str, list[int]]:
    """Demo database, ``persons`` foreign persons to apply for, a migration officer's token
    and the reference endpoint's table."""
    kosh(env, "manage", "migrate", "-v0")
    kosh(env, "load-reference")
    kosh(env, "documents", "keys")
    kosh(env, "demo-data", "--persons", "30")
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from kosh.access.models import ApiToken
    from kosh.bench.views import reference_table_create
    from kosh.identity.models import Person

    rows = [Person(birth_date=date(1980, 1, 1) + timedelta(days=i % 9000), sex="MF"[i % 2],
                   display_name=f"Bench Applicant {i}", citizenship_id="UZB")
            for i in range(persons)]
    ids = [p.pk for p in Person.objects.bulk_create(rows, batch_size=2000)]
    reference_table_create()
    _, token = ApiToken.issue(user=get_user_model().objects.get(username="migration"),
                              name="bench")
    from django.db import connection

    connection.close()
    return token, ids


def application(today: date) -> dict:
    first = today.replace(day=1)
    months = []
    for _ in range(6):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(f"{first:%Y-%m}")
    entry = today + timedelta(days=30)
    return {
        "instrument": "neo_nomad", "work_arrangement": "foreign_employer",
        "employer_name": "Nordlicht Software GmbH", "employer_country": "DEU",
        "income_currency": "EUR", "monthly_income": dict.fromkeys(months, "3300.00"),
        "has_local_employment": False, "intended_entry_date": entry.isoformat(),
        "medical_insurance_from": entry.isoformat(),
        "medical_insurance_until": (entry + timedelta(days=400)).isoformat(),
        "criminal_record_clear": True, "tax_return_provided": True, "has_invitation": False,
    }


def documents() -> list[dict]:
    """The documents a Neo Nomad application carries (small sample PDFs and a PNG)."""
    from kosh.cases.demo import sample_uploads

    return [{"kind": u.kind, "name": u.name, "content": base64.b64encode(u.content).decode()}
            for u in sample_uploads("neo_nomad")]


def serve(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), "kosh.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
           "--backlog", "256", "--log-level", "warning"]
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


class Endpoint:
    """One endpoint under load: how to build the n-th request and which status is success."""

    def __init__(self, name: str, path: str, token: str, body: object, ok: int = 201):
        self.name, self.path, self.token, self.body, self.ok = name, path, token, body, ok
        self._next = itertools.count()
        self._lock = threading.Lock()
        self.errors: collections.Counter = collections.Counter()

    def failed(self, what: str) -> None:
        """Count a failed request (the first of each kind is logged)."""
        with self._lock:
            if not self.errors[what]:
                log(f"{self.name}: error {what}")
            self.errors[what] += 1

    def request(self) -> tuple[str, dict]:
        with self._lock:
            n = next(self._next)
        payload = self.body(n) if callable(self.body) else self.body
        return json.dumps(payload), {"Authorization": f"Bearer {self.token}",
                                     "Content-Type": "application/json",
                                     "Idempotency-Key": f"bench-{self.name}-{n}"}


CLOSED_IDLE = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)


class Connection:
    """One kept-alive HTTP connection; a failed request (refused, reset, or not the success
    status) counts as an error and the connection is opened again."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, endpoint: Endpoint) -> bool:
        payload, headers = endpoint.request()
        for attempt in (1, 2):
            try:
                self.conn.request("POST", endpoint.path, payload, headers)
                response = self.conn.getresponse()
                answer = response.read()
                break
            except (OSError, http.client.HTTPException) as err:
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                # the server closed a kept-alive connection that sat idle (gunicorn's
                # keep-alive is 2 s): send once more on a new one, as HTTP clients do
                if attempt == 1 and isinstance(err, CLOSED_IDLE):
                    continue
                endpoint.failed(type(err).__name__)
                return False
        if response.status != endpoint.ok:
            endpoint.failed(f"{response.status} {answer[:200].decode(errors='replace')}")
        return response.status == endpoint.ok

    def close(self) -> None:
        self.conn.close()


class Cpu:
    """CPU seconds (user + system) spent so far by the server's processes, PostgreSQL's and
    this process (the clients), so that a phase can say what a request cost each of them."""

    def __init__(self, server_pid: int, postgres_pid: int) -> None:
        self.roots = {"server": psutil.Process(server_pid),
                      "postgres": psutil.Process(postgres_pid)}
        # every process seen, with its CPU when last seen: a backend that closes (Django's
        # connections age out) keeps counting what it had used, so no total goes back
        self.seen: dict[str, dict[int, float]] = {name: {} for name in self.roots}

    def now(self) -> dict[str, float]:
        used = {}
        for name, root in self.roots.items():
            seen = self.seen[name]
            for process in (root, *root.children(recursive=True)):
                try:
                    times = process.cpu_times()
                except psutil.NoSuchProcess:  # ended meanwhile: its last reading stands
                    continue
                seen[process.pid] = times.user + times.system
            used[name] = sum(seen.values())
        used["clients"] = time.process_time()
        return used


@dataclass
class Run:
    """What one load phase measured, and the CPU it cost per request."""

    seconds: float
    latencies: list[float]
    errors: int
    cpu: dict[str, float] | None = None

    def cpu_ms(self) -> str:
        """CPU milliseconds per request of the server, PostgreSQL and the clients."""
        if not self.cpu or not self.latencies:
            return "CPU not measured"
        each = {k: v / len(self.latencies) * 1000 for k, v in self.cpu.items()}
        return (f"CPU per request: server {each['server']:.1f} ms, PostgreSQL "
                f"{each['postgres']:.1f} ms, clients {each['clients']:.1f} ms")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        return float(np.percentile(self.latencies, q)) * 1000 if self.latencies else 0.0


def closed_loop(port: int, endpoint: Endpoint, clients: int, seconds: float,
                cpu: Cpu | None = None) -> Run:
    """``clients`` connections, each sending as soon as it has its answer, for ``seconds``
    (with ``cpu``: what the phase cost each side)."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds

    def client() -> None:
        conn = Connection(port)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            ok = conn.post(endpoint)
            latencies.append(time.perf_counter() - start)
            if not ok:
                errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before = cpu.now() if cpu else None
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    used = {k: v - before[k] for k, v in cpu.now().items()} if cpu and before else None
    return Run(seconds, latencies, errors[0], used)


def open_loop(port: int, endpoint: Endpoint, rate: float, seconds: float,
              pool: int = 64) -> Run:
    """Requests at a fixed ``rate`` for ``seconds`` from ``pool`` connections; each
    latency counts from the request's scheduled time."""
    jobs: queue.Queue = queue.Queue()
    latencies: list[float] = []
    errors = [0]
    begin = time.perf_counter() + 0.2
    count = int(rate * seconds)
    for i in range(count):
        jobs.put(begin + i / rate)

    def worker() -> None:
        conn = Connection(port)
        while True:
            try:
                due = jobs.get_nowait()
            except queue.Empty:
                break
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            ok = conn.post(endpoint)
            latencies.append(time.perf_counter() - due)
            if not ok:
                errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(pool)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Run(time.perf_counter() - begin, latencies, errors[0])


@dataclass
class Figures:
    """The maximum sustainable rate and the open loop at 80 % of it."""

    best: Run
    best_clients: int
    paced: Run
    paced_rate: float


def measure(port: int, endpoint: Endpoint, levels: list[int], seconds: float,
            open_seconds: float, cpu: Cpu) -> Figures:
    log(f"{endpoint.name}: warming up …")
    closed_loop(port, endpoint, max(levels), 3)
    best, best_clients = None, 0
    for clients in levels:
        run = closed_loop(port, endpoint, clients, seconds, cpu)
        log(f"{endpoint.name}: {clients} clients {run.rate:.0f}/s p50 {run.pct(50):.0f} ms "
            f"p99 {run.pct(99):.0f} ms, {run.errors} errors; {run.cpu_ms()}")
        if run.errors == 0 and (best is None or run.rate > best.rate):
            best, best_clients = run, clients
    if best is None:
        raise RuntimeError(f"{endpoint.name}: every level had errors")
    rate = 0.8 * best.rate
    paced = open_loop(port, endpoint, rate, open_seconds)
    log(f"{endpoint.name}: open loop at {rate:.0f}/s: {paced.rate:.0f}/s p50 "
        f"{paced.pct(50):.0f} ms p99 {paced.pct(99):.0f} ms, {paced.errors} errors")
    return Figures(best, best_clients, paced, rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,3,6,12,25,50")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--open-seconds", type=float, default=15)
    parser.add_argument("--persons", type=int, default=25000)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", choices=["cases", "reference", "floor"], default=None)
    args, _unknown = parser.parse_known_args()  # make bench passes every script the same
    levels = [int(x) for x in args.levels.split(",")]
    with Cluster(durable=True, prefix="kosh-bench-api-") as cluster:
        server = None
        try:
            env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.bench",
                       DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50)
            log("preparing the database …")
            token, ids = prepare(env, args.persons)
            settings = durability(SERVER_SETTINGS, url=cluster.url)
            port = free_port()
            server = serve(env, port, args.workers, args.threads)
            cpu = Cpu(server.pid, cluster.postmaster_pid())
            how = f"gunicorn {args.workers} workers × {args.threads} threads"
            body, files = application(date.today()), documents()  # noqa: DTZ011 - server's day
            people = iter(ids)
            people_lock = threading.Lock()

            def submission(_n: int) -> dict:
                with people_lock:
                    person_id = next(people, None)
                if person_id is None:
                    raise RuntimeError("every person has applied: raise --persons")
                return {"application": body, "person_id": person_id, "documents": files}

            endpoints = {
                "reference": Endpoint("reference", "/bench/api/rows", token,
                                      {"text": "one row and one audit event"}),
                "floor": Endpoint("floor", "/bench/api/floor", token,
                                  {"application": body, "person_id": ids[0],
                                   "documents": files}),
                "cases": Endpoint("cases", "/api/cases", token, submission),
            }
            results = {name: measure(port, e, levels, args.seconds, args.open_seconds, cpu)
                       for name, e in endpoints.items() if args.only in (None, name)}
            load = os.getloadavg()
            where = (f"PostgreSQL {settings}; {how}; load average {load[0]:.1f} {load[1]:.1f}; "
                     f"{machine_nproc()}")
            labels = {"cases": "case engine POST /api/cases (Neo Nomad, rules + trace, case, "
                               "evaluation, 7 files, history, audit)",
                      "reference": "reference: bare django-ninja POST, one row + one audit row",
                      "floor": "floor: the same body validated, 7 files parsed, rules + "
                               "trace, then one row + one audit row"}
            for name, f in results.items():
                print(f"API {labels[name]}: maximum {f.best.rate:.0f}/s at {f.best_clients} "
                      f"clients (p50 {f.best.pct(50):.0f} ms, p99 {f.best.pct(99):.0f} ms); "
                      f"at 80 % ({f.paced_rate:.0f}/s paced, {f.paced.rate:.0f}/s done): "
                      f"p50 {f.paced.pct(50):.0f} ms, p95 {f.paced.pct(95):.0f} ms, "
                      f"p99 {f.paced.pct(99):.0f} ms, {f.paced.errors} errors; at the "
                      f"maximum, {f.best.cpu_ms()} — {where}")
            if {"cases", "reference"} <= set(results):
                ratio = results["cases"].best.rate / results["reference"].best.rate
                p99 = results["cases"].paced.pct(99)
                print(f"API submissions / bare endpoint: {ratio:.2f}× the reference's maximum "
                      f"(target ≥ 0.5×), case p99 at 80 % {p99:.0f} ms (target ≤ 300 ms)")
            if {"floor", "reference"} <= set(results):
                ratio = results["floor"].best.rate / results["reference"].best.rate
                print(f"API floor / bare endpoint: {ratio:.2f}× the reference's maximum (the "
                      f"most a submission that parses its files and applies its rules could "
                      f"reach, storing nothing of them)")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=20)


if __name__ == "__main__":
    main()
