"""Writes of record linkage: storing a run's proposals, and reviewers' decisions on them
(accept, reject, undo), each in one transaction with its audit event."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from .clusters import Thresholds, thresholds_in_force
from .model import Backend, Blocking, model_load
from .models import LinkProposal, LinkRun, Outcome, ReviewDecision, Status
from .pipeline import PERSON_FIELDS, RECORD_FIELDS, LinkResult, link_snapshot

#: Comparisons shown to a reviewer, in order: (output column, model field).
COMPARISONS = ("iin", "surname", "given_name", "patronymic_key", "birth_date", "sex",
               "region")


def _plain(value: Any) -> Any:
    """A JSON-safe scalar: NaN/None → None, numpy numbers → Python, dates → ISO."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (int, float, bool)) else str(value)


def _rows(df: pd.DataFrame, key: str, fields: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    present = [f for f in fields if f in df.columns]
    return {int(k): {f: _plain(v) for f, v in zip(present, values, strict=True)}
            for k, *values in df[[key, *present]].itertuples(index=False)}


def _proposals(run: LinkRun, result: LinkResult) -> list[LinkProposal]:
    records = _rows(result.records, "record_id", RECORD_FIELDS)
    proposed = result.proposals
    wanted = set(proposed["person_id"].dropna().astype("int64"))
    persons = _rows(result.persons[result.persons["id"].isin(wanted)], "id", PERSON_FIELDS)
    best = result.pairs.merge(proposed[["record_id", "person_id"]].dropna(),
                              on=["record_id", "person_id"]).set_index("record_id")
    out = []
    for row in proposed.itertuples(index=False):
        person = None if pd.isna(row.person_id) else int(row.person_id)
        comparisons = []
        if person is not None and row.record_id in best.index:
            pair = best.loc[row.record_id]
            comparisons = [{"name": name, "level": int(pair[f"gamma_{name}"]),
                            "weight": round(float(pair[f"mw_{name}"]), 2)}
                           for name in COMPARISONS if f"gamma_{name}" in pair.index]
        out.append(LinkProposal(
            run=run, record_id=int(row.record_id), record=records[int(row.record_id)],
            person_ref=person, person=persons.get(person) if person is not None else None,
            outcome=row.outcome, best_weight=_plain(row.best_weight),
            second_weight=_plain(row.second_weight), comparisons=comparisons,
            status=Status.ACCEPTED if row.outcome == Outcome.AUTO else Status.PROPOSED))
    return out


def link_run_create(*, actor: Actor, directory: Path, backend: Backend = "duckdb",
                    model_version: str | None = None, thresholds: Thresholds | None = None,
                    blocking: Blocking = "standard",
                    progress: Callable[[str], None] = lambda stage: None) -> LinkRun:
    """Link the snapshot's ``person_records`` to its ``persons`` with the stored model
    (default: the current version), the thresholds in force and the standard or national
    blocking rules (audited with the run), and store the run with one proposal per record.
    A refusal (capability, missing snapshot) writes nothing."""
    actor.require(Capability.LINK_RECORDS)
    for name in ("person_records", "persons"):
        if not (directory / f"{name}.parquet").exists():
            raise DomainError("no_snapshot", _("%(dir)s has no %(name)s.parquet.")
                              % {"dir": directory, "name": name}, field="directory")
    model = model_load(model_version) if model_version else model_load()
    limits = thresholds or thresholds_in_force()
    started = time.perf_counter()
    result = link_snapshot(directory, model=model, thresholds=limits, backend=backend,
                           blocking=blocking, progress=progress)
    counts = {str(k): int(v) for k, v in result.proposals["outcome"].value_counts().items()}
    counts["pairs_scored"] = len(result.pairs)
    accuracy = None
    if result.accuracy is not None:
        a = result.accuracy
        accuracy = {"precision": a.precision, "recall": a.recall, "f1": a.f1,
                    "review_share": a.review_share, "review_of_pairs": a.review_of_pairs}
    with transaction.atomic():
        run = LinkRun.objects.create(
            snapshot=str(directory)[:500], inputs=result.inputs, backend=backend,
            model_version=model.version, model_sha256=model.sha256,
            thresholds=limits.__dict__, counts=counts, accuracy=accuracy,
            seconds=round(time.perf_counter() - started, 2), created_by=actor.user)
        LinkProposal.objects.bulk_create(_proposals(run, result), batch_size=2000)
        audit_record(actor=actor, action="create", object_type="link_run", object_id=run.pk,
                     after={"inputs": result.inputs, "model": model.version,
                            "model_sha256": model.sha256, "blocking": blocking,
                            "counts": counts})
    return run


def _locked(proposal_id: int) -> LinkProposal:
    proposal = LinkProposal.objects.select_for_update().filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_decide(*, actor: Actor, proposal_id: int, accept: bool, note: str = ""
                    ) -> LinkProposal:
    """Accept (the record is that person) or reject (it is not) a proposal in review.
    Refused when the proposal has no person or was already decided (undo first)."""
    actor.require(Capability.LINK_RECORDS)
    with transaction.atomic():
        proposal = _locked(proposal_id)
        if proposal.person_ref is None:
            raise DomainError("no_candidate", _("This record has no candidate person to "
                                                "accept or reject."))
        if proposal.status != Status.PROPOSED:
            raise DomainError("already_decided", _("This proposal was already decided; "
                                                   "undo that decision first."))
        before = proposal.status
        proposal.status = Status.ACCEPTED if accept else Status.REJECTED
        proposal.decided_by, proposal.decided_at = actor.user, timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        ReviewDecision.objects.create(
            proposal=proposal, decision="accept" if accept else "reject",
            status_before=before, note=note[:500], decided_by=actor.user)
        audit_record(actor=actor, action="update", object_type="link_proposal",
                     object_id=proposal.pk, before={"status": before},
                     after={"status": proposal.status, "record_id": proposal.record_id,
                            "person_ref": proposal.person_ref, "note": note[:500]})
    return proposal


def proposal_undo(*, actor: Actor, proposal_id: int, note: str = "") -> LinkProposal:
    """Reverse the latest decision on a proposal (an automatic merge included): it goes
    back to "proposed" and into the review queue; the decision stays in its history."""
    actor.require(Capability.LINK_RECORDS)
    with transaction.atomic():
        proposal = _locked(proposal_id)
        if proposal.status == Status.PROPOSED:
            raise DomainError("nothing_to_undo", _("This proposal has no decision to undo."))
        before = proposal.status
        proposal.status = Status.PROPOSED
        if proposal.outcome == Outcome.AUTO:
            proposal.outcome = Outcome.REVIEW
        proposal.decided_by, proposal.decided_at = actor.user, timezone.now()
        proposal.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
        ReviewDecision.objects.create(proposal=proposal, decision="undo", status_before=before,
                                      note=note[:500], decided_by=actor.user)
        audit_record(actor=actor, action="update", object_type="link_proposal",
                     object_id=proposal.pk, before={"status": before},
                     after={"status": proposal.status, "undo": True, "note": note[:500]})
    return proposal
