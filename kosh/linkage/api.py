"""The record-linkage API, mounted at ``/api/linkage``: stored runs, the review queue, one
proposal with its field-by-field agreement, reviewers' decisions (accept, reject, undo),
and the real-time match of a new record against the registry. Every operation calls the
same selectors and services as the console and the command line."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import StrictBool

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import (
    BodyId,
    ErrorOut,
    IinText,
    NameText,
    PastDate,
    RequestSchema,
    RequiredName,
    SexValue,
    text,
)

from . import selectors, services
from .labels import FIELD_LABELS, level_label
from .match import person_candidates
from .merging import person_merge, person_merge_split
from .models import LinkProposal, LinkRun, PersonMerge

router = Router(tags=["linkage"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LinkRunOut(Schema):
    id: int
    snapshot: str
    inputs: dict[str, str]
    backend: str
    model_version: str
    model_sha256: str
    thresholds: dict[str, float]
    counts: dict[str, int]
    accuracy: dict[str, float] | None
    seconds: float
    created_at: datetime


class FieldOut(Schema):
    name: str
    label: str
    level: int
    agreement: str
    weight: float


class ReviewDecisionOut(Schema):
    decision: str
    status_before: str
    note: str
    decided_by: str
    decided_at: datetime


class ProposalOut(Schema):
    id: int
    run_id: int
    record_id: int
    record: dict[str, str | int | float | None]
    person_ref: int | None
    person: dict[str, str | int | float | None] | None
    outcome: str
    status: str
    match_weight: float | None
    second_weight: float | None
    fields: list[FieldOut]
    decisions: list[ReviewDecisionOut]


class ReviewDecisionIn(RequestSchema):
    """``accept`` true: the record is the proposed person; false: it is not."""

    accept: StrictBool
    note: text(500) = ""


class UndoIn(RequestSchema):
    note: text(500) = ""


class MatchIn(RequestSchema):
    """A new record as it arrived (a name in any script or romanisation)."""

    surname: RequiredName
    given_name: RequiredName
    patronymic: NameText = ""
    birth_date: PastDate | None = None
    sex: SexValue | None = None
    iin: IinText | None = None


class CandidateOut(Schema):
    person_id: int
    display_name: str
    iin: str | None
    birth_date: date
    match_weight: float
    probability: float
    likely: bool
    fields: list[FieldOut]


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _run_out(run: LinkRun) -> LinkRunOut:
    return LinkRunOut(id=run.pk, snapshot=run.snapshot, inputs=run.inputs, backend=run.backend,
                  model_version=run.model_version, model_sha256=run.model_sha256,
                  thresholds=run.thresholds, counts=run.counts, accuracy=run.accuracy,
                  seconds=run.seconds, created_at=run.created_at)


def _fields(pairs: list[tuple[str, int, float]]) -> list[FieldOut]:
    return [FieldOut(name=n, label=str(FIELD_LABELS.get(n, n)), level=lv,
                     agreement=level_label(n, lv), weight=round(w, 2)) for n, lv, w in pairs]


def _proposal_out(p: LinkProposal, *, with_decisions: bool = False) -> ProposalOut:
    decisions = [ReviewDecisionOut(decision=d.decision, status_before=d.status_before, note=d.note,
                             decided_by=d.decided_by.username if d.decided_by else "",
                             decided_at=d.decided_at)
                 for d in p.decisions.all()] if with_decisions else []
    return ProposalOut(
        id=p.pk, run_id=p.run_id, record_id=p.record_id, record=p.record,
        person_ref=p.person_ref, person=p.person, outcome=p.outcome, status=p.status,
        match_weight=p.best_weight, second_weight=p.second_weight,
        fields=_fields([(c["name"], c["level"], c["weight"]) for c in p.comparisons]),
        decisions=decisions)


@router.get("/runs", response={200: list[LinkRunOut], **ERRORS})
def runs(request: HttpRequest) -> list[LinkRunOut]:
    """Stored link runs, newest first (at most 100)."""
    return [_run_out(r) for r in selectors.link_runs(actor=_actor(request))[:100]]


@router.get("/runs/{int:run_id}/review", response={200: list[ProposalOut], **ERRORS})
def review(request: HttpRequest, run_id: int) -> list[ProposalOut]:
    """The run's proposals waiting for a reviewer, strongest first (at most 100)."""
    return [_proposal_out(p) for p in
            selectors.review_queue(actor=_actor(request), run_id=run_id)[:100]]


@router.get("/proposals/{int:proposal_id}", response={200: ProposalOut, **ERRORS})
def proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    """One proposal: both sides as written, each field's agreement and match weight, and
    its decisions."""
    return _proposal_out(selectors.proposal_get(actor=_actor(request),
                                                proposal_id=proposal_id), with_decisions=True)


@router.post("/proposals/{int:proposal_id}/decision", response={200: ProposalOut, **ERRORS})
def decide(request: HttpRequest, proposal_id: int, payload: ReviewDecisionIn) -> ProposalOut:
    """Accept or reject a proposal (422 ``already_decided``: undo first; ``no_candidate``:
    the record has no person to accept)."""
    done = services.proposal_decide(actor=_actor(request), proposal_id=proposal_id,
                                    accept=payload.accept, note=payload.note)
    return _proposal_out(done, with_decisions=True)


@router.post("/proposals/{int:proposal_id}/undo", response={200: ProposalOut, **ERRORS})
def undo(request: HttpRequest, proposal_id: int, payload: UndoIn) -> ProposalOut:
    """Reverse the latest decision (an automatic merge too): back to the review queue
    (422 ``nothing_to_undo``)."""
    done = services.proposal_undo(actor=_actor(request), proposal_id=proposal_id,
                                  note=payload.note)
    return _proposal_out(done, with_decisions=True)


@router.post("/match", response={200: list[CandidateOut], **ERRORS})
def match(request: HttpRequest, payload: MatchIn) -> list[CandidateOut]:
    """The registry persons a new record most likely is, best first (at most 5), scored
    with the stored model; ``likely`` marks those in the review band or above. Candidates
    come from one statement over the registry's IIN, birth-date and name-key indexes
    (audited as one search); 422 ``empty_query`` when the name has no letters."""
    found = person_candidates(actor=_actor(request), surname=payload.surname,
                              given_name=payload.given_name, patronymic=payload.patronymic,
                              birth_date=payload.birth_date, sex=payload.sex or "",
                              iin=payload.iin)
    return [CandidateOut(person_id=c.person.pk, display_name=c.person.display_name,
                         iin=c.person.iin, birth_date=c.person.birth_date,
                         match_weight=c.match_weight, probability=round(c.probability, 6),
                         likely=c.likely,
                         fields=_fields([(n, lv, w) for n, (lv, w) in c.fields.items()]))
            for c in found]


class MergeIn(RequestSchema):
    """Merge registry person ``absorbed_id`` into ``survivor_id``."""

    survivor_id: BodyId
    absorbed_id: BodyId
    reason: text(500) = ""


class MergeOut(Schema):
    id: int
    survivor_id: int
    absorbed_id: int
    state: str
    moved: dict[str, list[int]]
    merged_at: datetime
    split_at: datetime | None


def _merge_out(m: PersonMerge) -> MergeOut:
    return MergeOut(id=m.pk, survivor_id=m.survivor_id, absorbed_id=m.absorbed_id,
                    state=m.state, moved=m.moved, merged_at=m.merged_at, split_at=m.split_at)


@router.post("/merges", response={200: MergeOut, **ERRORS})
def merge(request: HttpRequest, payload: MergeIn) -> MergeOut:
    """Merge two registry records of one person, keeping the list of rows moved (404 when
    either is missing; 422 ``same_person``, ``already_merged``, ``different_iin``)."""
    return _merge_out(person_merge(actor=_actor(request), survivor_id=payload.survivor_id,
                                   absorbed_id=payload.absorbed_id, reason=payload.reason))


@router.post("/merges/{int:merge_id}/split", response={200: MergeOut, **ERRORS})
def split(request: HttpRequest, merge_id: int, payload: UndoIn) -> MergeOut:
    """Split a wrong merge: the rows it moved go back (422 ``already_split``)."""
    return _merge_out(person_merge_split(actor=_actor(request), merge_id=merge_id,
                                         reason=payload.note))
