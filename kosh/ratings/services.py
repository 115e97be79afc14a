"""Writes of the ratings: computing and storing a run (the one service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability

from .cycle import cycle_compute
from .models import RatingRun
from .snapshot import inputs_checked
from .weights import weights_for


def rating_run_create(*, actor: Actor, year: int, directory: Path, region: str = "",
                      weights_path: Path | None = None, on: date | None = None,
                      progress: Callable[[str], None] = lambda stage: None) -> RatingRun:
    """Compute the cycle for ``year`` from the snapshot in ``directory`` with the weights
    in force ``on`` (default today; ``weights_path`` for an analyst's file) and store it
    with its inputs' SHA-256 and weights version. Every check (capability, region,
    weights, snapshot, years with data) comes before any write: a refusal writes nothing."""
    actor.require(Capability.RUN_WHATIF)
    weights = weights_for(on or timezone.localdate(), weights_path)
    progress("reading")
    snapshot = inputs_checked(directory=directory, year=year, region=region)
    result = cycle_compute(snapshot, year=year, weights=weights, region=region,
                           progress=progress)
    with transaction.atomic():
        run = RatingRun.objects.create(
            year=year, region=region, snapshot=str(directory)[:500],
            inputs=snapshot.sha256, weights_version=weights.version, result=result,
            seconds=result["seconds"], created_by=actor.user)
        audit_record(actor=actor, action="create", object_type="rating_run", object_id=run.pk,
                     after={"year": year, "region": region, "inputs": snapshot.sha256,
                            "weights_version": weights.version})
    return run
