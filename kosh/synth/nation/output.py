"""Writing the nation: deterministic Parquet files in a temporary folder next to the
destination, a manifest with checksums, and the rename that makes it all appear at once.

Byte-for-byte determinism: every random draw comes from a generator seeded by
``(seed, table, chunk)`` (:meth:`Context.rng`), tables are written in a fixed order, one
row group per chunk, with no timestamps in the files (pyarrow writes none) and the same
writer options every time."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

GENERATOR = "kosh.synth.nation"
VERSION = "1.0.0"
ROW_GROUP = 1_000_000
MAX_SCALE = 2.0


class NationError(ValueError):
    """A bad argument or destination; the message says what to change."""


@dataclass
class Context:
    """What every generator needs: the seed, the scale and the progress callback."""

    seed: int
    scale: float
    chunk: int = 1_000_000  # persons per chunk (smaller in tests to exercise chunking)
    advance: Callable[[str, int], None] = field(default=lambda step, n: None)

    def rng(self, name: str, *keys: int) -> np.random.Generator:
        """The generator of one table (and chunk): independent of every other one."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode()), *keys])

    def count(self, national: float, floor: int = 0) -> int:
        """A national volume at this scale, at least ``floor``."""
        return max(floor, round(national * self.scale))


def apportion(total: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """``total`` split in proportion to ``weights`` (largest remainders): exact sums, so
    calibrated totals hold at any scale."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(w.shape, dtype=np.int64)
    quota = total * w / w.sum()
    base = np.floor(quota).astype(np.int64)
    rest = total - int(base.sum())
    if rest:
        base[np.argsort(-(quota - base), kind="stable")[:rest]] += 1
    return base


def dictionary(indices: np.ndarray, values: Sequence[str]) -> pa.DictionaryArray:
    """A dictionary-encoded string column; negative indices are nulls."""
    idx = np.asarray(indices)
    mask = idx < 0
    arr = pa.array(np.where(mask, 0, idx).astype(np.int32), type=pa.int32(),
                   mask=mask if mask.any() else None)
    return pa.DictionaryArray.from_arrays(arr, pa.array(list(values), type=pa.string()))


def year_days(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    """``n`` days drawn evenly over ``year``."""
    return between_years(rng, year, year, n)


def between_years(rng: np.random.Generator, first: int, last: int, n: int) -> np.ndarray:
    """``n`` days drawn evenly from 1 January ``first`` to 31 December ``last``."""
    lo = np.datetime64(f"{first}-01-01")
    span = (np.datetime64(f"{last + 1}-01-01") - lo).astype(int)
    return lo + rng.integers(0, span, n).astype("timedelta64[D]")


def days(values: np.ndarray) -> pa.Array:
    """datetime64[D] (or day numbers since 1970) as a date32 column; NaT is null."""
    return pa.array(np.asarray(values).astype("datetime64[D]"), type=pa.date32())


class Sink:
    """One Parquet file written in row groups; the schema is the first table's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.schema: pa.Schema | None = None
        self._writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        """Append ``table`` (an empty one still fixes the schema of an empty file)."""
        if self._writer is None:
            self.schema = table.schema
            self._writer = pq.ParquetWriter(
                self.path, table.schema, compression="zstd", compression_level=3,
                use_dictionary=True, write_statistics=True, store_schema=True,
            )
        elif table.schema != self.schema:
            table = table.cast(self.schema)
        if table.num_rows:
            self._writer.write_table(table, row_group_size=ROW_GROUP)
        self.rows += table.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class NationWriter:
    """The tables of one nation in a folder (the temporary one while generating)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sinks: dict[str, Sink] = {}

    def sink(self, name: str) -> Sink:
        """The sink of ``name`` (``truth/…`` names go to the truth folder)."""
        if name not in self.sinks:
            path = self.root / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.sinks[name] = Sink(path)
        return self.sinks[name]

    def write(self, name: str, table: pa.Table) -> None:
        self.sink(name).write(table)

    def finish(self, meta: dict) -> dict:
        """Close every file and write ``manifest.json``; returns the manifest."""
        for s in self.sinks.values():
            s.close()
        tables = {}
        for name in sorted(self.sinks):
            s = self.sinks[name]
            tables[name] = {
                "file": s.path.relative_to(self.root).as_posix(),
                "rows": s.rows,
                "bytes": s.path.stat().st_size,
                "sha256": sha256(s.path),
            }
        manifest = {"generator": GENERATOR, "version": VERSION, **meta, "tables": tables}
        (self.root / "manifest.json").write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return manifest


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def scale_check(scale: float) -> None:
    if not scale > 0:
        raise NationError(f"--scale must be greater than 0, got {scale:g}")
    if scale > MAX_SCALE:
        raise NationError(f"--scale must be at most {MAX_SCALE:g} (1.0 is the whole "
                          f"country), got {scale:g}")


@contextmanager
def staged(out: Path, *, force: bool) -> Iterator[Path]:
    """A temporary folder next to ``out`` that replaces ``out`` when the block succeeds;
    on any error it is removed and ``out`` is left as it was.

    Raises NationError when ``out`` is not empty (without ``force``), is a file, or its
    parent cannot be written."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise NationError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise NationError(f"--out {out} is not empty; pass --force to replace it")
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NationError(f"cannot create {parent}: {err.strerror}") from err
    if not os.access(parent, os.W_OK | os.X_OK):
        raise NationError(f"cannot write in {parent} (permission denied)")
    tmp = parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
