"""``kosh synth load``: the generated nation (or a proportional slice of its persons)
into the registry, one transaction per generated table, resumable, recorded in the audit
log.

A database holds one synthetic nation at a time: loading again is refused unless
``replace`` is given, which first removes the rows of the nation loaded before (their
id ranges are kept in that load's audit event).

The load ledger is the audit log itself (append-only, hash-chained): a ``begin`` entry
(the load's key — the SHA-256 of the nation's manifest, the slice and the tables — the
person id offset and the indexes dropped), then one entry per generated table, written in
the transaction that loaded the table (its SHA-256 in the manifest, the rows and id
ranges written per registry table), and last the ``import`` event of the whole nation.
An interrupted load (a crash, Ctrl-C, an error) keeps the tables committed before; run
the same command again and it resumes: each table already in the ledger is checked (same
SHA-256, the same number of rows still in its id ranges) and skipped, the table being
loaded when it stopped had rolled back and is loaded again, then the indexes are rebuilt
(on PostgreSQL in two sessions at once, each index committed as it is built: a load
stopped while rebuilding them resumes with the ones missing).

While one batch of rows is sent, the next is made in a thread (Parquet, names, search
keys, CSV), so that the loader's Python and the server's COPY use both cores."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kosh.access.models import AuditEvent
from kosh.geo.models import District
from kosh.occupations.models import Occupation

from . import mapping
from .output import apportion
from .registry import (
    ahead,
    indexes_drop,
    indexes_restore,
    known_name_keys,
    next_ids,
    person_tables,
    rows_write,
    sequences_reset,
)

LOADABLE = ("persons", "person_documents", "registration_events", "employers",
            "work_permits", "household_permits", "kandas", "resettlers", "refugees",
            "emigrant_workers", "border_crossings")
NEEDS = {"work_permits": ("employers",)}
REBUILD_FROM = 200_000  # persons from which PostgreSQL indexes are rebuilt, not kept live
OBJECT = "synth_nation"  # the audit event of a whole load (or of its removal)
STEP = "synth_nation_table"  # a ledger entry: the load began, or one table was loaded
BEGIN = "begin"
ACTOR = "kosh synth load"


WORK = "nation"  # progress step of the whole load, in rows of the generated tables read


class LoadError(ValueError):
    """A bad argument, a database that already holds a nation, or a load that stopped;
    what is written is whole tables only (see the module's docstring)."""


def _manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    if not path.is_file():
        raise LoadError(f"{directory} holds no generated nation (no manifest.json); "
                        "run `kosh synth --out` first")
    return json.loads(path.read_text(encoding="utf-8"))


def _chosen(tables: list[str] | None) -> list[str]:
    if tables is None:
        return list(LOADABLE)
    unknown = [t for t in tables if t not in LOADABLE]
    if unknown:
        raise LoadError(f"unknown table {', '.join(unknown)}; loadable: {', '.join(LOADABLE)}")
    wanted = {"persons", *tables, *(n for t in tables for n in NEEDS.get(t, ()))}
    return [t for t in LOADABLE if t in wanted]


def _load_key(directory: Path, chosen: list[str], limit: int | None) -> str:
    """What a resumed load must match: the nation's manifest (its SHA-256), the slice and
    the tables."""
    manifest = hashlib.sha256((directory / "manifest.json").read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps([manifest, limit, chosen]).encode()).hexdigest()


def _previous() -> AuditEvent | None:
    last = AuditEvent.objects.filter(object_type=OBJECT).order_by("-id").first()
    return last if last and last.action == AuditEvent.Action.IMPORT else None


def _ledger() -> list[AuditEvent]:
    """The entries of a load that has not finished (begin first), or []."""
    last = AuditEvent.objects.filter(object_type=OBJECT).order_by("-id").first()
    return list(AuditEvent.objects.filter(object_type=STEP, id__gt=last.pk if last else 0)
                .order_by("id"))


def _record(step: str, after: dict) -> None:
    AuditEvent.objects.create(actor_name=ACTOR, action=AuditEvent.Action.IMPORT,
                              object_type=STEP, object_id=step, channel="cli", after=after)


def _delete_ranges(ranges: dict[str, list[int]]) -> None:
    """Delete the rows of a load (dependants first)."""
    with connection.cursor() as cur:
        for table in mapping.DELETE_ORDER:
            if table in ranges:
                lo, hi = ranges[table]
                cur.execute(f"DELETE FROM {table} WHERE id BETWEEN %s AND %s", [lo, hi])
    try:
        connection.check_constraints()
    except IntegrityError as err:
        raise LoadError("cannot remove the synthetic nation loaded before: other records "
                        f"(cases, employments…) refer to its persons ({err}); start from "
                        "a fresh database") from err


def _remove(event: AuditEvent) -> None:
    """Delete the rows of an earlier load."""
    _delete_ranges(event.after["ranges"])
    AuditEvent.objects.create(actor_name=ACTOR, action=AuditEvent.Action.DELETE,
                              object_type=OBJECT, channel="cli",
                              after={"removed": event.after.get("nation")})


def _remove_unfinished(ledger: list[AuditEvent]) -> None:
    """Delete the tables an interrupted load committed and put back the indexes it
    dropped."""
    begin = ledger[0].after
    ranges: dict[str, list[int]] = {}
    for entry in ledger[1:]:
        for table, (lo, hi) in entry.after["ranges"].items():
            old = ranges.get(table, [lo, hi])
            ranges[table] = [min(lo, old[0]), max(hi, old[1])]
    _delete_ranges(ranges)
    indexes_restore(tuple(begin["dropped"]))
    AuditEvent.objects.create(actor_name=ACTOR, action=AuditEvent.Action.DELETE,
                              object_type=OBJECT, channel="cli",
                              after={"removed": f"interrupted load of {begin['nation']}"})


def _slice(directory: Path, limit: int | None) -> np.ndarray:
    """Parquet ids of the persons to load: all, or the first ids of every segment in
    proportion to its size."""
    t = pq.read_table(directory / "persons.parquet", columns=["id", "segment"])
    ids = t.column("id").to_numpy()
    if not limit or limit >= ids.size:
        return ids
    segment = pc.cast(t.column("segment"), pa.string()).to_numpy(zero_copy_only=False)
    _, first, counts = np.unique(segment, return_index=True, return_counts=True)
    take = apportion(limit, counts)
    for i in np.flatnonzero(take == 0):  # at least one of every kind of person
        take[np.argmax(take)] -= 1
        take[i] = 1
    return np.sort(np.concatenate([ids[f: f + k] for f, k in zip(first, take, strict=True)]))


def _work(directory: Path, tables: list[str], limit: int | None) -> dict[str, int]:
    rows = _manifest(Path(directory))["tables"]
    share = min(1.0, limit / rows["persons"]["rows"]) if limit else 1.0
    return {t: round(rows[t]["rows"] * share) for t in tables}


def load_resumed(directory: Path, *, tables: list[str] | None = None,
                 limit: int | None = None) -> list[str]:
    """The generated tables an interrupted load of the same nation, slice and tables has
    already committed (the ledger says so; they are checked when the load runs)."""
    directory = Path(directory)
    _manifest(directory)
    ledger = _ledger()
    chosen = _chosen(tables)
    if not ledger or ledger[0].after.get("key") != _load_key(directory, chosen, limit):
        return []
    return [e.object_id for e in ledger[1:]]


def load_work(directory: Path, *, tables: list[str] | None = None,
              limit: int | None = None, skip: list[str] | tuple[str, ...] = ()) -> int:
    """Rows of the generated tables a load reads: the persons of the slice and the other
    chosen tables in the same proportion, without the tables in ``skip`` (loaded before an
    interruption: :func:`load_resumed`). The total of the progress step :data:`WORK`, from
    which the time left is estimated."""
    work = _work(Path(directory), _chosen(tables), limit)
    return sum(n for t, n in work.items() if t not in skip)


@dataclass
class Loaded:
    """What a load wrote: rows per registry table, the generated tables skipped because an
    interrupted run had loaded them (with their rows), and seconds spent preparing rows
    (Parquet read, names, keys), writing them (COPY / executemany) and rebuilding
    indexes."""

    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=lambda: {"write": 0.0})
    advance: Callable[[str, int], None] = field(default=lambda table, rows: None,
                                                repr=False)


def nation_load(directory: Path, *, tables: list[str] | None = None, limit: int | None = None,
                replace: bool = False, rebuild_indexes: bool | None = None,
                advance: Callable[[str, int], None] | None = None) -> Loaded:
    """Load the nation in ``directory`` (``limit``: a proportional slice of its persons),
    each generated table in its own transaction; resumes an interrupted load of the same
    nation, slice and tables (module docstring). Raises LoadError, with nothing written,
    on a bad argument and on an existing nation (unless ``replace``), and, keeping the
    tables committed before, when rows collide with the database's. PostgreSQL indexes
    are dropped first and rebuilt after the last table from :data:`REBUILD_FROM` persons
    (or as ``rebuild_indexes`` says). ``advance(table, rows)`` is called as rows are
    written (progress)."""
    directory = Path(directory)
    manifest = _manifest(directory)
    chosen = _chosen(tables)
    if limit is not None and limit <= 0:
        raise LoadError(f"--limit must be a positive number of persons, got {limit}")
    key = _load_key(directory, chosen, limit)
    started = time.perf_counter()
    done = Loaded(advance=advance or (lambda table, rows: None))
    step = BEGIN
    try:
        with transaction.atomic():
            ledger = _begin(directory, manifest, chosen, limit, key, replace,
                            rebuild_indexes, done)
        begin, finished = ledger[0].after, {e.object_id: e.after for e in ledger[1:]}
        ctx = _context(directory, begin, chosen, limit, finished)
        for step in chosen:
            if step in finished:  # checked by _begin
                done.skipped[step] = finished[step]["rows"]
                done.advance(WORK, 0)
                continue
            with transaction.atomic():
                finished[step] = _step(step, ctx, manifest, done)
                _record(step, finished[step])
        step = "indexes"
        _finish(directory, manifest, ctx, begin, finished, done, started)
    except IntegrityError as err:
        kept = "" if step == BEGIN else (
            f" The tables loaded before {step} are kept; remove them with --replace.")
        raise LoadError(f"the nation collides with rows already in the database ({err});"
                        " load it into a registry without synthetic persons, or pass "
                        f"--replace.{kept}") from err
    return done


def _begin(directory: Path, manifest: dict, chosen: list[str], limit: int | None, key: str,
           replace: bool, rebuild_indexes: bool | None, done: Loaded) -> list[AuditEvent]:
    """The ledger of the load: that of an interrupted load of the same nation, slice and
    tables, or a new one (removing what ``replace`` asks to, dropping the indexes)."""
    ledger = _ledger()
    if ledger and ledger[0].after.get("key") == key:
        try:
            for entry in ledger[1:]:
                _check(entry.object_id, entry.after, manifest)
            return ledger
        except LoadError:
            if not replace:
                raise
    if ledger:
        if not replace and ledger[0].after.get("key") != key:
            raise LoadError(f"an interrupted load of {ledger[0].after['nation']} is in the "
                            "database (another nation, slice or tables); run that load "
                            "again to finish it, or pass --replace to remove it")
        _remove_unfinished(ledger)
    previous = _previous()
    if previous and not replace:
        raise LoadError(f"a synthetic nation is already loaded ({previous.after.get('nation')}"
                        "); pass --replace to remove it and load this one")
    if previous:
        _remove(previous)
    selected = _slice(directory, limit)
    rebuild = len(selected) >= REBUILD_FROM if rebuild_indexes is None else rebuild_indexes
    first = next_ids(mapping.REGISTRY_TABLES)
    t = time.perf_counter()
    dropped = indexes_drop(mapping.REGISTRY_TABLES) if rebuild else ([], [])
    done.seconds["indexes"] = time.perf_counter() - t
    _record(BEGIN, {
        "key": key, "nation": f"seed {manifest['seed']}, scale {manifest['scale']:g}, "
        f"{len(selected):,} persons", "directory": str(directory), "tables": chosen,
        "limit": limit, "offset": first["identity_person"] - 1, "first": first,
        "now": timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
        "dropped": [list(map(list, dropped[0])), list(map(list, dropped[1]))]})
    return _ledger()


def _context(directory: Path, begin: dict, chosen: list[str], limit: int | None,
             finished: dict[str, dict]) -> mapping.LoadContext:
    selected = _slice(directory, limit)
    ctx = mapping.LoadContext(
        directory=directory, selected=selected, offset=begin["offset"],
        next_ids=next_ids(mapping.REGISTRY_TABLES),
        districts=dict(District.objects.exclude(kato="").values_list("kato", "id")),
        occupations=set(Occupation.objects.values_list("code", flat=True)),
        now=begin["now"], known_keys=set(), tables=chosen)
    if "persons" in finished:
        ctx.next_ids["identity_person"] = ctx.offset + int(selected.max()) + 1
    if "employers" in finished:  # the work permits of a resumed load refer to them
        ctx.employer_ids = mapping.employer_source(ctx).column("employer_id").to_numpy()
        ctx.employer_first = finished["employers"]["ranges"].get("identity_employer",
                                                                 [0, 0])[0]
    return ctx


def _check(step: str, entry: dict, manifest: dict) -> None:
    """A table an interrupted load committed: the same file, and its rows still there."""
    if entry["sha256"] != manifest["tables"][step]["sha256"]:
        raise LoadError(f"{step} was loaded from another file (SHA-256 differs); pass "
                        "--replace to remove the interrupted load and start again")
    with connection.cursor() as cur:
        for table, (lo, hi) in entry["ranges"].items():
            cur.execute(f"SELECT count(*) FROM {table} WHERE id BETWEEN %s AND %s", [lo, hi])
            found = cur.fetchone()[0]
            if found != entry["rows"][table]:
                raise LoadError(f"{table} holds {found:,} of the {entry['rows'][table]:,} rows "
                                f"loaded from {step} before the interruption; pass --replace "
                                "to remove the interrupted load and start again")


def _step(step: str, ctx: mapping.LoadContext, manifest: dict, done: Loaded) -> dict:
    """Load one generated table; returns its ledger entry."""
    before = dict(ctx.next_ids)
    rows: dict[str, int] = {}
    if step == "persons":
        ctx.known_keys = known_name_keys()
        for n, written in ahead(_person_rows(ctx)):  # the next batch made while this is sent
            _write(written, done, rows)
            done.advance(WORK, n)
        ctx.next_ids["identity_person"] = ctx.offset + int(ctx.selected.max()) + 1
    else:
        _write(mapping.TABLE_ROWS[step](ctx), done, rows)
        share = ctx.selected.size / manifest["tables"]["persons"]["rows"]
        done.advance(WORK, round(manifest["tables"][step]["rows"] * share))
    sequences_reset(mapping.REGISTRY_TABLES)
    return {"sha256": manifest["tables"][step]["sha256"], "rows": rows,
            "ranges": {t: [before[t], ctx.next_ids[t] - 1] for t in rows}}


def _finish(directory: Path, manifest: dict, ctx: mapping.LoadContext, begin: dict,
            finished: dict[str, dict], done: Loaded, started: float) -> None:
    """Rebuild the indexes dropped (several at once, each committed: a load stopped here
    resumes with the ones missing), move the sequences on and record the whole load."""
    t = time.perf_counter()
    dropped = begin["dropped"]
    indexes_restore((dropped[0], dropped[1]))
    if dropped[0] or dropped[1]:
        done.advance("indexes", len(dropped[0]) + len(dropped[1]))
    done.seconds["indexes"] = done.seconds.get("indexes", 0.0) + time.perf_counter() - t
    total = time.perf_counter() - started
    done.seconds |= {"prepare": total - done.seconds["write"] - done.seconds["indexes"],
                     "total": total}
    rows: dict[str, int] = {}
    for entry in finished.values():
        for table, n in entry["rows"].items():
            rows[table] = rows.get(table, 0) + n
    first = begin["first"]
    with transaction.atomic():
        sequences_reset(mapping.REGISTRY_TABLES)
        AuditEvent.objects.create(
            actor_name=ACTOR, action=AuditEvent.Action.IMPORT, object_type=OBJECT,
            channel="cli",
            after={"nation": begin["nation"], "directory": str(directory),
                   "tables": begin["tables"],
                   "ranges": {t: [first[t], ctx.next_ids[t] - 1]
                              for t in mapping.REGISTRY_TABLES if ctx.next_ids[t] > first[t]},
                   "rows": rows, "seconds": round(total, 1),
                   "resumed": sorted(done.skipped)})


def _person_rows(ctx: mapping.LoadContext) -> Iterator[tuple[int, dict[str, pa.Table]]]:
    """(persons, registry rows) of each batch of persons to load."""
    for batch in _person_batches(ctx.directory, ctx.selected):
        ids = batch.column("id").to_numpy() + ctx.offset
        written = person_tables(batch, ids=ids, next_ids=ctx.next_ids,
                                known_keys=ctx.known_keys, now=ctx.now)
        yield batch.num_rows, written | mapping.person_extras(ctx, batch)


def _person_batches(directory: Path, selected: np.ndarray):
    """The persons to load, a row group (up to a million) at a time."""
    f = pq.ParquetFile(directory / "persons.parquet")
    wanted = pa.array(selected)
    for g in range(f.num_row_groups):
        table = f.read_row_group(g)
        table = table.filter(pc.is_in(table.column("id"), value_set=wanted))
        if table.num_rows:
            yield table


def _write(rows: dict[str, pa.Table], done: Loaded, counts: dict[str, int]) -> None:
    for table, r in rows.items():
        if r.num_rows:
            done.seconds["write"] += rows_write(table, r)
            done.rows[table] = done.rows.get(table, 0) + r.num_rows
            counts[table] = counts.get(table, 0) + r.num_rows
            done.advance(table, r.num_rows)
