"""Writes of the ratings: computing and storing a run, turning a run's rating-driven
quota proposal into a draft quota set of the next year, and proposing and approving the
demanded-professions list of a year (which the B9 visa then reads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.instruments.demanded_professions.instrument import PROFESSIONS
from kosh.quotas.models import Kind, QuotaSet
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_propose

from .cycle import cycle_compute
from .demanded import list_compared
from .models import DemandedProfessionsList, RatingRun
from .selectors import SETTLEMENT_KINDS, settlement_proposal
from .snapshot import inputs_checked
from .supply import regional_supply, supply_inputs
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
    result["supply"] = regional_supply(demand=result["regional_vacancies"], year=year,
                                       directory=directory)
    inputs = {**snapshot.sha256, **supply_inputs(result["supply"])}
    with transaction.atomic():
        run = RatingRun.objects.create(
            year=year, region=region, snapshot=str(directory)[:500],
            inputs=inputs, weights_version=weights.version, result=result,
            seconds=result["seconds"], created_by=actor.user)
        audit_record(actor=actor, action="create", object_type="rating_run", object_id=run.pk,
                     after={"year": year, "region": region, "inputs": inputs,
                            "weights_version": weights.version})
    return run


def rating_source(run: RatingRun) -> str:
    """The ``source`` a quota set proposed from ``run`` carries (and is found again by)."""
    return f"rating run #{run.pk} ({run.year}, weights {run.weights_version})"


def rating_run_propose_quotas(*, actor: Actor, run_id: int,
                              kind: str = Kind.FOREIGN_LABOUR) -> QuotaSet:
    """Turn the run's proposal of ``kind`` into a draft quota set of the year after the
    run's year (``quota_set_propose``, ``propose_quotas`` capability), each line keeping
    its basis: the rating-driven foreign-labour lines, or the kandas or resettler places
    over the official settlement regions (``settlement_proposal``). Idempotent: a run
    proposes a kind once; asked again it returns the set already proposed from it (draft
    or since approved) and writes nothing."""
    actor.require(Capability.PROPOSE_QUOTAS)
    if kind != Kind.FOREIGN_LABOUR and kind not in SETTLEMENT_KINDS:
        raise DomainError("unknown_kind", _("There is no quota of kind %(kind)s.")
                          % {"kind": kind}, field="kind")
    with transaction.atomic():
        run = RatingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise Http404
        source = rating_source(run)
        year = run.year + 1
        existing = QuotaSet.objects.filter(kind=kind, year=year,
                                           source=source).order_by("version").first()
        if existing is not None:
            return existing
        if kind == Kind.FOREIGN_LABOUR:
            lines = [QuotaLineProposal(**line) for line in run.result["proposal"]]
        else:
            found = settlement_proposal(run, kind)
            if found is None:
                raise DomainError("no_official_quota", _("No official quota of this kind is "
                                                         "published to split."), field="kind")
            lines = found[2]
        lines = [replace(line, year=year, basis=f"{line.basis} [{source}]") for line in lines]
        return quota_set_propose(actor=actor, year=year, kind=kind, lines=lines,
                                 source=source)


def demanded_list_propose(*, actor: Actor, year: int, professions: list[str],
                          source_run_id: int | None = None) -> DemandedProfessionsList:
    """Propose (or re-propose, while not approved) the demanded-professions list of
    ``year``: codes of professions the B9 form offers (``propose_quotas`` capability),
    optionally naming the rating run it comes from. Refused once the year's list is
    approved: an approved list is frozen."""
    actor.require(Capability.PROPOSE_QUOTAS)
    codes = list(dict.fromkeys(professions))
    unknown = [c for c in codes if c not in PROFESSIONS or c == "other"]
    if unknown or not codes:
        raise DomainError("unknown_profession", _("The list must name professions the B9 "
                                                  "form offers (unknown: %(codes)s).")
                          % {"codes": ", ".join(unknown) or "—"}, field="professions")
    with transaction.atomic():
        run = (RatingRun.objects.filter(pk=source_run_id).first()
               if source_run_id is not None else None)
        if source_run_id is not None and run is None:
            raise Http404
        found = DemandedProfessionsList.objects.select_for_update().filter(year=year).first()
        if found is not None and found.approved_at is not None:
            raise DomainError("list_approved", _("The demanded-professions list of %(year)s "
                                                 "is approved and can no longer change.")
                              % {"year": year}, field="year")
        before = {"professions": found.professions} if found else None
        found = found or DemandedProfessionsList(year=year)
        found.professions, found.source_run, found.created_by = codes, run, actor.username
        found.save()
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE if before
                     else AuditEvent.Action.CREATE, object_type="demanded_professions_list",
                     object_id=found.pk, before=before,
                     after={"year": year, "professions": codes,
                            "source_run": run.pk if run else None})
    return found


def demanded_list_approve(*, actor: Actor, year: int) -> DemandedProfessionsList:
    """Approve the proposed demanded-professions list of ``year`` (``approve_quotas``: the
    responsible official); from then on it is frozen and B9 assessments in ``year`` read
    it instead of the dated parameter."""
    actor.require(Capability.APPROVE_QUOTAS)
    with transaction.atomic():
        found = DemandedProfessionsList.objects.select_for_update().filter(year=year).first()
        if found is None:
            raise DomainError("no_list", _("No demanded-professions list is proposed for "
                                           "%(year)s.") % {"year": year}, field="year")
        if found.approved_at is not None:
            raise DomainError("list_approved", _("The demanded-professions list of %(year)s "
                                                 "is approved and can no longer change.")
                              % {"year": year}, field="year")
        found.approved_by, found.approved_by_name = actor.user, actor.username
        found.approved_at = timezone.now()
        found.save(update_fields=["approved_by", "approved_by_name", "approved_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE,
                     object_type="demanded_professions_list", object_id=found.pk,
                     before={"approved": False},
                     after={"approved": True, "year": year, "professions": found.professions})
    return found


def demanded_list_propose_from_run(*, actor: Actor, run_id: int) -> DemandedProfessionsList:
    """Propose as the demanded-professions list of the year after the run's year the named
    professions the run's demanded-professions rating places within the first 21."""
    actor.require(Capability.PROPOSE_QUOTAS)
    run = RatingRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404
    codes = [item["code"] for item in list_compared(run.result) if item["listed"]]
    if not codes:
        raise DomainError("no_professions", _("The rating places none of the named "
                                              "professions within the first 21."))
    return demanded_list_propose(actor=actor, year=run.year + 1, professions=codes,
                                 source_run_id=run.pk)
