"""The concept's migration target indicators projected to 2027 from the trajectories, with
the probability of meeting the target (the share of trajectories that do): indicator 1,
the external migration balance, indicator 5, the skilled share of arrivals (the same in
every trajectory: see ``skilled``), and indicator 10, the share of inter-regional
arrivals going to the northern and eastern regions. Targets are data
(``parameters/targets.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import yaml

from .model import Projection

_FILE = Path(__file__).resolve().parent / "parameters" / "targets.yaml"
YEAR = 2027


@cache
def target_indicators() -> list[dict]:
    """The indicators file's entries (number, names, unit, baseline, targets by year)."""
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))["indicators"]


def targets_2027(p: Projection, *, base_year: int, north_east: list[int],
                 skilled: float) -> list[dict]:
    """For each indicator: the 2027 value's median and 80 % interval and the probability
    of reaching the target; nothing when the projection does not cover 2027. ``skilled``
    is the scenario's skilled share of arrivals (%)."""
    y = YEAR - base_year
    if y < 0 or y >= p.immigrants.shape[1]:
        return []
    balance = (p.immigrants[:, y].sum(axis=1) - p.emigrants[:, y].sum(axis=1)) / 1000
    share = p.arrivals[:, y, north_east].sum(axis=1) / p.arrivals[:, y].sum(axis=1) * 100
    values = {1: balance, 5: np.full(balance.shape, skilled), 10: share}
    out = []
    for ind in target_indicators():
        v = values[ind["number"]]
        target = float(ind["targets"][YEAR])
        low, median, high = np.percentile(v, [10, 50, 90])
        out.append({"number": ind["number"], "name": ind["name"], "unit": ind["unit"],
                    "target": target, "median": round(float(median), 2),
                    "low80": round(float(low), 2), "high80": round(float(high), 2),
                    "probability": round(float(np.mean(v >= target)), 3)})
    return out
