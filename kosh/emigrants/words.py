"""Audit events about citizens abroad in words (used by the console's audit helpers,
kosh/web/templatetags/console.py): labels of the recorded fields and of the coded values."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .statuses import ComplaintKind, ComplaintStatus, LicenceStatus, Side, WorkStatus

OBJECT_TYPES = ("agency", "work_abroad", "complaint")
OBJECT_LABELS: dict[str, Promise] = {
    "agency": _("agency"),
    "work_abroad": _("work abroad"),
    "complaint": _("complaint"),
}
FIELD_LABELS: dict[str, Promise] = {
    "bin": _("BIN"),
    "licence_number": _("licence number"),
    "licence_valid_to": _("licence valid until"),
    "open_placements": _("open placements"),
    "agency": _("agency"),
    "country": _("country"),
    "contract_to": _("contract until"),
    "returned_on": _("returned on"),
    "mission_due": _("mission's term"),
    "side": _("by"),
}
CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "status": dict(LicenceStatus.choices) | dict(WorkStatus.choices)
    | dict(ComplaintStatus.choices),
    "kind": dict(ComplaintKind.choices),
    "side": dict(Side.choices),
}
