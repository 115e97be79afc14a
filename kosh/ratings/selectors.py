"""Reads of the ratings: stored runs, the run of the year before, the named professions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kosh.access.policy import Actor, Capability

from .models import DemandedProfessionsList, RatingRun


def rating_runs(*, actor: Actor) -> QuerySet[RatingRun]:
    """Stored runs, newest first (the ``view_aggregates`` capability)."""
    actor.require(Capability.VIEW_AGGREGATES)
    return RatingRun.objects.select_related("created_by")


def rating_run_get(*, actor: Actor, run_id: int) -> RatingRun:
    """One stored run, or 404."""
    run = rating_runs(actor=actor).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def demanded_lists_approved() -> dict[int, list[str]]:
    """The approved demanded-professions lists by year (what the B9 rules read; not
    personal data, so no capability)."""
    return dict(DemandedProfessionsList.objects.filter(approved_at__isnull=False)
                .values_list("year", "professions"))


def demanded_list_of(year: int) -> DemandedProfessionsList | None:
    """The demanded-professions list of ``year``, proposed or approved, if any."""
    return DemandedProfessionsList.objects.filter(year=year).first()
