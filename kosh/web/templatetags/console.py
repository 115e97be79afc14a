"""Template helpers of the console: audit values in words.

An audit event records fields by their code and values as stored (codes, booleans, lists,
ISO dates). The console shows them in the active language: each field by its label, each
coded value by the label of its choice, booleans as yes/no, lists item by item, dates in
the language's format. A code stays a code only where it is what the reader needs (case
and document numbers, hashes)."""

import re
from datetime import date
from typing import Any

from django import forms, template
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose, Role
from kosh.cases.statuses import CaseStatus, DocumentKind, Outcome, RefusalReason
from kosh.emigrants import words as emigrants_words
from kosh.formats import date_range
from kosh.identity.models import Address, Category, IdentityDocument, PersonName, Sex
from kosh.labour import words as labour_words
from kosh.protection import words as protection_words
from kosh.quotas.models import Kind as QuotaKind
from kosh.quotas.models import QuotaDraw, QuotaSet
from kosh.web.forms import FixedForm

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
    "holder": _("holder"),
    "region": _("region"),
    "year": _("year"),
    "version": _("version"),
    "amount": _("amount"),
    "drawn": _("drawn"),
    "set": _("quota set"),
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
    "total": _("found in all"),
    "created": _("created"),
    # applications and decisions (kosh.cases, kosh.documents)
    "instrument": _("instrument"),
    "eligible_at_submission": _("criteria met at submission"),
    "documents_to_follow": _("documents to follow"),
    "documents": _("documents asked for"),
    "reason": _("reason"),
    "reason_code": _("reason for refusal"),
    "rule_version": _("version of the rules"),
    "document": _("issued document"),
    "registered_by": _("registered by"),
    "registered_by_officer": _("registered by an officer"),
    "four_eyes": _("second officer required"),
    "assigned_to": _("assigned to"),
    "comment": _("comment"),
    "criterion": _("criterion"),
    "file": _("file"),
    "sha256": _("checksum (SHA-256)"),
    "note": _("note"),
    "check": _("registry check"),
    "explanation": _("explanation"),
    "declared": pgettext_lazy("audit field", "declared in the application"),
    "registry": pgettext_lazy("audit field", "in the registry"),
    "name": _("file name"),
    "size": _("size, bytes"),
    "revoked": _("revoked"),
    "enabled": _("pilot mode on"),
    "capability": _("capability"),
    "ip_address": _("IP address"),
}

# Coded values shown in words; the value sets of these fields do not overlap.
CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "sex": dict(Sex.choices),
    "category": dict(Category.choices),
    "kind": dict(IdentityDocument.Kind.choices) | dict(Address.Kind.choices),
    "status": dict(IdentityDocument.Status.choices),
    "script": dict(PersonName.Script.choices),
}

# Coded values of the fields of applications and decisions.
CASE_CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "status": dict(CaseStatus.choices),
    "kind": dict(DocumentKind.choices),
    "documents": dict(DocumentKind.choices),
    "documents_to_follow": dict(DocumentKind.choices),
    "reason_code": dict(RefusalReason.choices),
    "outcome": dict(Outcome.choices),
}

# Coded values of quota sets, lines and draws.
QUOTA_CHOICE_FIELDS: dict[str, dict[str, Promise]] = {
    "kind": dict(QuotaKind.choices),
    "status": dict(QuotaSet.Status.choices) | dict(QuotaDraw.Status.choices),
}

CAPABILITY_LABELS: dict[str, Promise] = {
    "search_persons": _("search persons"),
    "view_person": _("view a person's record"),
    "edit_person": _("edit a person's record"),
    "import_persons": _("import persons"),
    "view_sensitive": _("view sensitive history"),
    "view_audit": _("view the audit log"),
    "view_aggregates": _("view statistics"),
    "apply": _("apply"),
    "register_cases": _("register applications"),
    "view_cases": _("view applications"),
    "decide_cases": _("decide applications"),
    "run_whatif": _("run a what-if"),
    "view_settlement": _("view kandas and resettler families"),
    "settlement_one_window": _("register kandas families at a mission"),
    "settlement_region": _("receive settling families and grant support"),
    "confirm_jobs": _("confirm a settler's job"),
    "manage_asylum": _("asylum and statelessness files"),
    "manage_emigrants": _("agencies and work abroad"),
    "handle_complaints": _("complaints of citizens abroad"),
}

REGISTRY_CHECK_LABELS: dict[str, Promise] = {
    "citizenship": _("citizenship"),
    "passport_valid": _("valid passport"),
    "no_local_employment": _("no employment in Kazakhstan"),
    "no_valid_document": _("no valid document of this kind"),
}

CHANNEL_LABELS: dict[str, Promise] = {
    "console": _("console"),
    "api": pgettext_lazy("channel", "API"),
    "cli": _("command line"),
}

OBJECT_LABELS: dict[str, Promise] = {
    "person": _("person"),
    "person_name": _("name spelling"),
    "document": _("document"),
    "address": _("address"),
    "category": _("category"),
    "case": _("application"),
    "case_document": _("document of an application"),
    "case_file": _("file of an application"),
    "document_confirmation": _("confirmation of a document"),
    "contradiction_resolution": _("resolved contradiction"),
    "issued_document": _("issued document"),
    "pilot_mode": _("pilot mode"),
    "account": _("account"),
    "audit_log": _("audit log"),
    "export": _("export"),
    "quota_set": _("quota set"),
    "quota_line": _("quota line"),
    "quota_draw": _("quota draw"),
    "rating_run": _("rating run"),
    "demanded_professions_list": _("list of demanded professions"),
    "settlement_family": _("kandas or resettler family"),
    "settlement_terms": _("terms of a settlement region"),
    **protection_words.OBJECT_LABELS,
    **emigrants_words.OBJECT_LABELS,
}
FIELD_LABELS |= protection_words.FIELD_LABELS | emigrants_words.FIELD_LABELS
FIELD_LABELS |= {k: v for k, v in labour_words.FIELD_LABELS.items() if k not in FIELD_LABELS}
OBJECT_LABELS |= labour_words.OBJECT_LABELS


def _geo(name: str):
    return lambda: apps.get_model("geo", name)


# Fields holding the key of another record, shown by that record's name.
RECORD_FIELDS = {
    "document_id": lambda: IdentityDocument,
    "country_id": _geo("Country"), "issuing_country_id": _geo("Country"),
    "citizenship_id": _geo("Country"), "region_id": _geo("Region"), "region": _geo("Region"),
    "origin": _geo("Country"), "country": _geo("Country"),
    "district_id": _geo("District"), "settlement_id": _geo("Settlement"),
}

UNGROUPED = {"file", "year", "version"}  # numbers that are names, not quantities
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@register.filter
def audit_changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(field label, before, after) for each field an event records, in recorded order,
    every value in words (records it names read by ``record_names_read``, if called)."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [f for f in after if f not in before]
    choices = _choices_of(event.object_type)
    names = getattr(event, "record_names", None)
    return [
        (
            field_label(f),
            in_words(f, before.get(f, "—"), choices, names) if event.before else "",
            in_words(f, after.get(f), choices, names),
        )
        for f in fields
    ]


def record_names_read(events: list[AuditEvent]) -> None:
    """Read the records the events' values name (``RECORD_FIELDS``: documents, countries,
    places) at once, one query per kind of record, for ``audit_changes`` to put them in
    words without a query per value."""
    wanted: dict[Any, set] = {}
    for event in events:
        for values in (event.before or {}, event.after or {}):
            for field, value in values.items():
                if field not in RECORD_FIELDS or not isinstance(value, str | int):
                    continue
                model = RECORD_FIELDS[field]()
                try:
                    wanted.setdefault(model, set()).add(model._meta.pk.to_python(value))
                except ValidationError:
                    continue  # no key of the model: named (or not) one at a time
    found = {model: model.objects.in_bulk(sorted(keys)) for model, keys in wanted.items()}
    for event in events:
        event.record_names = found


def _choices_of(object_type: str) -> dict[str, dict[str, Promise]]:
    """The coded values of the kind of object an event is about."""
    if object_type.startswith("case") or object_type in (
            "document_confirmation", "contradiction_resolution", "issued_document"):
        return CASE_CHOICE_FIELDS
    if object_type.startswith("quota"):
        return QUOTA_CHOICE_FIELDS
    if object_type.startswith("protection"):
        return protection_words.CHOICE_FIELDS
    if object_type in emigrants_words.OBJECT_TYPES:
        return emigrants_words.CHOICE_FIELDS
    if object_type in labour_words.OBJECT_TYPES:
        return labour_words.CHOICE_FIELDS
    return CHOICE_FIELDS


def field_label(field: str) -> str:
    """A recorded field by its label; an unknown field by its code made readable."""
    label = FIELD_LABELS.get(field)
    if label is None:
        label = _criterion_labels().get(field)
    return str(label) if label is not None else field.replace("_", " ")


def in_words(field: str, value: object,
             choices: dict[str, dict[str, Promise]] | None = None,
             names: dict | None = None) -> object:
    """A recorded value in the active language (see the module's docstring); ``names``:
    records already read (``record_names_read``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(in_words(field, v, choices, names)) for v in value) or "—"
    if isinstance(value, dict) and value and set(value) <= LANGUAGE_CODES:
        # words kept in every language when written: the reader's own
        return value.get(translation.get_language() or "", next(iter(value.values())))
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {in_words(k, v, choices, names)}"
                         for k, v in value.items())
    if field in RECORD_FIELDS:
        return _record_name(field, value, names)
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=field not in UNGROUPED)
    if not isinstance(value, str):
        return value
    if ISO_DATE.match(value):
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    labels = (CHOICE_FIELDS if choices is None else choices).get(field, {})
    label = labels.get(value) or _value_labels(field).get(value)
    return value if label is None else str(label)


def _record_name(field: str, value: object, names: dict | None = None) -> object:
    """A reference to another record by what it is: a document by its kind and number, a
    country or place by its name (from ``names`` when read already)."""
    model = RECORD_FIELDS[field]()
    row = None
    if names and model in names:
        try:
            row = names[model].get(model._meta.pk.to_python(value))
        except ValidationError:
            row = None
    if row is None:
        row = model.objects.filter(pk=value).first()
    if row is None:
        return value
    if isinstance(row, IdentityDocument):
        return f"{row.get_kind_display()} {row.number}"
    return str(row.name)


def _value_labels(field: str) -> dict[str, object]:
    """Labels of coded values that do not depend on the kind of object."""
    from kosh.cases.registry import INSTRUMENTS

    if field == "instrument":
        return {code: spec.label for code, spec in INSTRUMENTS.items()}
    if field == "criterion":
        return _criterion_labels()
    if field == "check":
        return REGISTRY_CHECK_LABELS
    if field == "capability":
        return CAPABILITY_LABELS
    if field == "role":
        return dict(Role.choices)
    if field in ("step", "stage", "programme", "support"):
        from kosh.settlement.steps import value_labels
        return value_labels(field)
    return {}


def _criterion_labels() -> dict[str, object]:
    """Every criterion of every instrument by its rules variable."""
    from kosh.cases.registry import INSTRUMENTS

    return {c.variable: c.label for spec in INSTRUMENTS.values() for c in spec.criteria}


@register.filter
def criterion_label(code: str) -> str:
    """A criterion by its label in the active language (its code when unknown)."""
    return str(_criterion_labels().get(code, code))


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
    return str(OBJECT_LABELS.get(object_type, object_type.replace("_", " ")))


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key) if mapping else None


@register.filter
def channel_label(channel: str) -> str:
    """The channel an event came through (console, API, command line) in words."""
    return str(CHANNEL_LABELS.get(channel, channel))


@register.filter
def period(start: date | None, end: date | None = None) -> str:
    """A period in the active language's word order (``kosh.formats.date_range``)."""
    return date_range(start, end)


# Notes the synthetic nation (kosh/synth/nation/mapping.py) writes on categories, in words.
CATEGORY_NOTES: list[tuple[re.Pattern, Promise]] = [
    (re.compile(r"^work permit (?P<value>\S+)$"), _("work permit %(value)s")),
    (re.compile(r"^household permit (?P<value>\S+)$"), _("household permit %(value)s")),
    (re.compile(r"^kandas, (?P<value>\d{4}-\d{4})$"), _("kandas, arrived %(value)s")),
]


@register.filter
def category_note(note: str) -> str:
    """A category's note: one the registry writes itself (a permit number, a kandas
    cohort) in the active language; an officer's own note as written."""
    for pattern, words in CATEGORY_NOTES:
        if match := pattern.match(note or ""):
            return str(words) % {"value": match["value"]}
    return note


# The fields of unbound fixed forms as HTML, by (form class, prefix, language): the same
# for every request (``FixedForm``), rendered once per server process.
_FORM_GRIDS: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def form_grid(context: template.Context, form: forms.BaseForm) -> str:
    """The fields of ``form`` as ``web/_form_grid.html`` lays them out; an unbound
    ``FixedForm`` is rendered once per language."""
    key = _fixed_key(form)
    html = _FORM_GRIDS.get(key) if key is not None else None
    if html is None:
        grid = context.template.engine.get_template("web/_form_grid.html")
        html = grid.render(template.Context({"form": form}, autoescape=context.autoescape))
        if key is not None:
            _FORM_GRIDS[key] = html
    return html


def _fixed_key(form: forms.BaseForm) -> tuple | None:
    """What the HTML of an unbound ``FixedForm`` depends on, or None when it may depend on
    more (bound, given initial values, or a field whose choices or initial value are
    computed when read)."""
    if not isinstance(form, FixedForm) or form.is_bound or form.initial:
        return None
    for field in form.fields.values():
        if callable(field.initial) or getattr(getattr(field, "choices", None), "func", None):
            return None
    return (type(form), form.prefix, form.auto_id, form.label_suffix,
            translation.get_language())
