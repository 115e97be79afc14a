"""Writes to the registry. Each service checks the actor, validates, changes the rows and
writes the audit event in one transaction, and keeps the search index in step."""

import unicodedata
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor
from kosh.errors import DomainError
from kosh.formats import short_date
from kosh.geo.models import Country, District, Region, Settlement

from .identifier_messages import identifier_error_message
from .identifiers import IdentifierError, iin_parse
from .models import (
    PROTECTED_CATEGORIES,
    Address,
    Category,
    Citizenship,
    IdentityDocument,
    NameIndex,
    NamePair,
    Person,
    PersonCategory,
    PersonName,
)
from .name_index import (
    name_index_rebuild,
    name_keys_of,
    name_pairs_of,
    person_keys_text,
    vocabulary_extend,
)
from .names import script_of
from .permissions import asylum_require, person_edit_require

PERSON_FIELDS = ("iin", "birth_date", "sex", "display_name", "region_id", "citizenship_id")
# Control, format (bidi overrides, zero-width spaces and joiners), surrogate, private-use and
# unassigned characters, and line or paragraph separators: none belongs in a written name.
NAME_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict:
    """The audited values of ``fields`` of ``obj`` as JSON-ready strings."""
    return {f: (None if getattr(obj, f) is None else str(getattr(obj, f))) for f in fields}


def _check_iin(iin: str, birth_date: date, sex: str) -> None:
    try:
        info = iin_parse(iin)
    except IdentifierError as err:
        raise DomainError(err.code, identifier_error_message(err), field="iin") from err
    if info.birth_date != birth_date:
        raise DomainError(
            "iin_birth_date",
            _("The IIN encodes the date of birth %(iin_date)s, not %(date)s.")
            % {"iin_date": short_date(info.birth_date), "date": short_date(birth_date)},
            field="birth_date",
        )
    if info.sex != sex:
        raise DomainError(
            "iin_sex", _("The IIN encodes a different sex."), field="sex"
        )


def _country(alpha3: str | None, field: str) -> Country | None:
    if not alpha3:
        return None
    country = Country.objects.filter(alpha3=alpha3.upper()).first()
    if country is None:
        raise DomainError(
            "unknown_country", _("Unknown country code: %(code)s") % {"code": alpha3}, field=field
        )
    return country


EARLIEST_BIRTH = date(1900, 1, 1)


def _birth_date_check(birth_date: date) -> None:
    """A date of birth of someone living: not in the future, not before 1900."""
    if birth_date > date.today():  # noqa: DTZ011 - a calendar date, not a moment
        raise DomainError(
            "birth_date_future", _("The date of birth is in the future."), field="birth_date"
        )
    if birth_date < EARLIEST_BIRTH:
        raise DomainError(
            "birth_date_too_early", _("The date of birth is before 1900."), field="birth_date"
        )


def name_part_clean(value: str, *, field: str, required: bool = True) -> str:
    """One part of a person's name (surname, given name, patronymic) as it is stored:
    stripped. Every channel that writes a name (console forms, API, CSV/Excel import) comes
    through here. Refused at ``field``: a character that is invisible or changes how text
    around it is shown (Unicode categories C*, such as U+202E right-to-left override or
    U+200B zero-width space), and a name with no letter at all (only punctuation or
    spaces). An empty part is refused only when ``required``."""
    value = (value or "").strip()
    if any(unicodedata.category(ch) in NAME_FORBIDDEN_CATEGORIES for ch in value):
        raise DomainError(
            "name_invisible_character",
            _("The name contains an invisible or control character (such as a right-to-left "
              "mark or a zero-width space). Type the name again."),
            field=field,
        )
    if value and not any(unicodedata.category(ch).startswith("L") for ch in value):
        raise DomainError(
            "name_without_letter", _("A name must contain at least one letter."), field=field
        )
    if required and not value:
        raise DomainError(
            "name_required", _("Surname and given name are required."), field=field
        )
    return value


def _name_parts(surname: str, given_name: str, patronymic: str) -> tuple[str, str, str]:
    return (
        name_part_clean(surname, field="surname"),
        name_part_clean(given_name, field="given_name"),
        name_part_clean(patronymic, field="patronymic", required=False),
    )


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    birth_date: date,
    sex: str,
    surname: str,
    given_name: str,
    patronymic: str = "",
    iin: str | None = None,
    citizenship: str | None = None,
    purpose: str = "",
) -> Person:
    """Register a person with a primary name (script detected from the spelling)."""
    person_edit_require(actor)
    surname, given_name, patronymic = _name_parts(surname, given_name, patronymic)
    iin = (iin or "").strip() or None
    if iin:
        _check_iin(iin, birth_date, sex)
        if Person.objects.filter(iin=iin).exists():
            raise DomainError(
                "iin_taken", _("A person with IIN %(iin)s is already registered.") % {"iin": iin},
                field="iin",
            )
    _birth_date_check(birth_date)
    country = _country(citizenship, "citizenship")
    name = PersonName(
        surname=surname, given_name=given_name, patronymic=patronymic,
        script=_script(surname + given_name), is_primary=True,
    )
    try:
        with transaction.atomic():
            person = Person.objects.create(
                iin=iin, birth_date=birth_date, sex=sex, display_name=name.full[:300],
                citizenship=country,
            )
    except IntegrityError as err:  # a concurrent registration of the same IIN
        raise DomainError(
            "iin_taken", _("A person with IIN %(iin)s is already registered.") % {"iin": iin},
            field="iin",
        ) from err
    name.person = person
    name.save()
    if country is not None:
        Citizenship.objects.create(person=person, country=country)
    name_index_rebuild(person)
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, object_type="person", object_id=person.pk,
        person_id=person.pk, purpose=purpose, after=snapshot(person, PERSON_FIELDS),
    )
    return person


def person_create_many(
    *, actor: Actor, people: list[dict[str, Any]], citizenship: str | None = None,
    purpose: str = "",
) -> list[Person]:
    """Register several persons without an IIN at once (e.g. the members of a family at a
    mission), as ``person_create`` would one by one, in a few bulk statements: each entry
    holds ``birth_date``, ``sex``, ``surname``, ``given_name`` and optionally
    ``patronymic``. One ``create`` event per person, appended under one lock of the
    chain head."""
    person_edit_require(actor)
    country = _country(citizenship, "citizenship")
    names = []
    for entry in people:
        parts = _name_parts(entry["surname"], entry["given_name"], entry.get("patronymic", ""))
        _birth_date_check(entry["birth_date"])
        names.append(PersonName(surname=parts[0], given_name=parts[1], patronymic=parts[2],
                                script=_script(parts[0] + parts[1]), is_primary=True))
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            Person(birth_date=entry["birth_date"], sex=entry["sex"],
                   display_name=name.full[:300], citizenship=country)
            for entry, name in zip(people, names, strict=True))
        for person, name in zip(persons, names, strict=True):
            name.person = person
        PersonName.objects.bulk_create(names)
        if country is not None:
            Citizenship.objects.bulk_create(Citizenship(person=p, country=country)
                                            for p in persons)
        index = {(p.pk, p.birth_date.year, key, part)
                 for p, name in zip(persons, names, strict=True)
                 for key, part in name_keys_of(name)}
        NameIndex.objects.bulk_create(NameIndex(person_id=pk, birth_year=year, key=key,
                                                part=part)
                                      for pk, year, key, part in sorted(index))
        NamePair.objects.bulk_create(
            NamePair(person=p, birth_year=p.birth_date.year, key=key,
                     person_keys=person_keys_text(name_keys_of(name)))
            for p, name in zip(persons, names, strict=True)
            for key in sorted(name_pairs_of(name)))
        vocabulary_extend(key for _pk, _year, key, _part in index)
        AuditEvent.append_many([
            AuditEvent(actor=actor.user, actor_name=actor.username, role=actor.role or "",
                       action=AuditEvent.Action.CREATE, object_type="person",
                       object_id=str(p.pk), person_id=p.pk, purpose=purpose,
                       channel=actor.channel, after=snapshot(p, PERSON_FIELDS))
            for p in persons])
    return persons


def _script(text: str) -> str:
    return PersonName.Script.CYRILLIC if script_of(text) == "cyrl" else PersonName.Script.LATIN


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, purpose: str = "", **changes: Any
) -> Person:
    """Correct identity fields (``iin``, ``birth_date``, ``sex``); the IIN must agree."""
    person_edit_require(actor)
    allowed = {"iin", "birth_date", "sex"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError("bad_field", _("These fields cannot be changed here: %(f)s")
                          % {"f": ", ".join(sorted(unknown))})
    before = snapshot(person, PERSON_FIELDS)
    for field, value in changes.items():
        setattr(person, field, value or None if field == "iin" else value)
    if "birth_date" in changes:
        _birth_date_check(person.birth_date)
    if person.iin:
        _check_iin(person.iin, person.birth_date, person.sex)
        if Person.objects.filter(iin=person.iin).exclude(pk=person.pk).exists():
            raise DomainError(
                "iin_taken",
                _("A person with IIN %(iin)s is already registered.") % {"iin": person.iin},
                field="iin",
            )
    person.save()
    after = snapshot(person, PERSON_FIELDS)
    if after.get("birth_date") != before.get("birth_date"):
        name_index_rebuild(person)  # the name indexes hold the birth year
    if after != before:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, object_type="person",
            object_id=person.pk, person_id=person.pk, purpose=purpose, before=before, after=after,
        )
    return person


@transaction.atomic
def name_add(
    *,
    actor: Actor,
    person: Person,
    surname: str,
    given_name: str,
    patronymic: str = "",
    document: IdentityDocument | None = None,
    is_primary: bool = False,
    purpose: str = "",
) -> PersonName:
    """Record a spelling of the person's name as written in a document."""
    person_edit_require(actor)
    surname, given_name, patronymic = _name_parts(surname, given_name, patronymic)
    name = PersonName.objects.create(
        person=person, surname=surname, given_name=given_name,
        patronymic=patronymic, script=_script(surname + given_name),
        document=document, is_primary=is_primary,
    )
    if is_primary:
        PersonName.objects.filter(person=person).exclude(pk=name.pk).update(is_primary=False)
        person.display_name = name.full[:300]
        person.save(update_fields=["display_name", "updated_at"])
    name_index_rebuild(person)
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, object_type="person_name",
        object_id=name.pk, person_id=person.pk, purpose=purpose,
        after=snapshot(name, ("surname", "given_name", "patronymic", "script", "document_id")),
    )
    return name


DOCUMENT_FIELDS = (
    "kind", "number", "issuing_country_id", "issued_on", "expires_on", "issued_by", "status"
)


def _document_validate(doc: IdentityDocument) -> None:
    doc.number = "".join(doc.number.split()).upper()
    if not doc.number:
        raise DomainError("number_required", _("The document number is required."),
                          field="number")
    if doc.kind not in IdentityDocument.Kind.values:
        raise DomainError("bad_kind", _("Unknown document type."), field="kind")
    if doc.expires_on and doc.expires_on < doc.issued_on:
        raise DomainError("expires_before_issue",
                          _("The expiry date is before the date of issue."), field="expires_on")
    clash = IdentityDocument.objects.filter(
        kind=doc.kind, issuing_country=doc.issuing_country, number=doc.number
    ).exclude(pk=doc.pk)
    if clash.exists():
        raise DomainError("document_taken",
                          _("A document of this type and number is already registered."),
                          field="number")


@transaction.atomic
def document_add(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str,
    issued_on: date,
    expires_on: date | None = None,
    issued_by: str = "",
    purpose: str = "",
) -> IdentityDocument:
    person_edit_require(actor)
    doc = IdentityDocument(
        person=person, kind=kind, number=number,
        issuing_country=_country(issuing_country, "issuing_country"),
        issued_on=issued_on, expires_on=expires_on, issued_by=issued_by,
    )
    if doc.issuing_country is None:
        raise DomainError("country_required", _("The issuing country is required."),
                          field="issuing_country")
    _document_validate(doc)
    doc.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, object_type="document", object_id=doc.pk,
        person_id=person.pk, purpose=purpose, after=snapshot(doc, DOCUMENT_FIELDS),
    )
    return doc


@transaction.atomic
def document_update(
    *, actor: Actor, document: IdentityDocument, purpose: str = "", **changes: Any
) -> IdentityDocument:
    """Correct a document (number, dates, issuer, status)."""
    person_edit_require(actor)
    allowed = {"number", "issued_on", "expires_on", "issued_by", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError("bad_field", _("These fields cannot be changed here: %(f)s")
                          % {"f": ", ".join(sorted(unknown))})
    before = snapshot(document, DOCUMENT_FIELDS)
    for field, value in changes.items():
        setattr(document, field, value)
    if document.status not in IdentityDocument.Status.values:
        raise DomainError("bad_status", _("Unknown document status."), field="status")
    _document_validate(document)
    document.save()
    after = snapshot(document, DOCUMENT_FIELDS)
    if after != before:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, object_type="document",
            object_id=document.pk, person_id=document.person_id, purpose=purpose,
            before=before, after=after,
        )
    return document


@transaction.atomic
def address_add(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    valid_from: date,
    country: str = "KAZ",
    region_id: str | None = None,
    district_id: int | None = None,
    settlement_id: str | None = None,
    line: str = "",
    purpose: str = "",
) -> Address:
    """Register a new address; the previous open address of the same kind is closed the day
    before, and a permanent registration in Kazakhstan moves the person's region."""
    person_edit_require(actor)
    for field, model, pk in (("region", Region, region_id), ("district", District, district_id),
                             ("settlement", Settlement, settlement_id)):
        if pk is not None and not model.objects.filter(pk=pk).exists():
            raise DomainError(f"unknown_{field}", _("Unknown code or id: %(value)s")
                              % {"value": pk}, field=field)
    address = Address(
        person=person, kind=kind, country=_country(country, "country"), region_id=region_id,
        district_id=district_id, settlement_id=settlement_id, line=line, valid_from=valid_from,
    )
    if address.district_id and address.district.region_id != region_id:
        raise DomainError("district_outside_region",
                          _("The district does not belong to the region."), field="district")
    if address.settlement_id and address.district_id and (
        address.settlement.district_id != address.district_id
    ):
        raise DomainError("settlement_outside_district",
                          _("The settlement does not belong to the district."),
                          field="settlement")
    Address.objects.filter(person=person, kind=kind, valid_to__isnull=True).update(
        valid_to=valid_from - timedelta(days=1)
    )
    address.save()
    if kind == Address.Kind.PERMANENT and region_id:
        person.region_id = region_id
        person.save(update_fields=["region", "updated_at"])
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, object_type="address",
        object_id=address.pk, person_id=person.pk, purpose=purpose,
        after=snapshot(address, ("kind", "country_id", "region_id", "district_id",
                                 "settlement_id", "line", "valid_from")),
    )
    return address


@transaction.atomic
def category_add(
    *, actor: Actor, person: Person, category: str, valid_from: date, note: str = "",
    purpose: str = "",
) -> PersonCategory:
    person_edit_require(actor)
    if category not in Category.values:
        raise DomainError("bad_category", _("Unknown category."), field="category")
    if category in PROTECTED_CATEGORIES:
        asylum_require(actor)  # asylum facts are recorded by the asylum unit only
    row = PersonCategory.objects.create(
        person=person, category=category, valid_from=valid_from, note=note
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, object_type="category", object_id=row.pk,
        person_id=person.pk, purpose=purpose,
        after={"category": category, "valid_from": valid_from.isoformat()},
    )
    return row
