"""The record-linkage console: stored runs, a run's review queue, one proposal side by
side with each field's agreement and weight (accept, reject, undo). Views are thin: the
selectors and services do the work."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError
from kosh.web.forms import DATE_INPUT_FORMATS

from .labels import side_by_side
from .match import person_candidates
from .models import Outcome
from .selectors import link_run_get, link_runs, proposal_get, review_queue
from .services import proposal_decide, proposal_undo

QUEUE_PAGE = 100


def linkage_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require login and ``link_records`` (else 403, audited as denied); pass the Actor."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        try:
            actor.require(Capability.LINK_RECORDS)
            return view(request, actor, *args, **kwargs)
        except AccessDenied as exc:
            request_refused(request, actor=actor, exc=exc)
            return render(request, "403.html", status=403)

    return wrapper


@linkage_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The stored runs, newest first."""
    return render(request, "linkage/page.html", {"runs": link_runs(actor=actor)[:50]})


@linkage_view
def run(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """A run: model, thresholds, counts, accuracy when known, and its review queue."""
    stored = link_run_get(actor=actor, run_id=run_id)
    queue = review_queue(actor=actor, run_id=run_id)
    return render(request, "linkage/run.html", {
        "run": stored, "queue": queue[:QUEUE_PAGE], "waiting": queue.count(),
        "counts": [(Outcome(k).label, v) for k, v in stored.counts.items()
                   if k in Outcome.values]})


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
