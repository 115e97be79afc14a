"""Each role sees exactly the persons its scope allows (selector level; the console and
API tests prove the same through HTTP)."""

import pytest

from kosh.access.policy import AccessDenied
from kosh.identity.models import LABOUR_CATEGORIES, Person
from kosh.identity.selectors import person_get, person_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhanna():
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date="1990-01-01")


@pytest.fixture
def aziz():
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович")


# role -> (sees Zhanna, sees Aziz)
EXPECTED = {
    "admin": (True, True),
    "migration": (True, True),
    "labour": (True, True),
    "embassy": (False, True),
    "akimat": (True, "region"),
    "employer": (False, True),
    "applicant": (False, True),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_card_visibility_follows_role_scope(actor_of, zhanna, aziz, username):
    actor = actor_of(username)
    sees_zhanna, sees_aziz = EXPECTED[username]
    if sees_aziz == "region":
        sees_aziz = aziz.region_id == actor.region_id
    for person, expected in ((zhanna, sees_zhanna), (aziz, sees_aziz)):
        if expected:
            assert person_get(actor=actor, person_id=person.pk, purpose="case_processing") == person
        else:
            with pytest.raises(Person.DoesNotExist):
                person_get(actor=actor, person_id=person.pk, purpose="case_processing")


@pytest.mark.parametrize("username", ["analyst", "auditor"])
def test_analyst_and_auditor_never_read_a_card(actor_of, zhanna, username):
    with pytest.raises(AccessDenied):
        person_get(actor=actor_of(username), person_id=zhanna.pk, purpose="case_processing")
    assert not person_scope(actor_of(username)).exists()


def test_labour_officer_sees_only_labour_categories(actor_of):
    visible = person_scope(actor_of("labour"))
    assert visible.exists()
    for person in visible:
        held = set(
            person.categories.filter(valid_to__isnull=True).values_list("category", flat=True)
        )
        assert held & LABOUR_CATEGORIES


def test_embassy_officer_sees_only_citizens_of_the_mission_country(actor_of):
    actor = actor_of("embassy")
    visible = person_scope(actor)
    assert visible.exists()
    assert set(visible.values_list("citizenship_id", flat=True)) == {actor.mission_country_id}


def test_employer_sees_only_own_employees(actor_of, user_of):
    visible = person_scope(actor_of("employer"))
    assert visible.exists()
    for person in visible:
        assert person.employments.filter(employer__staff=user_of("employer")).exists()


def test_applicant_sees_only_own_record(actor_of, user_of):
    assert list(person_scope(actor_of("applicant"))) == [user_of("applicant").person]


def test_denied_read_writes_nothing_in_the_selector(actor_of, zhanna):
    """The selector only refuses; the console or API records the refusal once the refused
    work has rolled back (tests/access/test_refusals.py)."""
    from kosh.access.models import AuditEvent

    count = AuditEvent.objects.count()
    with pytest.raises(Person.DoesNotExist):
        person_get(actor=actor_of("embassy"), person_id=zhanna.pk, purpose="case_processing")
    assert AuditEvent.objects.count() == count
