"""Benchmark: person search by IIN and by name on a registry of N persons in PostgreSQL 15.

    .venv/bin/python benchmarks/person_search.py [--persons 1000000] [--queries 1000]

Starts a throw-away PostgreSQL cluster (scripts/pg-cluster, data under /tmp), migrates a
fresh database, loads the reference geography, generates N persons with
kosh.synth.persons and loads them with COPY in one transaction (secondary indexes and
constraints dropped first and rebuilt after), VACUUM ANALYZE (``tables_vacuum``: statistics
and the visibility map the index-only scans of the search need), then times the real
``kosh.identity.search.person_search`` as a migration officer on one connection:

* IIN: queries for the IINs of random existing persons;
* name: queries built from random existing persons, a third each in Cyrillic (surname,
  given name, patronymic), passport Latin (SURNAME GIVEN) and 2021 Latin (all three parts),
  one random typo (deletion, insertion, substitution or swap of neighbours) in 20 % of
  them, the birth year added to half of them.

Recall@20 counts a name query as found when the intended person is among the 20 results,
or, when the query does not single the person out (at least 20 persons have exactly the
intended person's keys in the parts the query names, and the query's birth year if it has
one), when one of those namesakes is returned: no ranking can tell exact namesakes apart,
so any of them is a correct answer. ``strict`` is the share with the person itself.

Each figure is printed beside a reference measured in the same run on the same data, and
the ratio: for IIN a bare btree probe (``SELECT id FROM identity_person WHERE iin = …``,
prepared, the same connection); for names the trigram search (pg_trgm GIN over every
written full name, ``%`` with ``ORDER BY similarity … LIMIT 20``, the query without its
birth year), timed over the first ``--ref-queries`` name queries. Every line states the
PostgreSQL durability settings of the run (fsync, synchronous_commit, full_page_writes,
shared_buffers). Targets (issue 21): name p95 ≤ 0.15× the trigram reference at 1 M, IIN
p95 ≤ 2 ms. One line per figure on stdout (progress goes to stderr), also compared with
/work/shared/design/PERFORMANCE.md (docs: "What this machine can do").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from common import Cluster, durability, load_average, log, machine, peak_gb

TABLES = ("identity_person", "identity_personname", "identity_nameindex", "identity_namekey",
          "identity_namepair")
TIMESTAMP = "2024-01-01 00:00:00+00"
LIMIT = 20
CHUNK = 1_000_000  # persons prepared and written at a time
# PERFORMANCE.md reference figures on this kind of machine (2 cores, EPYC Zen 4, PG 15).
REF_COPY_ROWS_PER_S = 400_000
REF_IIN_P95_MS = {1_000_000: 0.2, 5_000_000: 0.5}
NAME_TARGET_RATIO = 0.15  # name search p95 ÷ trigram p95 of the same run, at most
IIN_TARGET_P95_MS = 2.0
NAME_TARGET_P95_MS_20M = 20.0  # name search p95 at 20 M persons, at most
TRIGRAM_TABLE = "bench_trigram_names"
REF_NAME_VOCAB_P95_MS = {1_000_000: 3.0, 5_000_000: 6.0, 20_000_000: 18.0}


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    a = np.asarray(ms)
    return tuple(float(np.percentile(a, q)) for q in (50, 95, 99))  # type: ignore[return-value]


def nearest(ref: dict[int, float], n: int) -> tuple[int, float]:
    size = min(ref, key=lambda k: abs(np.log(k / n)))
    return size, ref[size]


def human(n: int) -> str:
    return f"{n // 1_000_000} M" if n % 1_000_000 == 0 else f"{n / 1_000_000:g} M"


# --------------------------------------------------------------------------- loading


def load(persons) -> dict[str, float]:
    """COPY the persons, their names, the name index and the fuzzy vocabulary in one
    transaction with the secondary indexes and constraints dropped, then rebuild them
    (the loader of ``kosh synth load``: kosh.synth.nation.registry)."""
    from django.db import connection, transaction

    from kosh.synth.nation.registry import (
        indexes_drop,
        indexes_restore,
        known_name_keys,
        next_ids,
        person_tables,
        rows_write,
        sequences_reset,
        tables_vacuum,
    )

    n = persons.num_rows
    t0 = time.perf_counter()
    prepare_s = 0.0
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    with transaction.atomic():
        dropped = indexes_drop(list(TABLES))
        ids, known = next_ids(list(TABLES)), known_name_keys()
        for start in range(0, n, CHUNK):  # a million persons at a time: bounded memory
            chunk = persons.slice(start, CHUNK)
            t1 = time.perf_counter()
            rows = person_tables(chunk, ids=chunk.column("id").to_numpy(), next_ids=ids,
                                 known_keys=known, now=TIMESTAMP)
            prepare_s += time.perf_counter() - t1
            for table, r in rows.items():
                seconds[table] = seconds.get(table, 0.0) + rows_write(table, r)
                counts[table] = counts.get(table, 0) + r.num_rows
            log(f"  {start + chunk.num_rows:,} persons written ({time.perf_counter() - t0:.0f} s)")
        log(f"  rows {counts}, prepared in {prepare_s:.1f} s, COPY "
            + ", ".join(f"{t} {v:.1f} s" for t, v in seconds.items()))
        copy_s = sum(seconds.values())
        t2 = time.perf_counter()
        indexes_restore(dropped)
        sequences_reset(list(TABLES))
        index_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    visible = tables_vacuum(list(TABLES))
    log("  all-visible pages: " + ", ".join(f"{t} {100 * v:.0f} %" for t, v in visible.items()))
    with connection.cursor() as cur:
        cur.execute("CHECKPOINT")  # no background writes of the load during the timings
    vacuum_s = time.perf_counter() - t3
    return {"rows": sum(counts.values()), "persons": n, "prepare_s": prepare_s,
            "copy_s": copy_s, "index_s": index_s, "vacuum_s": vacuum_s,
            "person_copy_s": seconds["identity_person"]}


# --------------------------------------------------------------------------- queries

_CYRILLIC_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
_LATIN_LOWER = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str, rng: np.random.Generator) -> str:
    """``word`` with one random deletion, insertion, substitution or neighbour swap, in
    the word's script and case."""
    if len(word) < 2:
        return word
    alphabet = _CYRILLIC_LOWER if any("\u0400" <= c <= "\u04ff" for c in word) else _LATIN_LOWER
    i = int(rng.integers(0, len(word)))
    letter = alphabet[int(rng.integers(0, len(alphabet)))]
    if word[i].isupper() or (word.isupper() and len(word) > 1):
        letter = letter.upper()
    op = int(rng.integers(0, 4))
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + letter + word[i:]
    if op == 2:
        return word[:i] + letter + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def name_queries(persons, count: int, rng: np.random.Generator) -> list[dict]:
    from kosh.identity.names import transliterate

    rows = rng.choice(persons.num_rows, size=count, replace=False)
    sample = persons.take(rows).to_pylist()
    out = []
    for row_index, p in zip(rows, sample, strict=True):
        form = ("cyrillic", "passport", "latin_2021")[int(rng.integers(0, 3))]
        if form == "cyrillic":
            words = [p["surname"], p["given_name"], p["patronymic"]]
        elif form == "passport":
            words = [p["surname_latin"], p["given_name_latin"]]
        else:
            words = [transliterate(w, "latin_2021")
                     for w in (p["surname"], p["given_name"], p["patronymic"])]
        words = [w for w in words if w]
        typo_made = bool(rng.random() < 0.2)
        if typo_made:
            j = int(rng.integers(0, len(words)))
            words[j] = typo(words[j], rng)
        year = p["birth_date"].year if rng.random() < 0.5 else None
        text = " ".join(words + ([str(year)] if year else []))
        out.append({"row": int(row_index), "id": p["id"], "query": text, "form": form,
                    "typo": typo_made, "year": year,
                    "parts": 3 if form != "passport" and p["patronymic"] else 2})
    return out


_CODES: dict[int, dict[str, np.ndarray]] = {}


def _codes(persons) -> dict[str, np.ndarray]:
    """Per key column a code per person (equal keys, equal codes) and the birth years,
    computed once per table."""
    if id(persons) not in _CODES:
        out = {}
        for c in ("surname_key", "given_name_key", "patronymic_key"):
            col = persons.column(c)
            col = col.unify_dictionaries() if hasattr(col, "unify_dictionaries") else col
            out[c] = col.combine_chunks().indices.to_numpy()
        out["year"] = persons.column("birth_date").to_numpy().astype("datetime64[Y]")
        _CODES[id(persons)] = out
    return _CODES[id(persons)]


def namesakes(persons, query: dict, result_ids: list[int], offset: int = 0) -> tuple[int, bool]:
    """(how many persons have the intended person's keys in the queried parts and its
    birth year if the query has one, whether a result is one of them). Row i of
    ``persons`` is the person of database id i + 1 + ``offset``."""
    codes = _codes(persons)
    columns = ("surname_key", "given_name_key", "patronymic_key")[: query["parts"]]
    mask = np.ones(persons.num_rows, dtype=bool)
    for c in columns:
        mask &= codes[c] == codes[c][query["row"]]
    if query["year"]:
        mask &= codes["year"] == codes["year"][query["row"]]
    rows = [i - offset - 1 for i in result_ids]
    hit = any(mask[r] for r in rows if 0 <= r < persons.num_rows)
    return int(mask.sum()), hit


def timed(fn, queries: list[str]) -> tuple[list[float], list[list[int]]]:
    ms, results = [], []
    for q in queries:
        t = time.perf_counter()
        found = fn(q)
        ms.append((time.perf_counter() - t) * 1000)
        results.append([p.pk for p in found])
    return ms, results


# --------------------------------------------------------------------------- references


# what a name or IIN search reads: the pair and key indexes, the persons and their names
SEARCH_RELATIONS = ("name_pair_key", "name_index_key_year", "identity_namekey",
                    "name_key_unique", "identity_person_pkey", "person_iin_unique",
                    "identity_person", "identity_personname_person_id_04f39cba",
                    "identity_personname")


def prewarm() -> str:
    """Read the relations a search uses into the server's buffers, then the operating
    system's cache (``pg_prewarm``: shared buffers first, in the order above, as far as
    they hold; what does not fit is read into the OS cache); returns what was read."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cur.execute("SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'")
        room = int(cur.fetchone()[0]) * 0.9
        read = 0
        for rel in SEARCH_RELATIONS:
            cur.execute("SELECT pg_relation_size(%s::regclass)", [rel])
            size = int(cur.fetchone()[0])
            mode = "buffer" if read + size <= room else "read"
            cur.execute("SELECT pg_prewarm(%s::regclass, %s)", [rel, mode])
            read += size if mode == "buffer" else 0
    return f"prewarmed(pg_prewarm, {time.perf_counter() - t:.0f} s)"


def trigram_build() -> float:
    """The trigram reference: every written full name of every person in one table with a
    pg_trgm GIN index, vacuumed; returns the seconds it took."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute(f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}")
        cur.execute(
            f"CREATE TABLE {TRIGRAM_TABLE} AS SELECT person_id, concat_ws(' ', surname, "
            "given_name, NULLIF(patronymic, '')) AS full_name FROM identity_personname"
        )
        cur.execute(f"CREATE INDEX ON {TRIGRAM_TABLE} USING gin (full_name gin_trgm_ops)")
    with connection.cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {TRIGRAM_TABLE}")
        cur.execute("CHECKPOINT")
    return time.perf_counter() - t


def reference_timed(sql: str, params: list[tuple]) -> tuple[list[float], list[list[int]]]:
    """Times of one prepared statement per parameter tuple on Django's connection, with the
    ids it returns."""
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)  # server-side binding, so it can prepare
    ms, results = [], []
    for p in params:
        t = time.perf_counter()
        rows = cursor.execute(sql, p, prepare=True).fetchall()
        ms.append((time.perf_counter() - t) * 1000)
        results.append([r[0] for r in rows])
    return ms, results


def ratio_line(p95: float, ref_p95: float) -> str:
    return f"{p95 / ref_p95:.2f}×" if ref_p95 else "n/a"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=int(os.environ.get("KOSH_BENCH_PG_PORT",
                                                                           55499)))
    parser.add_argument("--ref-queries", type=int, default=300,
                        help="name queries (the first of the same list) timed on the "
                        "trigram reference")
    parser.add_argument("--misses", type=int, default=0,
                        help="print this many missed name queries to stderr")
    parser.add_argument("--keep", metavar="DIR", default="",
                        help="keep the cluster (running) in DIR instead of a temporary one")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: skip migrating and loading when DIR holds the "
                        "same persons already")
    parser.add_argument("--prewarm", action="store_true",
                        help="read the relations the search uses into memory first "
                        "(pg_prewarm), as a server that has been answering searches has them")
    parser.add_argument("--dir", default="",
                        help="search the persons of this generated nation, loaded by "
                        "benchmarks/synth_load.py --dir … --keep DIR (with --keep DIR "
                        "--reuse); --persons is then their number")
    args = parser.parse_args(argv)
    nation_persons = None
    if args.dir:
        import pyarrow.parquet as pq

        nation_persons = pq.read_table(Path(args.dir) / "persons.parquet", columns=[
            "id", "iin", "birth_date", "surname", "given_name", "patronymic", "surname_latin",
            "given_name_latin", "surname_key", "given_name_key", "patronymic_key"])
        args.persons = nation_persons.num_rows
        if not (args.keep and args.reuse):
            parser.error("--dir needs --keep DIR --reuse (a cluster the nation was loaded "
                         "into by benchmarks/synth_load.py --dir … --keep DIR)")
    n = args.persons

    log(f"person_search benchmark: {n:,} persons, {args.queries} queries of each kind")
    with Cluster(args.port, args.keep) as cluster:
        os.environ["DATABASE_URL"] = cluster.url
        os.environ["DJANGO_SETTINGS_MODULE"] = "kosh.settings.demo"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from kosh.access.policy import Actor
        from kosh.access.roles import Role
        from kosh.geo.loading import geo_load
        from kosh.identity.models import Person
        from kosh.identity.search import person_search
        from kosh.synth.persons import persons_generate

        reuse = False
        if args.reuse:
            call_command("migrate", verbosity=0)
            reuse = Person.objects.count() == n
        if not reuse:
            t = time.perf_counter()
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)
            geo_load()
            log(f"migrated and loaded reference data in {time.perf_counter() - t:.1f} s")
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            pg = "pg" + cur.fetchone()[0].split(".")[0]
        where = f"machine={machine()} {pg} {durability()}"

        t = time.perf_counter()
        persons = nation_persons if nation_persons is not None else persons_generate(
            n, seed=args.seed)
        gen_s = time.perf_counter() - t
        log(f"generated {n:,} persons in {gen_s:.1f} s")
        offset = 0
        if nation_persons is not None:
            if not reuse:
                log(f"!! the database holds {Person.objects.count():,} persons, not the "
                    f"nation's {n:,}")
                return 1
            first = persons.slice(0, 1).to_pylist()[0]
            offset = Person.objects.get(iin=first["iin"]).pk - first["id"]
            ids = persons.column("id").to_numpy()
            assert (ids == np.arange(1, n + 1)).all(), "persons.parquet ids are not 1…N"
        if reuse:
            from kosh.synth.nation.registry import tables_vacuum

            log("reusing the loaded database")
            tables_vacuum(list(TABLES))  # a database loaded before may lack its visibility map
        else:
            stats = load(persons)
            copy_rate = stats["rows"] / stats["copy_s"]
            person_rate = n / stats["person_copy_s"]
            print(
                f"person_load n={n} rows={stats['rows']} copy={stats['copy_s']:.1f}s "
                f"rate={copy_rate:,.0f} rows/s (identity_person alone {person_rate:,.0f} rows/s) "
                f"indexes+constraints={stats['index_s']:.1f}s vacuum_analyze="
                f"{stats['vacuum_s']:.1f}s generate={gen_s:.1f}s | PERFORMANCE.md: COPY "
                f"persons ≈ {REF_COPY_ROWS_PER_S:,} rows/s → "
                f"{copy_rate / REF_COPY_ROWS_PER_S:.2f}× (all five tables), "
                f"{person_rate / REF_COPY_ROWS_PER_S:.2f}× (persons) {where}",
                flush=True,
            )

        if args.prewarm:
            where += " " + prewarm()
        actor = Actor(user=None, role=Role.MIGRATION_OFFICER, channel="console")

        def search(q: str):
            return person_search(actor=actor, query=q, limit=LIMIT)

        rng = np.random.default_rng(args.seed + 1)
        with_iin = np.flatnonzero(persons.column("iin").is_valid().to_numpy(
            zero_copy_only=False))  # visitors of a generated nation have none
        iin_rows = rng.choice(with_iin, size=min(args.queries, with_iin.size), replace=False)
        iins = persons.column("iin").take(iin_rows).to_pylist()
        names = name_queries(persons, min(args.queries, n), rng)
        log("warming up")
        timed(search, [q["query"] for q in names[: max(1, len(names) // 10)]] + iins[:100])

        log("IIN queries")
        ms, results = timed(search, iins)
        ids = [i + offset for i in persons.column("id").take(iin_rows).to_pylist()]
        found = np.mean([r == [i] for r, i in zip(results, ids, strict=True)])
        p50, p95, p99 = percentiles(ms)
        log("IIN reference: bare btree probe")
        ref_ms, _ref = reference_timed("SELECT id FROM identity_person WHERE iin = %s",
                                       [(i,) for i in iins])
        r50, r95, _r99 = percentiles(ref_ms)
        size, ref = nearest(REF_IIN_P95_MS, n)
        print(
            f"person_search_iin n={n} queries={len(iins)} p50={p50:.2f}ms p95={p95:.2f}ms "
            f"p99={p99:.2f}ms found={100 * found:.1f}% (whole person_search: parse, scope, "
            f"ranking, page, audit insert) | same run, bare btree probe: p50={r50:.2f}ms "
            f"p95={r95:.2f}ms → {ratio_line(p95, r95)}; target p95 ≤ {IIN_TARGET_P95_MS} ms "
            f"{'met' if p95 <= IIN_TARGET_P95_MS else 'NOT met'} | PERFORMANCE.md: btree p95 "
            f"{ref} ms at {human(size)} {where} {load_average()}",
            flush=True,
        )

        log("name queries")
        ms, results = timed(search, [q["query"] for q in names])
        strict, hits, misses = [], [], []
        for q in names:
            q["id"] += offset
        for q, r in zip(names, results, strict=True):
            ok = q["id"] in r
            strict.append(ok)
            if not ok:
                count, namesake = namesakes(persons, q, r, offset)
                ok = namesake and count >= LIMIT
                if not ok:
                    misses.append((q, r[:3], count))
            hits.append(ok)
        p50, p95, p99 = percentiles(ms)
        recall, strict_recall = 100 * np.mean(hits), 100 * np.mean(strict)
        for label, sel in (("with year", lambda q: q["year"]),
                           ("name only", lambda q: not q["year"]),
                           ("typo", lambda q: q["typo"]),
                           ("cyrillic", lambda q: q["form"] == "cyrillic"),
                           ("passport", lambda q: q["form"] == "passport"),
                           ("latin_2021", lambda q: q["form"] == "latin_2021")):
            chosen = [i for i, q in enumerate(names) if sel(q)]
            if chosen:
                a, b, _ = percentiles([ms[i] for i in chosen])
                log(f"  {label:10} n={len(chosen):4} p50={a:.1f}ms p95={b:.1f}ms "
                    f"recall={100 * np.mean([hits[i] for i in chosen]):.1f}% "
                    f"strict={100 * np.mean([strict[i] for i in chosen]):.1f}%")
        for q, r, count in misses[: args.misses]:
            log(f"  miss: {q['query']!r} (id {q['id']}, {count} namesakes) → {r}")
        size, ref = nearest(REF_NAME_VOCAB_P95_MS, n)
        at_scale = (f"target p95 ≤ {NAME_TARGET_P95_MS_20M:g} ms at 20 M "
                    f"{'met' if p95 <= NAME_TARGET_P95_MS_20M else 'NOT met'}; "
                    if n >= 20_000_000 else "")
        if not args.ref_queries:
            print(
                f"person_search_name n={n} queries={len(names)} p50={p50:.1f}ms "
                f"p95={p95:.1f}ms p99={p99:.1f}ms recall@20={recall:.1f}% "
                f"strict@20={strict_recall:.1f}% | {at_scale}trigram reference not measured "
                f"(--ref-queries 0) | PERFORMANCE.md: vocabulary prototype p95 {ref} ms at "
                f"{human(size)} → {p95 / ref:.1f}× {where} peak_rss={peak_gb():.2f}GB "
                f"{load_average()}", flush=True)
            return 0
        log(f"name reference: trigram index ({min(args.ref_queries, len(names))} queries)")
        build_s = trigram_build()
        chosen = names[: args.ref_queries]
        texts = [" ".join(w for w in q["query"].split() if not w.isdigit()) for q in chosen]
        ref_ms, ref_results = reference_timed(
            f"SELECT person_id FROM {TRIGRAM_TABLE} WHERE full_name %% %s "
            "ORDER BY similarity(full_name, %s) DESC LIMIT 20",
            [(t, t) for t in texts],
        )
        r50, r95, _r99 = percentiles(ref_ms)
        ref_strict = 100 * np.mean([q["id"] in r for q, r in zip(chosen, ref_results,
                                                                    strict=True)])
        ratio = p95 / r95
        print(
            f"person_search_name n={n} queries={len(names)} p50={p50:.1f}ms p95={p95:.1f}ms "
            f"p99={p99:.1f}ms recall@20={recall:.1f}% strict@20={strict_recall:.1f}% | same "
            f"run, pg_trgm GIN over full names (index built in {build_s:.0f} s), "
            f"{len(chosen)} of the same queries: p50={r50:.1f}ms p95={r95:.1f}ms "
            f"strict@20={ref_strict:.1f}% → {ratio:.2f}×; {at_scale}target ≤ "
            f"{NAME_TARGET_RATIO}× {'met' if ratio <= NAME_TARGET_RATIO else 'NOT met'} | "
            f"PERFORMANCE.md: vocabulary prototype p95 {ref} ms at {human(size)} → "
            f"{p95 / ref:.1f}× {where} peak_rss={peak_gb():.2f}GB {load_average()}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
