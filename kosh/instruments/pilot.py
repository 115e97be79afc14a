"""Proposed instruments run as live applications only in a pilot mode that an
administrator switches on (audited); otherwise they run in the what-if only.

An instrument is proposed when its parameters' ``index.yaml`` says ``status: proposed``
(with the Concept measure it comes from). Its class derives from :class:`PilotInstrument`,
which labels it "proposed / pilot" and refuses an application while the pilot is off."""

from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor
from kosh.access.roles import Role
from kosh.cases.registry import INSTRUMENTS, Instrument
from kosh.errors import DomainError

from .manifest import is_proposed
from .models import PilotMode

PILOT_LABEL = _("proposed / pilot")


def pilot_label(label: Any) -> Any:
    """``label`` marked as a proposed instrument in pilot (lazy, in the active language)."""
    return format_lazy("{} ({})", label, PILOT_LABEL)


def pilot_mode_on(instrument: str) -> bool:
    """True when an administrator switched the pilot of ``instrument`` on."""
    return PilotMode.objects.filter(instrument=instrument, enabled=True).exists()


def pilot_mode_set(*, actor: Actor, instrument: str, enabled: bool, reason: str) -> PilotMode:
    """Switch the pilot mode of a proposed instrument on or off, with the reason; audited
    (an ``update`` of the ``pilot_mode`` object named by the instrument). Administrators
    only."""
    if actor.role != Role.ADMIN:
        raise AccessDenied("pilot_mode")
    if instrument not in INSTRUMENTS or not is_proposed(instrument):
        raise DomainError("not_proposed", _("Only a proposed instrument has a pilot mode."),
                          field="instrument")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Say why the pilot mode changes."),
                          field="reason")
    with transaction.atomic():
        mode, _created = PilotMode.objects.select_for_update().get_or_create(
            instrument=instrument, defaults={"reason": reason})
        before = {"enabled": mode.enabled}
        mode.enabled, mode.reason, mode.changed_by = enabled, reason[:500], actor.user
        mode.save()
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="pilot_mode",
                     object_id=instrument, purpose=reason[:500], before=before,
                     after={"enabled": enabled})
    return mode


class PilotInstrument(Instrument):
    """An instrument no enacted act creates: taken only while its pilot mode is on."""

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not pilot_mode_on(self.code):
            raise DomainError(
                "pilot_mode_off",
                _("%(instrument)s is proposed by the Migration Policy Concept but not enacted: "
                  "applications are taken only in a pilot that an administrator switches on, "
                  "and it is off.") % {"instrument": self.label},
                field="instrument")
        return super().validate(data)
