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
