"""The analysts' ratings console: compute a year (progress polled with HTMX), the ranked
occupations, an occupation's explanation, the quota proposal beside the baseline and the
demanded-professions list of 2023. Views are thin: services, selectors and ``cycle`` do
the work."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.quotas.models import Kind
from kosh.web.views.base import capability_view

from .cycle import explanation, ranked
from .demanded import list_compared
from .forms import ComputeForm
from .labels import INDICATOR_LABELS, RATING_LABELS, RATING_NOTES, STAGE_LABELS
from .models import RatingRun
from .runs import rating_job, rating_job_start
from .selectors import (
    SETTLEMENT_KINDS,
    demanded_list_of,
    rating_run_get,
    rating_runs,
    settlement_proposal,
)
from .services import (
    demanded_list_approve,
    demanded_list_propose_from_run,
    rating_run_propose_quotas,
)
from .snapshot import inputs_checked, regions, snapshot_dir

# login and ``view_aggregates`` (else 403, audited); the view gets the ``Actor``
ratings_view = capability_view(Capability.VIEW_AGGREGATES)


def _rating(request: HttpRequest) -> str:
    rating = request.GET.get("rating", "key_competences")
    return rating if rating in RATING_LABELS else "key_competences"


@ratings_view
def page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Compute a year's cycle and list the stored runs."""
    job = rating_job(request.GET.get("job", ""))
    return render(request, "ratings/page.html", {
        "form": ComputeForm(), "runs": rating_runs(actor=actor)[:20], "job": job,
        "stage": STAGE_LABELS.get(job.stage, "") if job else "",
        "can_compute": actor.can(Capability.RUN_WHATIF), "snapshot": snapshot_dir()})


@require_POST
@ratings_view
def start(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Start computing (``run_whatif`` capability) and go to the page showing progress."""
    actor.require(Capability.RUN_WHATIF)
    form = ComputeForm(request.POST)
    if form.is_valid():
        try:
            inputs_checked(directory=snapshot_dir(), year=form.cleaned_data["year"],
                           region=form.cleaned_data["region"])
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
    if not form.is_valid():
        return render(request, "ratings/page.html", {
            "form": form, "runs": rating_runs(actor=actor)[:20], "can_compute": True,
            "snapshot": snapshot_dir()}, status=400)
    job = rating_job_start(actor=actor, year=form.cleaned_data["year"],
                           directory=snapshot_dir(), region=form.cleaned_data["region"])
    return redirect(f"{reverse('ratings:page')}?job={job.key}")


@ratings_view
def job(request: HttpRequest, actor: Actor, key: str) -> HttpResponse:
    """The job's progress (polled until done); when stored, send the page to the run."""
    found = rating_job(key)
    if found is None:
        raise Http404
    response = render(request, "ratings/_job.html",
                      {"job": found, "stage": STAGE_LABELS.get(found.stage, "")})
    if found.run_id is not None:
        response["HX-Redirect"] = reverse("ratings:run", args=[found.run_id])
    return response


def _quota_compared(result: dict) -> list[dict]:
    """Baseline and rating-driven places per permit category."""
    proposed: dict[str, int] = defaultdict(int)
    for line in result["proposal"]:
        proposed[line["category"]] += line["amount"]
    return [{"category": line["category"], "baseline": line["amount"],
             "rating": proposed.get(line["category"], 0),
             "change": proposed.get(line["category"], 0) - line["amount"]}
            for line in result["baseline"]]


def _settlement_compared(stored: RatingRun) -> list[dict]:
    """Per settlement kind: the official quota's year and, per region, its places beside
    the places the run proposes for the next year."""
    names = regions()
    out = []
    for kind in SETTLEMENT_KINDS:
        found = settlement_proposal(stored, kind)
        if found is None:
            continue
        official_year, places, lines = found
        out.append({"kind": kind, "label": kind.label, "official_year": official_year,
                    "rows": [{"region": names.get(line.region, line.region) or "—",
                              "official": places.get(line.region, 0),
                              "proposed": line.amount, "basis": line.basis}
                             for line in lines]})
    return out


def _supply_compared(result: dict) -> dict | None:
    """The run's regional demand against the projected labour supply, regions named (None
    for runs stored before the supply side existed)."""
    supply = result.get("supply")
    if supply is None:
        return None
    names = regions()
    rows = [{**row, "name": names.get(row["region"], row["region"])}
            for row in supply.get("rows", [])]
    return {**supply, "rows": rows}


@ratings_view
def run(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """A stored run: the ranked occupations of one rating with last year's rank, the quota
    proposal beside the baseline, the named demanded professions."""
    stored = rating_run_get(actor=actor, run_id=run_id)
    rating = _rating(request)
    rows = ranked(stored.result, rating)
    for row in rows:
        before = row["previous"].get(rating)
        row["change"] = before - row["ranks"][rating] if before else None
    return render(request, "ratings/run.html", {
        "run": stored, "result": stored.result, "rating": rating,
        "ratings": RATING_LABELS.items(), "note": RATING_NOTES[rating], "rows": rows,
        "region_name": regions().get(stored.region, ""), "regions": regions(),
        "quota": _quota_compared(stored.result), "demanded": list_compared(stored.result),
        "can_propose": actor.can(Capability.PROPOSE_QUOTAS), "next_year": stored.year + 1,
        "can_approve": actor.can(Capability.APPROVE_QUOTAS),
        "next_list": demanded_list_of(stored.year + 1),
        "settlement": _settlement_compared(stored),
        "supply": _supply_compared(stored.result),
        "weights": [(INDICATOR_LABELS[n], w) for n, w in
                    stored.result["weights"][rating].items()]})


@require_POST
@ratings_view
def propose(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """Turn the run's rating-driven proposal into a draft quota set of the next year (once
    per run: a second click opens the same draft) and open that draft."""
    rating_run_get(actor=actor, run_id=run_id)
    try:
        quota_set = rating_run_propose_quotas(
            actor=actor, run_id=run_id, kind=request.POST.get("kind", Kind.FOREIGN_LABOUR))
    except DomainError as err:
        return _refused(request, actor, run_id, err)
    return redirect("quotas:set", set_id=quota_set.pk)


def _refused(request: HttpRequest, actor: Actor, run_id: int, err: DomainError
             ) -> HttpResponse:
    stored = rating_run_get(actor=actor, run_id=run_id)
    return render(request, "ratings/_propose_refused.html", {"run": stored, "error": err},
                  status=422)


@require_POST
@ratings_view
def demanded_propose(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """Propose the run's reproduced named professions as next year's demanded-professions
    list, and come back to the run."""
    rating_run_get(actor=actor, run_id=run_id)
    try:
        demanded_list_propose_from_run(actor=actor, run_id=run_id)
    except DomainError as err:
        return _refused(request, actor, run_id, err)
    return redirect("ratings:run", run_id=run_id)


@require_POST
@ratings_view
def demanded_approve(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    """Approve the demanded-professions list of the year after the run's (the responsible
    official), and come back to the run."""
    stored = rating_run_get(actor=actor, run_id=run_id)
    try:
        demanded_list_approve(actor=actor, year=stored.year + 1)
    except DomainError as err:
        return _refused(request, actor, run_id, err)
    return redirect("ratings:run", run_id=run_id)


@ratings_view
def occupation(request: HttpRequest, actor: Actor, run_id: int, isco08: str) -> HttpResponse:
    """One occupation's rank explained indicator by indicator, and last year's rank."""
    stored = rating_run_get(actor=actor, run_id=run_id)
    shown = explanation(stored.result, isco08, _rating(request))
    if shown is None:
        raise Http404
    for line in shown["lines"]:
        line["label"] = INDICATOR_LABELS[line["indicator"]]
    names = regions()
    by_region = sorted(((names.get(code, code), rank, score) for code, (rank, score)
                        in shown["row"].get("regions", {}).items()),
                       key=lambda item: (item[1] is None, item[1] or 0))
    return render(request, "ratings/occupation.html", {
        "run": stored, "shown": shown, "rating_label": RATING_LABELS[shown["rating"]],
        "ratings": RATING_LABELS.items(), "by_region": by_region})
