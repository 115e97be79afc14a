"""The steps of a family's path as the audit log records them, in words (the console reads
recorded values through ``value_labels``)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STEP_LABELS: dict[str, Promise] = {
    "one_window": _("one window: visa, status decision and region"),
    "resettler_registered": _("resettler family registered"),
    "arrived": _("arrived in the region"),
    "support_relocation": _("relocation subsidy granted"),
    "support_rent": _("rent subsidy granted"),
    "payment": _("payment recorded"),
    "extended": _("status extended"),
    "citizenship": _("citizenship granted"),
    "job_confirmed": _("job confirmed by the employer"),
    "certificate": _("economic mobility certificate issued"),
    "certificate_returned": _("certificate returned, quota places released"),
}


def value_labels(field: str) -> dict[str, Promise]:
    """Labels of the coded values a settlement audit event records under ``field``."""
    from .models import Programme, Stage, Support

    return {"step": STEP_LABELS, "stage": dict(Stage.choices),
            "programme": dict(Programme.choices), "support": dict(Support.Kind.choices),
            }.get(field, {})
