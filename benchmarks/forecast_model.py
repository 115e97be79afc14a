"""The forecast model's projection — issue 20: 20 regions × 101 ages × 2 sexes × 50 years
× 1,000 stochastic trajectories ≤ 10 s, one deterministic scenario ≤ 1 s on this machine —
each beside a plain reference measured in the same run: the same arithmetic written as
loops over trajectories, regions and sexes with age vectors (``project_reference``). The
reference is timed on a few trajectories and scaled linearly to 1,000 (it is linear in
them); both give the same populations (checked on those trajectories, to 1e-5: the
trajectories run in float32, as the console's runs do; the deterministic one in float64).

Rates are realistic but drawn here (seeded): life tables for e0 69/77, TFR 2.9 with
regional factors, out-migration 3 % a year by a mobility profile, random destination
matrices by sex and age group, emigration 0.1 %, 1,000 immigrants a year per region,
resettlement transfers; multipliers by trajectory and year as the stochastic module draws
them. No synthetic
nation is needed. One line per figure.

    .venv/bin/python benchmarks/forecast_model.py [--trajectories 1000] [--years 50]
        [--reference 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from common import machine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kosh.forecast.model import MOVER_GROUPS, Paths, Rates, project, project_reference
from kosh.forecast.schedules import (
    AGES,
    FEMALE,
    MALE,
    fertility_schedule,
    survival_ratios,
    working_age_mask,
)
from kosh.forecast.stochastic import Fitted, draw_paths

REGIONS = 20
LIMIT_STOCHASTIC_S, LIMIT_DETERMINISTIC_S = 10.0, 1.0


def inputs() -> tuple[np.ndarray, Rates]:
    """A base population of 20 M and the rates described above."""
    rng = np.random.default_rng(20)
    shape = (REGIONS, 2, AGES)
    ages = np.exp(-np.arange(AGES) / 35.0)
    base = rng.uniform(0.3, 2.0, REGIONS)[:, None, None] * np.broadcast_to(ages, shape)
    base = base / base.sum() * 20e6
    surv = np.empty(shape)
    birth = np.empty((REGIONS, 2))
    for sex, e0 in ((MALE, 69.0), (FEMALE, 77.0)):
        surv[:, sex], birth[:, sex] = survival_ratios(sex, e0)
    fert = np.outer(rng.uniform(0.7, 1.3, REGIONS), fertility_schedule(2.9, 28.5, 6.0))
    mobility = np.exp(-((np.arange(AGES) - 24) / 12.0) ** 2) + 0.2
    out_rate = np.broadcast_to(0.03 * mobility / mobility.mean(), shape).copy()
    dest = rng.random((2, len(MOVER_GROUPS) - 1, REGIONS, REGIONS))  # by sex and age group
    dest[..., np.arange(REGIONS), np.arange(REGIONS)] = 0
    dest /= dest.sum(axis=3, keepdims=True)
    transfers = np.zeros((REGIONS, REGIONS))
    transfers[14, 13] = transfers[3, 9] = 2000
    profile = np.zeros((2, AGES))
    profile[:, 20:45] = 1 / 50
    rates = Rates(
        survival=surv, birth_survival=birth, fertility=fert, female_birth_share=1 / 2.06,
        out_rate=out_rate, destination=dest, emigration=np.full(shape, 0.001),
        immigration=np.full(shape, 1000 / (2 * AGES)), net_rate=np.zeros(shape),
        transfers=transfers, transfer_profile=profile)
    return base, rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=1000)
    parser.add_argument("--years", type=int, default=50)
    parser.add_argument("--reference", type=int, default=10,
                        help="trajectories the plain reference is timed on")
    args, _ = parser.parse_known_args()
    base, rates = inputs()
    working = working_age_mask()
    fitted = Fitted(-0.01, 0.04, 0.03, 0.1, 0.3, 0.3, [0.4] * REGIONS, [0.005] * REGIONS)
    paths = draw_paths(fitted, years=args.years, regions=REGIONS,
                       trajectories=args.trajectories, seed=1,
                       weights=base.sum(axis=(1, 2)))

    started = time.perf_counter()
    result = project(base, rates, paths, working=working, dtype=np.float32)
    stochastic_s = time.perf_counter() - started

    n = min(args.reference, args.trajectories)
    subset = Paths(paths.mortality[:n], paths.fertility[:n], paths.internal[:n],
                   paths.emigration[:n], paths.immigration[:n], paths.regional[:n])
    started = time.perf_counter()
    plain = project_reference(base, rates, subset)
    reference_s = (time.perf_counter() - started) * args.trajectories / n
    assert np.allclose(plain, result.population[:n], rtol=1e-5)

    central = Paths.central(args.years, REGIONS)
    started = time.perf_counter()
    project(base, rates, central, working=working, keep_ages=True)
    deterministic_s = time.perf_counter() - started
    started = time.perf_counter()
    project_reference(base, rates, central)
    deterministic_ref_s = time.perf_counter() - started

    cells = REGIONS * AGES * 2
    print(f"forecast_model stochastic regions={REGIONS} ages={AGES} sexes=2 years={args.years} "
          f"trajectories={args.trajectories} time={stochastic_s:.2f}s "
          f"({cells * args.years * args.trajectories / stochastic_s / 1e6:.0f} M cell-years/s) "
          f"| issue: ≤ {LIMIT_STOCHASTIC_S:.0f} s; plain per-region loops "
          f"{reference_s:.1f}s (timed on {n} trajectories, scaled) → "
          f"{reference_s / stochastic_s:.0f}× machine={machine()}")
    print(f"forecast_model deterministic regions={REGIONS} years={args.years} "
          f"time={deterministic_s:.3f}s | issue: ≤ {LIMIT_DETERMINISTIC_S:.0f} s; plain "
          f"per-region loops {deterministic_ref_s:.3f}s → "
          f"{deterministic_ref_s / deterministic_s:.1f}× machine={machine()}")


if __name__ == "__main__":
    main()
