"""Application submissions per second through the REST API on PostgreSQL, with 50
concurrent clients. Target ≥ 100/s; reports throughput, p50 and p99.

    .venv/bin/python benchmarks/api_submissions.py [--submissions 3000] [--clients 50]
        [--workers nproc+1] [--threads 2] [--server gunicorn|runserver]

Starts a throw-away PostgreSQL cluster (scripts/pg-cluster), builds the demo database in
it (migrate, reference data, demo logins), registers one applicant person per submission
and an API token of the migration officer, then serves Kosh with gunicorn (``--workers``
processes of ``--threads`` threads) or Django's runserver (one threaded process). Each client thread
keeps one HTTP connection and POSTs complete Neo Nomad applications to ``/api/cases`` on
behalf of its persons, each with its own ``Idempotency-Key``; every submission runs the
rules (with trace), writes the case, its evaluation, history and audit rows.
"""

import argparse
import base64
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def machine() -> str:
    """``nproc`` and the CPU model of this machine."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    model = next((line.split(":", 1)[1].strip() for line in lines
                  if line.startswith("model name")), platform.processor())
    return f"nproc {os.cpu_count()}, {model}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kosh(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "kosh"), *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def prepare(env: dict, persons: int) -> tuple[str, list[int]]:
    """Demo database, ``persons`` foreign persons to apply for, a migration officer's token."""
    kosh(env, "manage", "migrate", "-v0")
    kosh(env, "load-reference")
    kosh(env, "documents", "keys")
    kosh(env, "demo-data", "--persons", "30")
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from kosh.access.models import ApiToken
    from kosh.identity.models import Person

    rows = [Person(birth_date=date(1980, 1, 1) + timedelta(days=i % 9000), sex="MF"[i % 2],
                   display_name=f"Bench Applicant {i}", citizenship_id="UZB")
            for i in range(persons)]
    ids = [p.pk for p in Person.objects.bulk_create(rows, batch_size=2000)]
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


def serve(kind: str, env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    if kind == "gunicorn":
        cmd = [str(BIN / "gunicorn"), "kosh.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class",
               "gthread",
               "--backlog", "256", "--log-level", "warning"]
    else:
        cmd = [str(BIN / "kosh"), "manage", "runserver", "--noreload", "--insecure",
               f"127.0.0.1:{port}"]
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


def client(port: int, token: str, body: dict, files: list[dict], ids: list[int], out: list,
           errors: list) -> None:
    """POST one application per person over one kept-alive connection; a failed request
    (refused, reset, or not 201) counts as an error and the connection is opened again."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for person_id in ids:
        payload = json.dumps({"application": body, "person_id": person_id,
                              "documents": files})
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Idempotency-Key": f"bench-{person_id}"}
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/cases", payload, headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            status = type(err).__name__
        out.append(time.perf_counter() - start)
        if status != 201:
            errors.append(status)
    conn.close()


def run(port: int, token: str, ids: list[int], clients: int) -> tuple[float, list, list]:
    body = application(date.today())  # noqa: DTZ011 - the server's local day is the same
    files = documents()
    shares = [ids[i::clients] for i in range(clients)]
    latencies: list[float] = []
    errors: list[int] = []
    threads = [threading.Thread(target=client, args=(port, token, body, files, share,
                                                     latencies, errors)) for share in shares]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    args, _unknown = parser.parse_known_args()  # make bench passes every script the same
    warmup = 2 * args.clients
    folder = tempfile.mkdtemp(prefix="kosh-bench-api-")
    os.chmod(folder, 0o755)  # as root, pg-cluster runs PostgreSQL as nobody: let it in
    url = subprocess.run([str(ROOT / "scripts/pg-cluster"), "start", f"{folder}/pg",
                          str(free_port())], check=True, capture_output=True,
                         text=True).stdout.strip()
    server = None
    try:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo", DATABASE_URL=url,
                   KOSH_SECRET_KEY="bench-" + "x" * 50)
        log("preparing the database …")
        token, ids = prepare(env, args.submissions + warmup)
        port = free_port()
        server = serve(args.server, env, port, args.workers, args.threads)
        log(f"warming up with {warmup} submissions …")
        run(port, token, ids[:warmup], args.clients)
        log(f"{args.submissions} submissions from {args.clients} clients …")
        seconds, latencies, errors = run(port, token, ids[warmup:], args.clients)
        p50, p99 = np.percentile(latencies, [50, 99]) * 1000
        how = (f"gunicorn {args.workers} workers × {args.threads} threads"
               if args.server == "gunicorn"
               else "runserver (one threaded process)")
        print(f"API submissions (PostgreSQL 15, {args.clients} clients, {how}): "
              f"{len(latencies) / seconds:.0f}/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
              f"{len(errors)} errors of {len(latencies)} (target ≥ 100/s) — {machine()}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        subprocess.run([str(ROOT / "scripts/pg-cluster"), "stop", f"{folder}/pg"], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
