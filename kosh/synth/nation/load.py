"""``kosh synth load``: the generated nation (or a proportional slice of its persons)
into the registry, in one transaction, recorded in the audit log.

A database holds one synthetic nation at a time: loading again is refused unless
``replace`` is given, which first removes the rows of the nation loaded before (their
id ranges are kept in that load's audit event)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
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
OBJECT = "synth_nation"


WORK = "nation"  # progress step of the whole load, in rows of the generated tables read


class LoadError(ValueError):
    """A bad argument or a database that already holds a nation; nothing was written."""


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


def _previous() -> AuditEvent | None:
    last = AuditEvent.objects.filter(object_type=OBJECT).order_by("-id").first()
    return last if last and last.action == AuditEvent.Action.IMPORT else None


def _remove(event: AuditEvent) -> None:
    """Delete the rows of an earlier load (dependants first)."""
    ranges = event.after["ranges"]
    with connection.cursor() as cur:
        for table in mapping.DELETE_ORDER:
            if table in ranges:
                lo, hi = ranges[table]
                cur.execute(f"DELETE FROM {table} WHERE id BETWEEN %s AND %s",
                            [lo, hi])
    try:
        connection.check_constraints()
    except IntegrityError as err:
        raise LoadError("cannot remove the synthetic nation loaded before: other records "
                        f"(cases, employments…) refer to its persons ({err}); start from "
                        "a fresh database") from err
    AuditEvent.objects.create(actor_name="kosh synth load", action=AuditEvent.Action.DELETE,
                              object_type=OBJECT, channel="cli",
                              after={"removed": event.after.get("nation")})


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


def load_work(directory: Path, *, tables: list[str] | None = None,
              limit: int | None = None) -> int:
    """Rows of the generated tables a load reads: the persons of the slice and the other
    chosen tables in the same proportion. The total of the progress step :data:`WORK`,
    from which the time left is estimated."""
    rows = _manifest(Path(directory))["tables"]
    share = min(1.0, limit / rows["persons"]["rows"]) if limit else 1.0
    return sum(round(rows[t]["rows"] * share) for t in _chosen(tables))


@dataclass
class Loaded:
    """What a load wrote: rows per registry table, and seconds spent preparing rows (Parquet
    read, names, keys), writing them (COPY / executemany) and rebuilding indexes."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=lambda: {"write": 0.0})
    advance: Callable[[str, int], None] = field(default=lambda table, rows: None,
                                                repr=False)


def nation_load(directory: Path, *, tables: list[str] | None = None, limit: int | None = None,
                replace: bool = False, rebuild_indexes: bool | None = None,
                advance: Callable[[str, int], None] | None = None) -> Loaded:
    """Load the nation in ``directory`` (``limit``: a proportional slice of its persons).
    Raises LoadError, with nothing written, on a bad argument, on an existing nation
    (unless ``replace``) and when rows collide with the database's. PostgreSQL indexes
    are rebuilt after the load from :data:`REBUILD_FROM` persons (or as ``rebuild_indexes``
    says). ``advance(table, rows)`` is called as rows are written (progress)."""
    directory = Path(directory)
    manifest = _manifest(directory)
    chosen = _chosen(tables)
    if limit is not None and limit <= 0:
        raise LoadError(f"--limit must be a positive number of persons, got {limit}")
    try:
        with transaction.atomic():
            return _load(directory, manifest, chosen, limit, replace, rebuild_indexes,
                         advance or (lambda table, rows: None))
    except IntegrityError as err:
        raise LoadError(f"the nation collides with rows already in the database ({err}); "
                        "load it into a registry without synthetic persons, or pass "
                        "--replace") from err


def _load(directory: Path, manifest: dict, chosen: list[str], limit: int | None,
          replace: bool, rebuild_indexes: bool | None,
          advance: Callable[[str, int], None]) -> Loaded:
    started = time.perf_counter()
    previous = _previous()
    if previous and not replace:
        raise LoadError(f"a synthetic nation is already loaded ({previous.after.get('nation')}"
                        "); pass --replace to remove it and load this one")
    if previous:
        _remove(previous)
    selected = _slice(directory, limit)
    rebuild = len(selected) >= REBUILD_FROM if rebuild_indexes is None else rebuild_indexes
    first = next_ids(mapping.REGISTRY_TABLES)
    offset = first["identity_person"] - 1
    ctx = mapping.LoadContext(
        directory=directory, selected=selected, offset=offset, next_ids=dict(first),
        districts=dict(District.objects.exclude(kato="").values_list("kato", "id")),
        occupations=set(Occupation.objects.values_list("code", flat=True)),
        now=timezone.now().strftime("%Y-%m-%d %H:%M:%S"), known_keys=known_name_keys(),
        tables=chosen)
    done = Loaded(advance=advance)
    t = time.perf_counter()
    dropped = indexes_drop(mapping.REGISTRY_TABLES) if rebuild else ([], [])
    indexes = time.perf_counter() - t
    for batch in _person_batches(directory, selected):
        rows = person_tables(batch, ids=batch.column("id").to_numpy() + offset,
                             next_ids=ctx.next_ids, known_keys=ctx.known_keys, now=ctx.now)
        _write(rows | mapping.person_extras(ctx, batch), done)
        advance(WORK, batch.num_rows)
    ctx.next_ids["identity_person"] = offset + int(selected.max()) + 1
    share = len(selected) / manifest["tables"]["persons"]["rows"]
    for table in chosen[1:]:
        _write(mapping.TABLE_ROWS[table](ctx), done)
        advance(WORK, round(manifest["tables"][table]["rows"] * share))
    t = time.perf_counter()
    indexes_restore(dropped)
    sequences_reset(mapping.REGISTRY_TABLES)
    if rebuild:
        advance("indexes", len(dropped[0]) + len(dropped[1]))
    done.seconds["indexes"] = indexes + time.perf_counter() - t
    total = time.perf_counter() - started
    done.seconds |= {"prepare": total - done.seconds["write"] - done.seconds["indexes"],
                     "total": total}
    AuditEvent.objects.create(
        actor_name="kosh synth load", action=AuditEvent.Action.IMPORT, object_type=OBJECT,
        channel="cli",
        after={"nation": f"seed {manifest['seed']}, scale {manifest['scale']:g}, "
               f"{len(selected):,} persons", "directory": str(directory), "tables": chosen,
               "ranges": {t: [first[t], ctx.next_ids[t] - 1] for t in mapping.REGISTRY_TABLES
                          if ctx.next_ids[t] > first[t]},
               "rows": done.rows, "seconds": round(total, 1)})
    return done


def _person_batches(directory: Path, selected: np.ndarray):
    """The persons to load, a row group (up to a million) at a time."""
    f = pq.ParquetFile(directory / "persons.parquet")
    wanted = pa.array(selected)
    for g in range(f.num_row_groups):
        table = f.read_row_group(g)
        table = table.filter(pc.is_in(table.column("id"), value_set=wanted))
        if table.num_rows:
            yield table


def _write(rows: dict[str, pa.Table], done: Loaded) -> None:
    for table, r in rows.items():
        if r.num_rows:
            done.seconds["write"] += rows_write(table, r)
            done.rows[table] = done.rows.get(table, 0) + r.num_rows
            done.advance(table, r.num_rows)

