"""``kosh quotas load``: the regional quotas of kandas and resettlers 2022–2026 (MLSPP
orders, ``data/kandas_resettler_quotas.csv``) as published quota sets, in one transaction
(all or nothing) and idempotently (a version already there is left as it is).

How the rows are read: a year's rows with a region code are the regional lines of the
order; a ``TOTAL`` row states the order's total — where the regional rows add up to less
(2025 resettlers: three regions published), the rest is one national line "regional split
not published". A ``TOTAL`` row whose note begins "amended order" is a second version in
force from the date in its note (2024); a ``TOTAL`` row quoting a conflicting figure
(2023, "figure quoted …") is not loaded (docs/quotas.md)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from kosh.access.policy import Actor

from .models import Kind, QuotaSet
from .proposals import QuotaLineProposal
from .services import quota_set_approve, quota_set_propose

DATA = Path(__file__).resolve().parent / "data" / "kandas_resettler_quotas.csv"
KINDS = {"kandas": Kind.KANDAS.value, "resettler": Kind.RESETTLERS.value}
# in force of the first version where it is not 1 January (INSTRUMENTS.md §5)
FIRST_IN_FORCE = {2024: date(2024, 1, 14)}


@dataclass(frozen=True)
class LoadedVersion:
    """One version of a year's quota as the file gives it."""

    year: int
    kind: str
    version: int
    effective_from: date
    source: str
    lines: tuple[QuotaLineProposal, ...]


def _in_force(note: str) -> date:
    day, month, year = re.search(r"(\d{2})\.(\d{2})\.(\d{4})", note).groups()
    return date(int(year), int(month), int(day))


def quota_versions(path: Path = DATA) -> list[LoadedVersion]:
    """The versions the file holds, in year, kind and version order."""
    groups: dict[tuple[int, str], list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups[int(row["year"]), KINDS[row["category"]]].append(row)
    versions: list[LoadedVersion] = []
    for (year, kind), rows in sorted(groups.items()):
        regional = [r for r in rows if r["kato"]]
        totals = [r for r in rows if not r["kato"]]
        original = next((r for r in totals if not r["note"].startswith(("amended order",
                                                                         "figure quoted"))),
                        None)
        lines = [QuotaLineProposal(kind=kind, category="", region=r["kato"], year=year,
                                   amount=int(r["quota_persons"]),
                                   basis=f"MLSPP order: {r['source']}") for r in regional]
        rest = int(original["quota_persons"]) - sum(ln.amount for ln in lines) if original else 0
        if rest > 0:
            lines.append(QuotaLineProposal(
                kind=kind, category="", region="", year=year, amount=rest,
                basis=("regional split not published; the order's total less the published "
                       f"regional lines: {original['source']}")))
        source = original["source"] if original else regional[0]["source"]
        versions.append(LoadedVersion(year, kind, 1, FIRST_IN_FORCE.get(year, date(year, 1, 1)),
                                      source, tuple(lines)))
        for number, row in enumerate(
                (r for r in totals if r["note"].startswith("amended order")), start=2):
            versions.append(LoadedVersion(year, kind, number, _in_force(row["note"]),
                                          row["source"], (QuotaLineProposal(
                                              kind=kind, category="", region="", year=year,
                                              amount=int(row["quota_persons"]),
                                              basis=f"amended MLSPP order: {row['source']}"),)))
    return versions


def quotas_load(*, actor: Actor, path: Path = DATA) -> int:
    """Load and publish every version not yet there; returns how many were added."""
    added = 0
    with transaction.atomic():
        for v in quota_versions(path):
            if QuotaSet.objects.filter(year=v.year, kind=v.kind, version=v.version).exists():
                continue
            draft = quota_set_propose(actor=actor, year=v.year, kind=v.kind, lines=v.lines,
                                      effective_from=v.effective_from, source=v.source)
            quota_set_approve(actor=actor, quota_set_id=draft.pk)
            added += 1
    return added
