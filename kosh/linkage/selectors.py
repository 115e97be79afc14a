"""Reads of record linkage: runs, the review queue, one proposal, labels for training."""

from __future__ import annotations

import pandas as pd
from django.db.models import QuerySet
from django.http import Http404

from kosh.access.policy import Actor, Capability

from .models import LinkProposal, LinkRun, Outcome, Status


def link_runs(*, actor: Actor) -> QuerySet[LinkRun]:
    """Every stored run, newest first."""
    actor.require(Capability.LINK_RECORDS)
    return LinkRun.objects.all()


def link_run_get(*, actor: Actor, run_id: int) -> LinkRun:
    """One run (404 when there is none)."""
    actor.require(Capability.LINK_RECORDS)
    run = LinkRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def review_queue(*, actor: Actor, run_id: int) -> QuerySet[LinkProposal]:
    """The run's proposals waiting for a reviewer, strongest first."""
    link_run_get(actor=actor, run_id=run_id)
    return LinkProposal.objects.filter(run_id=run_id, outcome=Outcome.REVIEW,
                                       status=Status.PROPOSED)


def proposal_get(*, actor: Actor, proposal_id: int) -> LinkProposal:
    """One proposal with its decisions (404 when there is none)."""
    actor.require(Capability.LINK_RECORDS)
    proposal = (LinkProposal.objects.select_related("run")
                .prefetch_related("decisions__decided_by").filter(pk=proposal_id).first())
    if proposal is None:
        raise Http404
    return proposal


def review_labels(*, actor: Actor) -> pd.DataFrame:
    """Reviewers' decisions as pairwise labels (``record_id, person_id, is_match``), the
    latest decision of each reviewed proposal — the input of Splink's
    ``estimate_m_from_pairwise_labels`` when the model is next trained."""
    actor.require(Capability.LINK_RECORDS)
    rows = (LinkProposal.objects.filter(decisions__isnull=False,
                                        status__in=[Status.ACCEPTED, Status.REJECTED])
            .distinct().values_list("record_id", "person_ref", "status"))
    return pd.DataFrame([(r, p, s == Status.ACCEPTED) for r, p, s in rows],
                        columns=["record_id", "person_id", "is_match"])
