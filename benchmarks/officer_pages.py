"""Officers' everyday pages under 50 concurrent signed-in sessions, on PostgreSQL with
production durability, beside a bare Django page measured in the same run by the same
server process.

    .venv/bin/python benchmarks/officer_pages.py [--nation var/bench/nation-0.01]
        [--cases 3000] [--sessions 50] [--think 1.0] [--seconds 40] [--ref-seconds 15]
        [--workers nproc+1] [--threads 4]

Starts a throw-away PostgreSQL cluster (scripts/pg-cluster, ``KOSH_PG_DURABLE=1``: fsync,
synchronous_commit and full_page_writes on) and prints what the server reports. Builds the
demo database (migrate, reference data, demo logins and persons), loads the synthetic
nation ``--nation`` into the registry with ``kosh synth load`` (the 1 % nation: 229,200
persons with their names, documents, addresses, categories and events), and gives
``--cases`` of its foreign residents an open Neo Nomad case each (copies of one case
submitted through ``kosh.cases.services.case_submit``: the case, its evaluation with the
trace, its seven files and its history). Then serves Kosh with gunicorn under
``kosh.settings.bench`` (``--workers`` processes of ``--threads`` threads).

``--sessions`` officers (the migration officer's account, one signed-in session each)
work at once: each opens a page, reads it for an exponentially distributed think time of
mean ``--think`` seconds, and opens the next, in this mix:

* search (30 %): ``/persons/?q=`` a registered person's full name (a quarter of them with
  the birth year), or an IIN;
* person card (30 %): ``/persons/<id>/`` (a read audited with its purpose);
* case queue (15 %): ``/cases/queue/``, one of its first five pages or filtered by status;
* case page (25 %): ``/cases/<id>/`` (the rules applied again for the officer, evidence,
  history, files).

Reference: the same sessions with the same think time opening ``/bench/page`` (a bare
Django view: the session and user lookups, a trivial template). Target (issue 21): p95 of
the mix ≤ 300 ms. Prints p50/p95/p99 per page and overall, pages per second, errors.
"""

import argparse
import http.client
import os
import random
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from api_submissions import CLOSED_IDLE, SERVER_SETTINGS, application, kosh, serve
from common import Cluster, durability, free_port, log, machine_nproc

ROOT = Path(__file__).resolve().parents[1]
# measure the checkout this script is in (a worktree too), not the ``kosh`` package the
# virtualenv has installed: here, in the ``kosh`` commands and in gunicorn
sys.path.insert(0, str(ROOT))

MIX = (("search", 0.30), ("card", 0.30), ("queue", 0.15), ("case", 0.25))


def cases_make(count: int, rng: random.Random) -> list[int]:
    """``count`` open Neo Nomad cases of foreign residents of the registry: one submitted
    through the case service, the others copies of it (case, evaluation, files,
    history) for other persons, submitted over the last 60 days."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from kosh.access.policy import actor_for
    from kosh.cases.demo import sample_uploads
    from kosh.cases.models import Case, CaseEvent, CaseFile, RuleEvaluation
    from kosh.cases.services import case_submit
    from kosh.cases.statuses import CaseStatus
    from kosh.identity.models import Person

    officer = get_user_model().objects.get(username="migration")
    persons = list(Person.objects.exclude(citizenship_id="KAZ")
                   .exclude(citizenship_id__isnull=True).exclude(cases__isnull=False)
                   .order_by("id").values_list("id", flat=True)[:count * 3])
    persons = rng.sample(persons, min(count, len(persons)))
    template, _ = case_submit(actor=actor_for(officer, channel="web"), instrument="neo_nomad",
                              data=application(timezone.localdate()), person_id=persons[0],
                              uploads=sample_uploads("neo_nomad"))
    evaluation = template.evaluations.get()
    files = list(template.files.order_by("id"))
    submitted, *documents = template.events.order_by("at", "id")
    now = timezone.now()
    with transaction.atomic():
        cases = Case.objects.bulk_create([
            Case(instrument=template.instrument, applicant_id=pid,
                 status=rng.choice((CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW)),
                 data=template.data, submitted_by=officer, channel=template.channel,
                 payload_digest=template.payload_digest,
                 submitted_at=now - timedelta(days=rng.uniform(0, 60)),
                 assessed_on=template.assessed_on,
                 expected_decision_on=template.expected_decision_on
                 + timedelta(days=rng.randint(-30, 30)),
                 processing_working_days=template.processing_working_days)
            for pid in persons[1:]
        ], batch_size=1000)
        RuleEvaluation.objects.bulk_create([
            RuleEvaluation(case=c, purpose=evaluation.purpose, assessed_on=c.assessed_on,
                           rule_version=evaluation.rule_version, eligible=evaluation.eligible,
                           result=evaluation.result, trace=evaluation.trace)
            for c in cases], batch_size=500)
        copies = CaseFile.objects.bulk_create([
            CaseFile(case=c, kind=f.kind, name=f.name, content_type=f.content_type,
                     size=f.size, sha256=f.sha256, content=f.content, uploaded_by=officer)
            for c in cases for f in files], batch_size=2000)
        CaseEvent.objects.bulk_create([
            CaseEvent(case=c, kind=e.kind, to_status=e.to_status, actor=officer,
                      actor_name=e.actor_name, role=e.role, text=e.text,
                      data=e.data | ({"file": copies[i * len(files) + j - 1].pk} if j else {}))
            for i, c in enumerate(cases) for j, e in enumerate([submitted, *documents])],
            batch_size=2000)
    return [template.pk, *(c.pk for c in cases)]


def sessions_open(count: int) -> list[str]:
    """``count`` signed-in sessions of the migration officer (the session rows a sign-in
    writes, without hashing the password ``count`` times)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username="migration")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for _ in range(count):
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        keys.append(session.session_key)
    return keys


def prepare(env: dict, nation: Path, cases: int, sessions: int, seed: int) -> dict:
    """The demo database, the nation, the cases and the sessions; what the pages ask for."""
    kosh(env, "manage", "migrate", "-v0")
    kosh(env, "load-reference")
    kosh(env, "documents", "keys")
    kosh(env, "demo-data", "--persons", "30")
    started = time.perf_counter()
    kosh(env, "synth", "load", "--dir", str(nation), "--quiet")
    log(f"nation loaded in {time.perf_counter() - started:.0f} s")
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings as django_settings
    from django.db import connection

    from kosh.identity.models import Person

    rng = random.Random(seed)
    started = time.perf_counter()
    case_ids = cases_make(cases, rng)
    log(f"{len(case_ids)} cases made in {time.perf_counter() - started:.0f} s")
    people = list(Person.objects.order_by("?").values_list("id", "display_name", "birth_date",
                                                           "iin")[:4000])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    found = {
        "persons": [p[0] for p in people], "cases": case_ids,
        "queries": [f"{name} {born.year}" if born and rng.random() < 0.25 else name
                    for _, name, born, _ in people if name],
        "iins": [iin for *_, iin in people if iin],
        "sessions": sessions_open(sessions),
        "cookie": django_settings.SESSION_COOKIE_NAME,
        "persons_total": Person.objects.count(),
    }
    connection.close()
    return found


def page_path(kind: str, data: dict, rng: random.Random) -> str:
    if kind == "search":
        q = rng.choice(data["iins"]) if rng.random() < 0.2 else rng.choice(data["queries"])
        return "/persons/?" + urlencode({"q": q})
    if kind == "card":
        return f"/persons/{rng.choice(data['persons'])}/"
    if kind == "queue":
        if rng.random() < 0.3:
            return "/cases/queue/?" + urlencode({"status": rng.choice(("submitted",
                                                                       "under_review"))})
        return f"/cases/queue/?page={rng.randint(1, 5)}"
    if kind == "case":
        return f"/cases/{rng.choice(data['cases'])}/"
    return "/bench/page"


def session_run(port: int, cookie: str, data: dict, kinds: list[str] | None, think: float,
                until: float, seed: int, out: dict, errors: list) -> None:
    """One officer: open a page, think, open the next, until ``until``."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept-Language": "ru"}
    time.sleep(rng.uniform(0, think))  # officers do not all start at the same instant
    while time.perf_counter() < until:
        kind = (rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
                if kinds is None else "reference")
        path = page_path(kind, data, rng)
        start = time.perf_counter()
        for attempt in (1, 2):  # as a browser, once more when the server closed an idle
            try:               # kept-alive connection
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException) as err:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = type(err).__name__
                if attempt == 2 or not isinstance(err, CLOSED_IDLE):
                    break
        out[kind].append(time.perf_counter() - start)
        if status != 200:
            errors.append((kind, path, status))
        time.sleep(rng.expovariate(1 / think) if think else 0)
    conn.close()


def load_run(port: int, data: dict, reference: bool, think: float, seconds: float,
             seed: int) -> tuple[dict, list, float]:
    """Every session at once for ``seconds``; latencies by page kind, errors, seconds."""
    out: dict = defaultdict(list)
    errors: list = []
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=session_run, args=(
        port, f"{data['cookie']}={key}", data, ["reference"] if reference else None, think,
        until, seed + i, out, errors)) for i, key in enumerate(data["sessions"])]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, errors, time.perf_counter() - start


def pct(values: list[float]) -> str:
    p50, p95, p99 = np.percentile(values, [50, 95, 99]) * 1000
    return f"p50 {p50:.0f} / p95 {p95:.0f} / p99 {p99:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nation", type=Path, default=ROOT / "var/bench/nation-0.01")
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--ref-seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args, _unknown = parser.parse_known_args()  # make bench passes every script the same
    if not (args.nation / "manifest.json").exists():
        sys.exit(f"no nation at {args.nation} (kosh synth --scale 0.01 --seed 7 --out …)")
    started = time.perf_counter()
    with Cluster(durable=True, prefix="kosh-bench-pages-") as cluster:
        server = None
        try:
            env = dict(os.environ, PYTHONPATH=str(ROOT),
                       DJANGO_SETTINGS_MODULE="kosh.settings.bench",
                       DATABASE_URL=cluster.url, KOSH_SECRET_KEY="bench-" + "x" * 50)
            log("preparing the database …")
            data = prepare(env, args.nation, args.cases, args.sessions, args.seed)
            settings = durability(SERVER_SETTINGS, url=cluster.url)
            port = free_port()
            server = serve(env, port, args.workers, args.threads)
            log(f"warming up for {args.warmup:.0f} s …")
            load_run(port, data, False, args.think, args.warmup, args.seed + 1000)
            log(f"reference page for {args.ref_seconds:.0f} s …")
            ref, ref_errors, ref_s = load_run(port, data, True, args.think, args.ref_seconds,
                                              args.seed + 2000)
            log(f"page mix for {args.seconds:.0f} s …")
            mix, errors, mix_s = load_run(port, data, False, args.think, args.seconds,
                                          args.seed + 3000)
            for kind, path, status in errors[:5]:
                log(f"error: {kind} {path} → {status}")
            load = os.getloadavg()
            every = [v for values in mix.values() for v in values]
            where = (f"{args.sessions} sessions, think {args.think:g} s; PostgreSQL {settings}; "
                     f"gunicorn {args.workers} workers × {args.threads} threads; "
                     f"{data['persons_total']:,} persons, {len(data['cases']):,} open cases; "
                     f"load average {load[0]:.1f} {load[1]:.1f}; {machine_nproc()}")
            for kind, _ in MIX:
                print(f"officer pages {kind}: {pct(mix[kind])} ({len(mix[kind])} pages)")
            p95 = float(np.percentile(every, 95)) * 1000
            ref_p95 = float(np.percentile(ref["reference"], 95)) * 1000
            print(f"officer pages mix: {pct(every)}, {len(every) / mix_s:.0f} pages/s, "
                  f"{len(errors)} errors (target p95 ≤ 300 ms) — {where}")
            print(f"officer pages reference (bare Django page, session lookup, trivial "
                  f"template): {pct(ref['reference'])}, {len(ref['reference']) / ref_s:.0f} "
                  f"pages/s, {len(ref_errors)} errors; mix p95 / reference p95 "
                  f"{p95 / ref_p95:.1f}× — whole run {time.perf_counter() - started:.0f} s")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=20)


if __name__ == "__main__":
    main()
