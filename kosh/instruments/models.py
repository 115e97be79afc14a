"""Pilot mode of instruments that no enacted act creates (``status: proposed`` in their
parameters): off unless an administrator switches it on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PilotMode(models.Model):
    """Whether applications for a proposed instrument are taken, as a labelled pilot.
    Changed only through :func:`kosh.instruments.pilot.pilot_mode_set` (audited)."""

    instrument = models.CharField(_("instrument"), max_length=40, unique=True)
    enabled = models.BooleanField(_("pilot mode on"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("pilot mode")
        verbose_name_plural = _("pilot modes")

    def __str__(self) -> str:
        return f"{self.instrument}: {'on' if self.enabled else 'off'}"
