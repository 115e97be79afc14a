"""The record-linkage console: stored runs, a run's review queue, one proposal side by
side with each field's agreement and weight (accept, reject, undo). Views are thin: the
selectors and services do the work."""

from __future__ import annotations

import os
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.access.refusals import request_refused
from kosh.access.roles import Purpose
from kosh.errors import DomainError
from kosh.web.forms import DATE_INPUT_FORMATS
from kosh.web.views.base import capability_view

from .labels import side_by_side
from .match import person_candidates
from .merging import person_merge, person_merge_split
from .models import Outcome
from .selectors import link_run_get, link_runs, proposal_get, review_queue
from .services import link_run_create, proposal_decide, proposal_undo

QUEUE_PAGE = 100
SPOT_CHECK = 20  # automatic merges shown for spot checks, weakest first


# login and ``link_records`` (else 403, audited); the view gets the ``Actor``
linkage_view = capability_view(Capability.LINK_RECORDS)


@linkage_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The stored runs, newest first, and a button to run over the console's snapshot."""
    return render(request, "linkage/page.html", {"runs": link_runs(actor=actor)[:50],
                                                 "snapshot": snapshot_dir()})


@linkage_view
def run(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """A run: model, thresholds, counts, accuracy when known, and its review queue."""
    stored = link_run_get(actor=actor, run_id=run_id)
    queue = review_queue(actor=actor, run_id=run_id)
    merged = stored.proposals.filter(outcome=Outcome.AUTO).order_by("best_weight", "record_id")
    return render(request, "linkage/run.html", {
        "run": stored, "queue": queue[:QUEUE_PAGE], "waiting": queue.count(),
        "weakest_merged": merged[:SPOT_CHECK],
        "counts": [(Outcome(k).label, v) for k, v in stored.counts.items()
                   if k in Outcome.values],
        "review": _review_shares(stored.accuracy)})


def _review_shares(accuracy: dict | None) -> dict[str, str] | None:
    """The share sent to clerical review, of the records and of the pairs scored (as
    percentages with two decimals), when the run was measured against a known truth."""
    if not accuracy or "review_share" not in accuracy:
        return None
    return {"records": f"{100 * accuracy['review_share']:.2f} %",
            "pairs": f"{100 * accuracy.get('review_of_pairs', 0):.2f} %"}


def _proposal_page(request: HttpRequest, actor: Actor, proposal_id: int,
                   error: DomainError | None = None) -> HttpResponse:
    proposal = proposal_get(actor=actor, proposal_id=proposal_id)
    return render(request, "linkage/proposal.html", {
        "proposal": proposal, "error": error,
        "rows": side_by_side(proposal.record, proposal.person, proposal.comparisons),
        "decisions": proposal.decisions.all()}, status=422 if error else 200)


@linkage_view
def proposal(request: HttpRequest, actor: Actor, proposal_id: int) -> HttpResponse:
    """One proposal: the record and the registry person side by side."""
    return _proposal_page(request, actor, proposal_id)


@require_POST
@linkage_view
def decide(request: HttpRequest, actor: Actor, proposal_id: int) -> HttpResponse:
    """Accept, reject or undo (``decision`` = accept / reject / undo), then back to the
    proposal (or to the next one in the queue after accept/reject)."""
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "")
    try:
        if decision == "undo":
            done = proposal_undo(actor=actor, proposal_id=proposal_id, note=note)
        elif decision in ("accept", "reject"):
            done = proposal_decide(actor=actor, proposal_id=proposal_id,
                                   accept=decision == "accept", note=note)
            following = review_queue(actor=actor, run_id=done.run_id).first()
            if following is not None:
                return redirect("linkage:proposal", following.pk)
        else:
            raise DomainError("unknown_decision", _("Choose accept, reject or undo."))
    except DomainError as err:
        return _proposal_page(request, actor, proposal_id, error=err)
    return redirect("linkage:proposal", done.pk)


class HintForm(forms.Form):
    """The person-creation form's fields the real-time match reads."""

    surname = forms.CharField(max_length=100)
    given_name = forms.CharField(max_length=100)
    patronymic = forms.CharField(max_length=100, required=False)
    iin = forms.CharField(max_length=12, required=False)
    birth_date = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS)
    sex = forms.CharField(max_length=1, required=False)


@require_POST
@login_required
def hint(request: HttpRequest) -> HttpResponse:
    """The "is this …?" hint of the person-creation form (HTMX fragment): the registry
    persons the typed record most likely is, before a new one is created. Empty until
    surname and given name are typed."""
    actor = actor_for(request.user)
    form = HintForm(request.POST)
    if not form.is_valid():
        return HttpResponse("")
    try:
        found = person_candidates(actor=actor, **form.cleaned_data)
    except AccessDenied as exc:
        request_refused(request, actor=actor, exc=exc)
        return HttpResponse("", status=403)
    except DomainError:
        return HttpResponse("")
    likely = [c for c in found if c.likely]
    return render(request, "linkage/_hint.html", {"candidates": likely})


def _card(person_id: int) -> str:
    return f"{reverse('person-card', args=[person_id])}?purpose={Purpose.DATA_CORRECTION}"


@require_POST
@linkage_view
def merge(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """Merge the registry record numbered ``absorbed`` into this person; back to the
    card with the outcome as a message."""
    try:
        absorbed = int(request.POST.get("absorbed", ""))
        person_merge(actor=actor, survivor_id=person_id, absorbed_id=absorbed,
                     reason=request.POST.get("reason", ""))
        messages.success(request, _("The records were merged; the merge can be split again."))
    except ValueError:
        messages.error(request, _("Give the number of the person to merge."))
    except DomainError as err:
        messages.error(request, err.message)
    return redirect(_card(person_id))


@require_POST
@linkage_view
def split(request: HttpRequest, actor: Actor, merge_id: int) -> HttpResponse:
    """Split a merge again; back to the kept person's card."""
    try:
        done = person_merge_split(actor=actor, merge_id=merge_id,
                                  reason=request.POST.get("reason", ""))
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("linkage:page")
    messages.success(request, _("The merge was split; both records have their history back."))
    return redirect(_card(done.survivor_id))


def snapshot_dir() -> Path:
    """The snapshot the console links: ``KOSH_LINKAGE_DIR`` (environment), else the one
    the analysts' consoles read (``kosh.ratings.snapshot.snapshot_dir``: the demo's)."""
    from kosh.ratings.snapshot import snapshot_dir as analysts_snapshot

    configured = os.environ.get("KOSH_LINKAGE_DIR", "")
    return Path(configured) if configured else analysts_snapshot()


@require_POST
@linkage_view
def start(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Run the linkage over the console's snapshot now (the demo's is small; a national
    run belongs to ``kosh link run``, which shows progress) and open the run."""
    try:
        done = link_run_create(actor=actor, directory=snapshot_dir())
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("linkage:page")
    return redirect("linkage:run", done.pk)
