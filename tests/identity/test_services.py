"""Registering and correcting persons and documents: checks, errors, audit, index."""

from datetime import date

import pytest

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.identity import services
from kosh.identity.identifiers import iin_generate
from kosh.identity.models import IdentityDocument, Person
from kosh.identity.search import person_search

pytestmark = pytest.mark.django_db
BIRTH = date(1987, 6, 5)


def _create(actor, **kw):
    fields = dict(
        birth_date=BIRTH,
        sex="F",
        surname="Сейітова",
        given_name="Әсел",
        iin=iin_generate(BIRTH, "F", 4321),
        citizenship="KAZ",
    )
    fields.update(kw)
    return services.person_create(actor=actor, **fields)


def test_created_person_is_found_by_every_spelling(actor_of):
    actor = actor_of("migration")
    person = _create(actor)
    for query in ("Әсел Сейітова", "ASEL SEIITOVA", "Assel Seyitova", "Äsel"):
        assert person in person_search(actor=actor, query=query), query
    assert AuditEvent.objects.filter(action="create", person_id=person.pk).exists()


@pytest.mark.parametrize(
    ("iin", "code"),
    [
        ("90010130081", "length"),
        ("900101300812", "checksum"),
        ("900230300019", "date"),
        ("900101700012", "century_sex"),
    ],
)
def test_malformed_iin_is_refused_with_reason_and_nothing_created(actor_of, iin, code):
    before = Person.objects.count()
    with pytest.raises(DomainError) as err:
        _create(actor_of("migration"), iin=iin)
    assert (err.value.code, err.value.field) == (code, "iin")
    assert str(err.value.message)
    assert Person.objects.count() == before


def test_iin_must_agree_with_birth_date_and_sex(actor_of):
    with pytest.raises(DomainError) as err:
        _create(actor_of("migration"), birth_date=date(1987, 6, 6))
    assert err.value.code == "iin_birth_date"
    with pytest.raises(DomainError) as err:
        _create(actor_of("migration"), sex="M")
    assert err.value.code == "iin_sex"


def test_duplicate_iin_is_refused(actor_of):
    actor = actor_of("migration")
    person = _create(actor)
    with pytest.raises(DomainError) as err:
        _create(actor, iin=person.iin)
    assert err.value.code == "iin_taken"


def test_roles_without_edit_right_cannot_create(actor_of):
    for username in ("akimat", "employer", "applicant", "analyst", "auditor"):
        with pytest.raises(AccessDenied):
            _create(actor_of(username))


def test_document_correction_is_audited_with_before_and_after(actor_of):
    actor = actor_of("migration")
    person = _create(actor)
    doc = services.document_add(
        actor=actor,
        person=person,
        kind="id_card",
        number="0 4455 667",
        issuing_country="KAZ",
        issued_on=date(2020, 1, 10),
    )
    assert doc.number == "04455667"
    services.document_update(actor=actor, document=doc, status="lost", purpose="data_correction")
    event = AuditEvent.objects.filter(action="update", object_type="document").first()
    assert event.before["status"] == "valid" and event.after["status"] == "lost"


def test_document_expiring_before_issue_is_refused(actor_of):
    actor = actor_of("migration")
    person = _create(actor)
    with pytest.raises(DomainError) as err:
        services.document_add(
            actor=actor,
            person=person,
            kind="passport",
            number="N1",
            issuing_country="KAZ",
            issued_on=date(2020, 1, 10),
            expires_on=date(2019, 1, 1),
        )
    assert err.value.field == "expires_on"
    assert not IdentityDocument.objects.filter(number="N1").exists()


def test_new_permanent_address_closes_the_old_one_and_moves_the_region(actor_of):
    actor = actor_of("migration")
    person = _create(actor)
    services.address_add(
        actor=actor,
        person=person,
        kind="permanent",
        region_id="790000000",
        valid_from=date(2020, 1, 1),
    )
    services.address_add(
        actor=actor,
        person=person,
        kind="permanent",
        region_id="110000000",
        valid_from=date(2024, 5, 1),
    )
    old, new = person.addresses.order_by("valid_from")
    assert old.valid_to == date(2024, 4, 30) and new.valid_to is None
    person.refresh_from_db()
    assert person.region_id == "110000000"


def test_address_district_must_belong_to_region(actor_of):
    from kosh.geo.models import District

    actor = actor_of("migration")
    person = _create(actor)
    foreign = District.objects.exclude(region_id="110000000").first()
    with pytest.raises(DomainError) as err:
        services.address_add(
            actor=actor,
            person=person,
            kind="permanent",
            region_id="110000000",
            district_id=foreign.pk,
            valid_from=date(2024, 1, 1),
        )
    assert err.value.field == "district"
