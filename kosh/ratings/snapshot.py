"""Parquet snapshots the ratings read: the synthetic nation's folder (or any folder with
``labour_market.parquet`` and ``work_permits.parquet``), opened as Ibis tables on the
backend the caller gives (an in-process DuckDB by default), with the inputs' SHA-256 a run
records. Bad input — no snapshot, a year without data, a region that does not exist — is
refused with ``DomainError`` before anything is computed or written."""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ibis
import ibis.expr.types as ir
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kosh.errors import DomainError

from .pipelines import window, years_present

TABLES: tuple[str, ...] = ("labour_market", "work_permits")
REGIONS_FILE = Path(__file__).resolve().parents[1] / "geo" / "data" / "regions.csv"
ISCO_FILE = Path(__file__).resolve().parents[1] / "occupations" / "data" / "isco08_structure.csv"


@dataclass
class Snapshot:
    """The opened tables, their files' SHA-256 and the years with labour-market data."""

    directory: Path
    tables: dict[str, ir.Table]
    sha256: dict[str, str]
    years: tuple[int, ...]


def snapshot_dir() -> Path:
    """Where the console reads its snapshot: ``KOSH_RATINGS_DIR`` (environment or
    setting), else the demo's ``var/synth`` (written by ``make demo``)."""
    configured = os.environ.get("KOSH_RATINGS_DIR") or getattr(settings, "KOSH_RATINGS_DIR",
                                                               "")
    return Path(configured) if configured else Path(settings.BASE_DIR).parent / "var" / "synth"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot_open(directory: Path, *, backend: ibis.BaseBackend | None = None) -> Snapshot:
    """Open the snapshot in ``directory`` on ``backend`` (default: a new DuckDB)."""
    missing = [name for name in TABLES if not (directory / f"{name}.parquet").is_file()]
    if missing:
        raise DomainError("snapshot_missing", str(_(
            "No labour-market snapshot in %(dir)s (missing: %(names)s). Write one with "
            "`kosh synth --out DIR`.")) % {"dir": directory, "names": ", ".join(missing)},
            field="directory")
    con = backend or ibis.duckdb.connect()
    tables = {name: con.read_parquet(directory / f"{name}.parquet", table_name=name)
              for name in TABLES}
    years = tuple(sorted(int(y) for y in
                         years_present(tables["labour_market"]).execute()["year"]))
    sha = {f"{name}.parquet": _sha256(directory / f"{name}.parquet") for name in TABLES}
    return Snapshot(directory=directory, tables=tables, sha256=sha, years=years)


def window_checked(snapshot: Snapshot, year: int) -> tuple[int, ...]:
    """The years of ``year``'s window that have data; refused unless there are two."""
    have = tuple(y for y in window(year) if y in snapshot.years)
    if len(have) < 2:
        first, last = (snapshot.years[0], snapshot.years[-1]) if snapshot.years else (0, 0)
        raise DomainError("year_without_data", str(_(
            "No rating for %(year)s: it reads %(start)s–%(end)s and needs data for at least "
            "two of those years; the snapshot has %(first)s–%(last)s.")) % {
                "year": year, "start": year - 3, "end": year - 1, "first": first,
                "last": last}, field="year")
    return have


@cache
def regions() -> dict[str, str]:
    """KATO code → English name of the 20 regions."""
    with REGIONS_FILE.open(encoding="utf-8") as f:
        return {r["kato"]: r["name_en"] for r in csv.DictReader(f)}


def region_checked(region: str) -> str:
    """``region`` if it is a KATO region code (or "" for the whole country)."""
    if region and region not in regions():
        raise DomainError("region_unknown", str(_(
            "%(region)s is not a KATO region code.")) % {"region": region}, field="region")
    return region


@cache
def isco_titles() -> dict[str, str]:
    """ISCO-08 code → English title (every level)."""
    with ISCO_FILE.open(encoding="utf-8") as f:
        return {r["isco08_code"]: r["title_en"] for r in csv.DictReader(f)}


def inputs_checked(*, directory: Path, year: int, region: str = "") -> Snapshot:
    """Open the snapshot and check the region and the year's window, refusing bad input
    (``DomainError`` with the field at fault) before anything is computed."""
    region_checked(region)
    snapshot = snapshot_open(directory)
    window_checked(snapshot, year)
    return snapshot
