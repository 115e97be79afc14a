"""Writes of the ratings: computing and storing a run, and turning a run's rating-driven
quota proposal into a draft quota set of the next year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability
from kosh.quotas.models import Kind, QuotaSet
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_propose

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


def rating_source(run: RatingRun) -> str:
    """The ``source`` a quota set proposed from ``run`` carries (and is found again by)."""
    return f"rating run #{run.pk} ({run.year}, weights {run.weights_version})"


def rating_run_propose_quotas(*, actor: Actor, run_id: int) -> QuotaSet:
    """Turn the run's rating-driven foreign-labour proposal into a draft quota set of the
    year after the run's year (``quota_set_propose``, ``propose_quotas`` capability), each
    line keeping its basis. Idempotent: a run proposes once; asked again it returns the set
    already proposed from it (draft or since approved) and writes nothing."""
    actor.require(Capability.PROPOSE_QUOTAS)
    with transaction.atomic():
        run = RatingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise Http404
        source = rating_source(run)
        year = run.year + 1
        existing = QuotaSet.objects.filter(kind=Kind.FOREIGN_LABOUR, year=year,
                                           source=source).order_by("version").first()
        if existing is not None:
            return existing
        lines = [replace(QuotaLineProposal(**line), year=year,
                         basis=f"{line['basis']} [{source}]")
                 for line in run.result["proposal"]]
        return quota_set_propose(actor=actor, year=year, kind=Kind.FOREIGN_LABOUR,
                                 lines=lines, source=source)
