"""Benchmark: generating the synthetic nation — ``kosh synth --scale 0.01`` and
``--scale 1.0`` (≥ 20 M persons, ≥ 5 M registration events) — wall time and peak memory.

    .venv/bin/python benchmarks/synth_national.py [--scale 1.0] [--seed 7] [--keep DIR]

Each run is a separate ``kosh synth`` process writing to a temporary folder (removed after
unless ``--keep``); its peak resident memory is read from the kernel's accounting of
finished children. Prints one line per run on stdout, with the issue's limits and the
figure of /work/shared/design/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {1.0: (600.0, 8.0), 0.01: (30.0, None)}  # scale: (seconds, GB) from issue 3
REF_PERSONS_S = 30.0  # PERFORMANCE.md: 20 M persons → Parquet in 28–30 s


def run(scale: float, seed: int, out: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/kosh"), "synth", "--scale", str(scale), "--seed",
                    str(seed), "--out", str(out), "--force", "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    manifest = json.loads((out / "manifest.json").read_text())
    size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    return {"seconds": seconds, "peak_gb": max(peak, before) / 1024**2,
            "peak_known": peak > before, "bytes": size, "tables": manifest["tables"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", default="")
    args, _ = parser.parse_known_args(argv)  # make bench passes every benchmark's options
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kosh-synth."))
    try:
        for scale in dict.fromkeys((0.01, args.scale)):
            print(f"generating scale {scale:g} …", file=sys.stderr, flush=True)
            r = run(scale, args.seed, root / f"scale-{scale:g}")
            t = r["tables"]
            seconds, gb = LIMITS.get(scale, (None, None))
            limit = (f"issue: ≤ {seconds:.0f} s" if seconds else "") + (
                f", ≤ {gb:.0f} GB" if gb else "")
            rss = f"{r['peak_gb']:.2f}GB" if r["peak_known"] else "n/a"
            rows = sum(v["rows"] for v in t.values())
            persons = t["persons"]["rows"]
            print(f"synth_national scale={scale} persons={persons:,} "
                  f"registration_events={t['registration_events']['rows']:,} "
                  f"tables={len(t)} rows={rows:,} parquet={r['bytes'] / 1e9:.2f}GB "
                  f"time={r['seconds']:.1f}s peak_rss={rss} | {limit}; PERFORMANCE.md: "
                  f"20 M persons alone → Parquet in {REF_PERSONS_S:.0f} s "
                  f"({20e6 / REF_PERSONS_S:,.0f} persons/s); here {persons / r['seconds']:,.0f}"
                  f" persons/s with the {rows - persons:,} rows of the other tables written "
                  f"too machine={machine()}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
