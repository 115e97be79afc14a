"""Reads of the ratings: stored runs, the run of the year before, the named professions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kosh.access.policy import Actor, Capability
from kosh.quotas.models import Kind
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.selectors import quota_official

from .models import DemandedProfessionsList, RatingRun
from .proposal import settlement_lines

#: The settlement quotas a run proposes for the next year beside the foreign-labour one.
SETTLEMENT_KINDS = (Kind.KANDAS, Kind.RESETTLERS)


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


def settlement_proposal(run: RatingRun, kind: str
                        ) -> tuple[int, dict[str, int], list[QuotaLineProposal]] | None:
    """The ``kind`` (kandas, resettlers) places the run proposes for the year after its
    year, over the settlement regions of the official quota in force then (the latest
    published): that quota's year, its places by region, and the proposed lines; ``None``
    when no official quota of the kind is published."""
    year = run.year + 1
    official = quota_official(kind=kind, year=year)
    if official is None:
        return None
    official_year, places = official
    return official_year, places, settlement_lines(
        kind=kind, year=year, proposal=run.result["proposal"], official=places,
        official_year=official_year)
