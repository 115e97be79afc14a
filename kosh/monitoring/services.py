"""Writes of the monitoring: refreshing the cached aggregates and computed indicator values
from a snapshot, entering an external indicator value with its source, loading the action
plan's 51 measures, and a responsible body's progress report with evidence. Each checks
the capability, validates, writes and records its audit event in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from .compute import refresh_compute
from .indicators import definitions
from .models import IndicatorValue, Measure, MeasureReport, MonitoringRun, Origin, Progress
from .plan import LAST_YEAR, measure_defaults, plan_rows
from .snapshot import snapshot_open

FIRST_YEAR = 2019
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def issued_by_year(instrument: str) -> dict[int, int]:
    """Documents issued (not revoked) on approved cases of ``instrument``, by year —
    indicators 3, 4 and 7 from the registry's own cases."""
    from kosh.cases.models import IssuedDocument

    rows = (IssuedDocument.objects.filter(case__instrument=instrument, revoked=False)
            .annotate(y=ExtractYear("issued_at")).values("y").annotate(n=Count("id")))
    return {int(r["y"]): int(r["n"]) for r in rows}


def monitoring_refresh(*, actor: Actor, directory: Path, as_of: dt.date | None = None,
                       backend: str = "duckdb",
                       progress: Callable[[str], None] = lambda stage: None
                       ) -> MonitoringRun:
    """Compute the aggregates and the computable indicators from the snapshot in
    ``directory`` (events after ``as_of``, default today, count as future-dated) on
    ``backend`` and store them; the computed indicator values are replaced. Needs the
    ``run_whatif`` capability (analysts' computations)."""
    from kosh.analytics.backends import connect

    actor.require(Capability.RUN_WHATIF)
    as_of = as_of or timezone.localdate()
    snapshot = snapshot_open(Path(directory), as_of=as_of, backend=connect(backend))
    result = refresh_compute(snapshot, progress=progress)
    issued = {n: issued_by_year(ind.instrument) for n, ind in definitions().items()
              if ind.formula == "issued_documents"}
    with transaction.atomic():
        run = MonitoringRun.objects.create(
            snapshot=str(directory)[:500], inputs=snapshot.sha256, scale=snapshot.scale,
            as_of=as_of, quality=result["quality"], result=result,
            seconds=result["seconds"], created_by=actor.user)
        IndicatorValue.objects.filter(origin=Origin.COMPUTED).delete()
        rows = []
        for number, years in result["indicators"].items():
            ind = definitions()[int(number)]
            for year, (value, denominator) in years.items():
                rows.append(IndicatorValue(
                    indicator=int(number), year=int(year), value=value,
                    denominator=denominator, origin=Origin.COMPUTED,
                    source=f"{ind.data_source} — snapshot {run.snapshot}"[:500], run=run))
        for number, years in issued.items():
            ind = definitions()[number]
            for year, n in years.items():
                rows.append(IndicatorValue(
                    indicator=number, year=year, value=float(n), denominator=n,
                    origin=Origin.COMPUTED, source=ind.data_source[:500], run=run))
        IndicatorValue.objects.bulk_create(rows)
        audit_record(actor=actor, action="create", object_type="monitoring_run",
                     object_id=run.pk, after={"snapshot": run.snapshot,
                                              "inputs": snapshot.sha256,
                                              "quality": result["quality"],
                                              "values": len(rows)})
    return run


def indicator_value_enter(*, actor: Actor, indicator: int, year: int, value: float,
                          source: str) -> IndicatorValue:
    """Enter the value of an external indicator (one whose definition says ``entered``)
    for ``year`` with its ``source`` (``report_progress`` capability); replaces the value
    entered before for that year."""
    actor.require(Capability.REPORT_PROGRESS)
    ind = definitions().get(indicator)
    if ind is None:
        raise DomainError("indicator_unknown", _("There is no indicator %(n)s.")
                          % {"n": indicator}, field="indicator")
    if ind.computed:
        raise DomainError("indicator_computed", _(
            "Indicator %(n)s is computed by Kosh from its own data; it cannot be entered.")
            % {"n": indicator}, field="indicator")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError("year_out_of_range", _("Choose a year from %(a)s to %(b)s.")
                          % {"a": FIRST_YEAR, "b": LAST_YEAR}, field="year")
    source = (source or "").strip()
    if not source:
        raise DomainError("source_required", _("Say where the value comes from."),
                          field="source")
    with transaction.atomic():
        before = IndicatorValue.objects.filter(indicator=indicator, year=year,
                                               origin=Origin.ENTERED).first()
        old = {"value": before.value, "source": before.source} if before else None
        if before:
            before.delete()
        row = IndicatorValue.objects.create(
            indicator=indicator, year=year, value=float(value), origin=Origin.ENTERED,
            source=source[:500], entered_by=actor.user)
        audit_record(actor=actor, action="update" if before else "create",
                     object_type="indicator_value", object_id=row.pk, before=old,
                     after={"indicator": indicator, "year": year, "value": float(value),
                            "source": source[:500]})
    return row


def measures_load(*, actor: Actor) -> int:
    """Load (or update) the 51 measures from ``data/action_plan.csv``; idempotent (the
    migration ``0002`` loads them too). Returns how many were added."""
    actor.require(Capability.REPORT_PROGRESS)
    added = 0
    with transaction.atomic():
        for r in plan_rows():
            _, created = Measure.objects.update_or_create(number=int(r["number"]),
                                                          defaults=measure_defaults(r))
            added += created
        audit_record(actor=actor, action="import", object_type="action_plan",
                     after={"measures": Measure.objects.count(), "added": added})
    return added


def measure_report_add(*, actor: Actor, number: int, year: int, quarter: int, body: str,
                       status: str, percent: int, text: str, evidence: str,
                       evidence_file: UploadedFile | None = None) -> MeasureReport:
    """A responsible body's report on measure ``number`` for ``year`` and ``quarter``
    (``report_progress`` capability): progress, what was done and its evidence (a
    reference, and optionally a file kept with its SHA-256)."""
    actor.require(Capability.REPORT_PROGRESS)
    measure = Measure.objects.filter(number=number).first()
    if measure is None:
        raise Http404
    if body not in measure.responsible_codes:
        raise DomainError("body_not_responsible", _(
            "%(body)s is not responsible for measure %(n)s.") % {"body": body, "n": number},
            field="body")
    if status not in Progress.values:
        raise DomainError("status_unknown", _("Choose a progress status."), field="status")
    if not 0 <= percent <= 100:
        raise DomainError("percent_out_of_range", _("Per cent done is between 0 and 100."),
                          field="percent")
    if status == Progress.DONE and percent != 100:
        raise DomainError("done_not_complete",
                          _("A measure reported done is done in full (100 %)."),
                          field="percent")
    if not measure.deadline_year <= year <= LAST_YEAR or not 1 <= quarter <= 4:
        raise DomainError("period_out_of_range", _(
            "Report for a quarter of the years %(a)s to %(b)s.")
            % {"a": measure.deadline_year, "b": LAST_YEAR}, field="year")
    text, evidence = (text or "").strip(), (evidence or "").strip()
    if not text:
        raise DomainError("text_required", _("Say what was done."), field="text")
    if not evidence:
        raise DomainError("evidence_required", _(
            "Give the evidence: the outgoing letter, order or publication it rests on."),
            field="evidence")
    digest, content, name = "", None, ""
    if evidence_file is not None:
        if evidence_file.size > MAX_EVIDENCE_BYTES:
            raise DomainError("evidence_too_large", _("The evidence file is over 20 MB."),
                              field="evidence_file")
        content = b"".join(evidence_file.chunks())
        digest = hashlib.sha256(content).hexdigest()
        name = (evidence_file.name or "evidence")[-200:]
    with transaction.atomic():
        report = MeasureReport.objects.create(
            measure=measure, year=year, quarter=quarter, body=body, status=status,
            percent=percent, text=text, evidence=evidence[:500],
            evidence_name=name, evidence_content=content, evidence_sha256=digest,
            reported_by=actor.user)
        audit_record(actor=actor, action="create", object_type="measure_report",
                     object_id=report.pk,
                     after={"measure": number, "year": year, "quarter": quarter,
                            "body": body, "status": status, "percent": percent,
                            "evidence": evidence[:500], "evidence_sha256": digest})
    return report
