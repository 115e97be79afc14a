"""What the benchmarks share: progress on stderr, the machine and its load printed beside
every figure, peak memory, the PostgreSQL settings a figure depends on, a free port and a
throw-away PostgreSQL cluster (scripts/pg-cluster).

Each benchmark imports these by name (``from common import machine, log``); the scripts
run as ``python benchmarks/NAME.py``, so this folder is on ``sys.path``."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DURABILITY = ("fsync", "synchronous_commit", "full_page_writes", "shared_buffers")


def log(*parts: object) -> None:
    """Progress, on stderr (stdout carries only the result lines)."""
    print(*parts, file=sys.stderr, flush=True)


def cpu_model() -> str:
    """The CPU model of this machine (``model name`` of /proc/cpuinfo)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine() -> str:
    """``N cores MODEL pyX.Y``: the cores, the CPU model and the Python a figure ran on."""
    return (f"{os.cpu_count()} cores {cpu_model()} "
            f"py{sys.version_info.major}.{sys.version_info.minor}")


def machine_nproc() -> str:
    """``nproc N, MODEL``: the cores and the CPU model, as the server-side benchmarks
    (API, pages, quota draws, settlement, decisions, what-if) print them."""
    return f"nproc {os.cpu_count()}, {cpu_model()}"


def load_average() -> str:
    """``load average 1min 5min 15min`` of this machine, now."""
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_gb() -> float:
    """Peak resident memory of this process so far, in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def durability(names: Sequence[str] = DURABILITY, *, url: str = "", sep: str = " ") -> str:
    """``name=value`` of the server settings that decide what a write costs, as the server
    reports them, joined by ``sep``: over Django's connection, or over a connection of
    its own to ``url`` (closed after)."""
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            values = [conn.execute(f"SHOW {name}").fetchone()[0] for name in names]
    else:
        from django.db import connection

        values = []
        with connection.cursor() as cur:
            for name in names:
                cur.execute(f"SHOW {name}")
                values.append(cur.fetchone()[0])
    return sep.join(f"{name}={value}" for name, value in zip(names, values, strict=True))


class Cluster:
    """scripts/pg-cluster in a fresh temporary directory, stopped and removed on exit; or
    in ``keep_dir``, which is kept (with the server running) for the next ``--reuse``.
    ``port`` 0: a free one. ``durable``: production durability (``KOSH_PG_DURABLE=1``:
    fsync, synchronous_commit and full_page_writes on); else the fast throw-away
    settings. ``url`` is the database's URL once started."""

    def __init__(self, port: int = 0, keep_dir: str = "", *, durable: bool = False,
                 prefix: str = "kosh-bench-pg.") -> None:
        self.keep = bool(keep_dir)
        self.dir = keep_dir or tempfile.mkdtemp(prefix=prefix)
        self.port = port or free_port()
        self.durable = durable
        self.url = ""

    def __enter__(self) -> Cluster:
        if self.keep and Path(self.dir, "postmaster.pid").exists():  # still running
            self.url = f"postgresql://kosh@127.0.0.1:{self.port}/kosh"
            return self
        env = dict(os.environ, KOSH_PG_DURABLE="1") if self.durable else None
        out = subprocess.run(
            [str(ROOT / "scripts/pg-cluster"), "start", self.dir, str(self.port)],
            check=True, capture_output=True, text=True, env=env,
        )
        self.url = out.stdout.strip().splitlines()[-1]
        return self

    def postmaster_pid(self) -> int:
        """The server's first process (the parent of every backend)."""
        return int(Path(self.dir, "postmaster.pid").read_text().split()[0])

    def __exit__(self, *exc: object) -> None:
        if self.keep:
            log(f"cluster kept running in {self.dir} (stop: scripts/pg-cluster stop {self.dir})")
            return
        subprocess.run([str(ROOT / "scripts/pg-cluster"), "stop", self.dir], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
