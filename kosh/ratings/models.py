"""A stored rating run: what it read (the inputs' SHA-256), with which weights, and what it
found — enough to reproduce it and to compare years."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingRun(models.Model):
    """One computed cycle (indicators, three ratings, quota proposal) for a year and the
    whole country or one region; written once, when the computation has succeeded."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.CharField(_("region"), max_length=9, blank=True)
    snapshot = models.CharField(_("snapshot"), max_length=500)
    inputs = models.JSONField(_("inputs (SHA-256)"))
    weights_version = models.CharField(_("weights version"), max_length=40)
    result = models.JSONField(_("result"))
    seconds = models.FloatField(_("seconds"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("rating run")

    def __str__(self) -> str:
        return f"rating {self.year} {self.region or 'KZ'} #{self.pk}"
