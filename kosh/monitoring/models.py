"""What the monitoring stores: refreshes (the cached aggregates and the bad-input counts of
a snapshot), indicator values (computed by a refresh or entered with a source), the
action plan's measures and the progress reports responsible bodies file on them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitoringRun(models.Model):
    """One refresh: the snapshot read (SHA-256 of its files, scale, the day it was taken),
    the bad input found, and the aggregates the dashboard shows from cache (counts,
    unsuppressed — only ``kosh.monitoring.published`` hands them out)."""

    snapshot = models.CharField(_("snapshot"), max_length=500)
    inputs = models.JSONField(_("inputs (SHA-256)"))
    scale = models.FloatField(_("scale"))
    as_of = models.DateField(_("as of"))
    quality = models.JSONField(_("bad input"))
    result = models.JSONField(_("aggregates"))
    seconds = models.FloatField(_("seconds"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("refreshed at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("monitoring refresh")

    def __str__(self) -> str:
        return f"monitoring refresh #{self.pk}"


class Origin(models.TextChoices):
    COMPUTED = "computed", _("computed by Kosh")
    ENTERED = "entered", _("entered with a source")


class IndicatorValue(models.Model):
    """The value of one target indicator in one year, in the indicator's unit. A refresh
    replaces the computed values; an entered value is replaced by the next entry (the
    audit log keeps the earlier one)."""

    indicator = models.PositiveSmallIntegerField(_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    source = models.CharField(_("source"), max_length=500)
    denominator = models.BigIntegerField(_("based on"), null=True, blank=True)
    run = models.ForeignKey(MonitoringRun, null=True, blank=True, on_delete=models.CASCADE,
                            related_name="values")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("indicator", "year")
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "origin"],
                                               name="indicator_value_once_per_origin")]

    def __str__(self) -> str:
        return f"indicator {self.indicator} {self.year}: {self.value}"


class Measure(models.Model):
    """One of the 51 measures of the concept's action plan, as the decree sets it."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    direction_code = models.CharField(_("direction"), max_length=10)
    direction_kk = models.CharField(max_length=300)
    direction_en = models.CharField(max_length=300)
    direction_ru = models.CharField(max_length=300, default="")
    title_kk = models.TextField()
    title_en = models.TextField()
    title_ru = models.TextField(default="")
    completion_form_kk = models.TextField()
    completion_form_en = models.TextField()
    completion_form_ru = models.TextField(default="")
    deadline_kk = models.CharField(max_length=200)
    deadline_en = models.CharField(max_length=200)
    deadline_ru = models.CharField(max_length=200, default="")
    deadline_year = models.PositiveSmallIntegerField(_("deadline year"))
    deadline_quarter = models.PositiveSmallIntegerField(_("deadline quarter"), null=True,
                                                        blank=True)
    recurring = models.BooleanField(_("every year"), default=False)
    responsible_codes = models.JSONField(_("responsible bodies"))
    lead_code = models.CharField(_("lead body"), max_length=60)
    source_lines = models.CharField(max_length=40)

    class Meta:
        ordering = ("number",)
        verbose_name = _("action-plan measure")

    def __str__(self) -> str:
        return f"measure {self.number}"

    def text(self, field: str, lang: str) -> str:
        """``field`` (direction, title, completion_form, deadline) in ``lang`` (kk, ru,
        en): the decree's Kazakh, the project's Russian translation, the English
        transcription (English where a translation is missing)."""
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_en")


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class MeasureReport(models.Model):
    """A responsible body's report on a measure for a year (recurring measures report
    every year): progress with its evidence (a reference — outgoing letter, order,
    URL — and optionally a file, kept in the database with its SHA-256, as case files
    are)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    body = models.CharField(_("responsible body"), max_length=60)
    status = models.CharField(_("progress"), max_length=12, choices=Progress.choices)
    percent = models.PositiveSmallIntegerField(_("per cent done"))
    text = models.TextField(_("what was done"))
    evidence = models.CharField(_("evidence"), max_length=500)
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True)
    evidence_content = models.BinaryField(null=True, blank=True)  # kept in the database
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ("measure__number", "-reported_at", "-id")
        verbose_name = _("measure report")

    def __str__(self) -> str:
        return f"measure {self.measure.number} {self.year} Q{self.quarter}: {self.status}"
