"""A stored forecast run: the scenario (code, version, levers) it ran, base year, horizon,
trajectories and seed, the inputs' SHA-256, the fitted time-series parameters, and what it
found (summary in the database, the arrays cached in a file with its SHA-256)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForecastRun(models.Model):
    """One computed forecast; written once, when the computation has succeeded."""

    scenario = models.CharField(_("scenario"), max_length=40)
    scenario_version = models.PositiveIntegerField(_("scenario version"))
    levers = models.JSONField(_("levers"))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    horizon = models.PositiveSmallIntegerField(_("horizon (years)"))
    trajectories = models.PositiveIntegerField(_("trajectories"))
    seed = models.BigIntegerField(_("seed"))
    inputs = models.JSONField(_("inputs (SHA-256)"))
    fitted = models.JSONField(_("fitted parameters"))
    summary = models.JSONField(_("summary"))
    arrays_file = models.CharField(_("arrays file"), max_length=500)
    arrays_sha256 = models.CharField(_("arrays SHA-256"), max_length=64)
    seconds = models.FloatField(_("seconds"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("forecast run")

    def __str__(self) -> str:
        return f"forecast {self.scenario} v{self.scenario_version} {self.base_year}+" \
               f"{self.horizon} #{self.pk}"


class ForecastScenario(models.Model):
    """An analyst's own scenario: a code, a title and the seven levers (within
    ``kosh.forecast.scenarios.LEVER_BOUNDS``); each change is saved as a new row with the
    next version, who saved it and when, so a run names exactly the levers it ran."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    levers = models.JSONField(_("levers"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_by_name = models.CharField(_("saved by"), max_length=150)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ("code", "-version")
        verbose_name = _("forecast scenario")
        constraints = [models.UniqueConstraint(fields=("code", "version"),
                                               name="forecast_scenario_code_version")]

    def __str__(self) -> str:
        return f"scenario {self.code} v{self.version}"
