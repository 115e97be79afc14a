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


class DemandedProfessionsList(models.Model):
    """The demanded-professions list of a year (codes the B9 form offers), proposed from a
    rating run or by hand and approved by a responsible official; once approved it is
    frozen and the B9 visa reads it for assessments in that year instead of its dated
    parameter."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    professions = models.JSONField(_("professions"))
    source_run = models.ForeignKey(RatingRun, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_by = models.CharField(_("proposed by"), max_length=150)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_by_name = models.CharField(_("approved by"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ("-year",)
        verbose_name = _("demanded-professions list")

    def __str__(self) -> str:
        return f"demanded professions {self.year}"
