"""Foreign labour's audit events in words (used by the console's audit helpers,
kosh/web/templatetags/console.py): labels of the objects, recorded fields and coded values."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .documents import HOUSEHOLD_KIND, PERMIT_KIND, REFUSAL_KIND
from .models import HouseholdPermit, WorkPermit

OBJECT_LABELS: dict[str, Promise] = {
    "staff_declaration": _("declaration of staff"),
    "work_permit": _("work permit"),
    "household_permit": _("household worker's permit"),
    "household_payment": _("household worker's monthly tax"),
    "household_coverage": _("daily run of household permits"),
    "stay_run": _("stay control run"),
    "labour_document": _("signed permit document (PDF)"),
}
OBJECT_TYPES = frozenset(OBJECT_LABELS)
FIELD_LABELS: dict[str, Promise] = {
    "employer": _("employer (BIN)"),
    "cat12": _("staff of categories 1–2 (all, citizens)"),
    "cat34": _("staff of categories 3–4 (all, citizens)"),
    "fee_mci": _("fee, MCI"),
    "valid_until": _("valid until"),
    "draw": _("quota draw"),
    "household": _("household (person)"),
    "months": _("months"),
    "permit": _("permit"),
    "month": _("month"),
    "amount_kzt": _("amount, tenge"),
    "lapsed": _("lapsed"),
    "expired": _("expired"),
    "permits": _("permits"),
    "on": _("day"),
    "backend": _("computed by"),
    "persons": _("persons"),
    "present": _("in the country"),
    "warnings": _("warnings"),
    "overstays": _("overstays"),
    "entries_without_exit": _("entries without exit"),
    "exits_without_entry": _("exits without entry"),
}
CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "status": dict(WorkPermit.Status.choices) | dict(HouseholdPermit.Status.choices),
    "category": dict(WorkPermit.Category.choices),
    "kind": {PERMIT_KIND: _("Work permit"), REFUSAL_KIND: _("Refusal of a work permit"),
             HOUSEHOLD_KIND: _("Household-worker permit")},
}
