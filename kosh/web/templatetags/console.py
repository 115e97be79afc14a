"""Template helpers of the console: audit values in words."""

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose
from kosh.identity.models import Address, Category, IdentityDocument, PersonName, Sex

register = template.Library()

FIELD_LABELS: dict[str, Promise] = {
    "iin": _("IIN"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "display_name": _("name"),
    "region_id": _("region"),
    "citizenship_id": _("citizenship"),
    "kind": _("kind"),
    "number": _("number"),
    "issuing_country_id": _("issuing country"),
    "issued_on": _("issued on"),
    "expires_on": _("expires on"),
    "issued_by": _("issued by"),
    "status": _("status"),
    "surname": _("surname"),
    "given_name": _("given name"),
    "patronymic": _("patronymic"),
    "script": _("script"),
    "document_id": _("document"),
    "country_id": _("country"),
    "district_id": _("district"),
    "settlement_id": _("settlement"),
    "line": _("street, house, flat"),
    "valid_from": _("from"),
    "category": _("category"),
    "query": _("Search"),
    "results": _("results"),
    "created": _("created"),
}

# Coded values shown in words; the value sets of these fields do not overlap.
CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "sex": dict(Sex.choices),
    "category": dict(Category.choices),
    "kind": dict(IdentityDocument.Kind.choices) | dict(Address.Kind.choices),
    "status": dict(IdentityDocument.Status.choices),
    "script": dict(PersonName.Script.choices),
}

OBJECT_LABELS: dict[str, Promise] = {
    "person": _("person"),
    "person_name": _("name spelling"),
    "document": _("document"),
    "address": _("address"),
    "category": _("category"),
}


@register.filter
def audit_changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(field label, before, after) for each field an event records, in recorded order."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [f for f in after if f not in before]
    return [
        (
            str(FIELD_LABELS.get(f, f)),
            _in_words(f, before.get(f, "—")) if event.before else "",
            _in_words(f, after.get(f)),
        )
        for f in fields
    ]


def _in_words(field: str, value: object) -> object:
    label = CHOICE_FIELDS.get(field, {}).get(value) if isinstance(value, str) else None
    return value if label is None else str(label)


@register.filter
def purpose_label(value: str) -> str:
    """A recorded purpose in words: ``"official_inquiry: case 12"`` → label + note."""
    code, _sep, note = value.partition(": ")
    if code not in Purpose.values:
        return value
    label = str(Purpose(code).label)
    return f"{label}: {note}" if note else label


@register.filter
def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key) if mapping else None
