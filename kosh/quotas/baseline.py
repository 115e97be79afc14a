"""The baseline quota method, as practised today: the yearly quota of employer permits and
of household workers is a share of the labour force, and the employer-permit quota is split
into categories 1–4 and seasonal. Intra-corporate transfers are outside the quota. Every
rate is a dated parameter (``parameters/``, OpenFisca YAML with references)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from openfisca_core.parameters import ParameterNode

from .models import Kind
from .proposals import PERMIT_CATEGORIES, QuotaLineProposal

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
CATEGORY_PARAMETER = {"1": "cat_1", "2": "cat_2", "3": "cat_3", "4": "cat_4",
                      "seasonal": "seasonal"}


@cache
def quota_parameters() -> ParameterNode:
    """The baseline method's parameters (read once)."""
    return ParameterNode("quotas", directory_path=str(PARAMETERS_DIR))


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that sum to it
    (largest remainders get the leftover units, ties to the first)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def baseline_proposals(year: int, on: date | None = None) -> list[QuotaLineProposal]:
    """The baseline foreign-labour (by category) and household-worker quota lines for
    ``year``, national, at the rates in force on ``on`` (1 January by default; 1 August
    2025 gives the raised rates)."""
    on = on or date(year, 1, 1)
    p = quota_parameters()(on.isoformat())
    labour_force = int(p.labour_force)
    lines: list[QuotaLineProposal] = []
    share = float(p.foreign_labour.share_of_labour_force)
    total = round(labour_force * share)
    weights = [float(p.foreign_labour.category_share[CATEGORY_PARAMETER[c]])
               for c in PERMIT_CATEGORIES]
    for category, amount, weight in zip(PERMIT_CATEGORIES, apportion(total, weights), weights,
                                        strict=True):
        lines.append(QuotaLineProposal(
            kind=Kind.FOREIGN_LABOUR.value, category=category, region="", year=year,
            amount=amount,
            basis=(f"{share:.4%} of the labour force {labour_force:,} in force on "
                   f"{on.isoformat()} = {total:,} permits, category share {weight:.4f} "
                   f"(largest remainder); intra-corporate transfers outside the quota"),
        ))
    share = float(p.household_workers.share_of_labour_force)
    lines.append(QuotaLineProposal(
        kind=Kind.HOUSEHOLD_WORKERS.value, category="", region="", year=year,
        amount=round(labour_force * share),
        basis=f"{share:.4%} of the labour force {labour_force:,} in force on {on.isoformat()}",
    ))
    return lines
