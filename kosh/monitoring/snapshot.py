"""The Parquet snapshot the monitoring reads: the synthetic nation's folder (or any folder
with ``registration_events.parquet``; the other tables are optional), opened as Ibis tables
on the backend the caller gives (a new in-process DuckDB by default), with the scale and
the files' SHA-256 from its ``manifest.json`` (computed when there is none)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kosh.errors import DomainError

from .pipelines import clean

REQUIRED = ("registration_events",)
OPTIONAL = ("persons", "external_migration", "household_permits", "settler_outcomes")


@dataclass
class Snapshot:
    """Opened tables (``events`` are the cleaned registration events), the raw events,
    the scale (1.0 = the whole country), the inputs' SHA-256 and the day the snapshot is
    taken (events after it are counted as future-dated)."""

    directory: Path
    tables: dict[str, ir.Table]
    raw_events: ir.Table
    scale: float
    sha256: dict[str, str]
    as_of: dt.date


def snapshot_dir() -> Path:
    """Where the console reads its snapshot: ``KOSH_MONITORING_DIR`` (environment or
    setting), else the demo's ``var/synth`` (written by ``make demo``)."""
    configured = (os.environ.get("KOSH_MONITORING_DIR")
                  or getattr(settings, "KOSH_MONITORING_DIR", ""))
    return Path(configured) if configured else Path(settings.BASE_DIR).parent / "var" / "synth"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot_open(directory: Path, *, as_of: dt.date,
                  backend: ibis.BaseBackend | None = None) -> Snapshot:
    """Open the snapshot in ``directory``; refused (``DomainError``) without
    registration events."""
    directory = Path(directory)
    missing = [n for n in REQUIRED if not (directory / f"{n}.parquet").is_file()]
    if missing:
        raise DomainError("snapshot_missing", str(_(
            "No registration events in %(dir)s (missing: %(names)s). Write a snapshot with "
            "`kosh synth --out DIR`.")) % {"dir": directory, "names": ", ".join(missing)},
            field="directory")
    manifest_file = directory / "manifest.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else {}
    listed = {t["file"]: t.get("sha256", "") for t in manifest.get("tables", {}).values()}
    con = backend or ibis.duckdb.connect()
    tables: dict[str, ir.Table] = {}
    sha: dict[str, str] = {}
    for name in REQUIRED + OPTIONAL:
        path = directory / f"{name}.parquet"
        if path.is_file():
            tables[name] = con.read_parquet(path)
            sha[path.name] = listed.get(path.name) or _sha256(path)
    raw = tables["registration_events"]
    tables["events"] = clean(raw, as_of=as_of)
    return Snapshot(directory=directory, tables=tables, raw_events=raw,
                    scale=float(manifest.get("scale", 1.0)), sha256=sha, as_of=as_of)
