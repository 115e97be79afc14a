"""Stored link runs and clerical review: a run stores one proposal per record with the
model's version and hash; a reviewer accepts or rejects, undoes (also an automatic merge),
every decision audited and kept; decisions become labels; refusals write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.linkage.clusters import Thresholds
from kosh.linkage.model import model_load
from kosh.linkage.models import LinkProposal, LinkRun, Outcome, Status
from kosh.linkage.selectors import proposal_get, review_labels, review_queue
from kosh.linkage.services import link_run_create, proposal_decide, proposal_undo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel("2026-06-01 09:00Z", tick=False):
        yield
ALL_TO_REVIEW = Thresholds(auto_merge_weight=1000, review_weight=0, review_margin=3)


def test_run_stores_proposals_with_model_and_inputs(actor_of, snapshot: Path) -> None:
    run = link_run_create(actor=actor_of("admin"), directory=snapshot)
    assert run.model_version == "person-v2" and run.model_sha256 == model_load().sha256
    assert set(run.inputs) == {"person_records", "persons"}
    assert run.thresholds == {"auto_merge_weight": 8.0, "review_weight": 0.0,
                              "review_margin": 3.0}
    assert run.counts["auto"] == 6 and run.counts["new"] == 1
    assert run.accuracy["f1"] == 1.0
    swapped = LinkProposal.objects.get(run=run, record_id=102)
    assert swapped.person_ref == 1 and swapped.status == Status.ACCEPTED
    assert swapped.record["given_name"] == "Janna" and swapped.person["surname"] == "Ахметова"
    levels = {c["name"]: c for c in swapped.comparisons}
    assert levels["birth_date"]["weight"] > 0 and "surname" in levels
    assert AuditEvent.objects.filter(object_type="link_run", object_id=str(run.pk)).exists()


def test_review_accept_reject_undo_and_labels(actor_of, snapshot: Path) -> None:
    admin = actor_of("admin")
    run = link_run_create(actor=admin, directory=snapshot, thresholds=ALL_TO_REVIEW)
    queue = list(review_queue(actor=admin, run_id=run.pk))
    assert len(queue) == 6 and all(p.outcome == Outcome.REVIEW for p in queue)
    first, second = queue[0], queue[1]
    proposal_decide(actor=admin, proposal_id=first.pk, accept=True)
    proposal_decide(actor=admin, proposal_id=second.pk, accept=False, note="other person")
    with pytest.raises(DomainError) as err:
        proposal_decide(actor=admin, proposal_id=first.pk, accept=False)
    assert err.value.code == "already_decided"
    labels = review_labels(actor=admin).set_index("record_id")
    assert bool(labels.loc[first.record_id, "is_match"]) is True
    assert bool(labels.loc[second.record_id, "is_match"]) is False
    undone = proposal_undo(actor=admin, proposal_id=second.pk)
    assert undone.status == Status.PROPOSED
    assert [d.decision for d in proposal_get(actor=admin, proposal_id=second.pk)
            .decisions.all()] == ["reject", "undo"]
    assert second.record_id not in set(review_labels(actor=admin)["record_id"])
    assert AuditEvent.objects.filter(object_type="link_proposal").count() == 3


def test_an_automatic_merge_can_be_undone(actor_of, snapshot: Path) -> None:
    admin = actor_of("admin")
    run = link_run_create(actor=admin, directory=snapshot)
    merged = LinkProposal.objects.get(run=run, record_id=101)
    undone = proposal_undo(actor=admin, proposal_id=merged.pk, note="wrong merge")
    assert (undone.outcome, undone.status) == (Outcome.REVIEW, Status.PROPOSED)
    assert undone in review_queue(actor=admin, run_id=run.pk)


def test_refusals_write_nothing(actor_of, snapshot: Path, tmp_path_factory) -> None:
    with pytest.raises(AccessDenied):
        link_run_create(actor=actor_of("analyst"), directory=snapshot)
    with pytest.raises(DomainError) as err:
        link_run_create(actor=actor_of("admin"), directory=tmp_path_factory.mktemp("empty"))
    assert err.value.code == "no_snapshot"
    assert not LinkRun.objects.exists()
