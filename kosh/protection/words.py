"""The asylum unit's audit events in words (used by the console's audit helpers,
kosh/web/templatetags/console.py): labels of the recorded fields and of the coded values."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .statuses import AsylumStatus, CertificateKind, EndGround, RefusalGround, StatelessStatus

OBJECT_LABELS: dict[str, Promise] = {
    "protection_asylum": _("asylum application"),
    "protection_certificate": _("protection certificate"),
    "protection_stateless": _("stateless person's record"),
    "protection_document": _("signed certificate (PDF)"),
}
FIELD_LABELS: dict[str, Promise] = {
    "origin": _("country of origin"),
    "arrival_date": _("arrival in Kazakhstan"),
    "late": _("filed late"),
    "decision_due": _("decision due"),
    "interviewed_on": _("interviewed on"),
    "reasons": _("reasons"),
    "decided_on": _("decided on"),
    "ground": _("refusal ground"),
    "valid_to": _("valid until"),
    "identified_on": _("identified on"),
    "residence_decision_due": _("residence permit decision due"),
    "residence_applied_on": _("residence permit applied for on"),
    "ended_on": _("ended on"),
    "end_ground": _("ground of the end"),
}
CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "status": dict(AsylumStatus.choices) | dict(StatelessStatus.choices),
    "kind": dict(CertificateKind.choices) | {f"protection_{code}": label
                                             for code, label in CertificateKind.choices},
    "ground": dict(RefusalGround.choices),
    "end_ground": dict(EndGround.choices),
}
