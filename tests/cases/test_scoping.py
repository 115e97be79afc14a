"""Who sees which cases: applicants their own, officers the instruments they decide within
their scope, others none — in selectors, console pages and the API alike."""

import pytest

from kosh.access.models import AuditEvent
from kosh.cases.models import Case
from kosh.cases.selectors import case_get, case_list
from kosh.cases.services import case_submit
from kosh.identity.models import Person

from .conftest import docs, neo_nomad_data


@pytest.fixture
def other_case(actor_of, aziz) -> Case:
    """A Neo Nomad application of a citizen of Germany, registered by a migration officer."""
    person = Person.objects.exclude(pk=aziz.pk).filter(citizenship_id="UZB").first()
    person.citizenship_id = "DEU"
    person.save(update_fields=["citizenship"])
    case, _ = case_submit(actor=actor_of("migration"), instrument="neo_nomad", uploads=docs(),
                          person_id=person.pk, data=neo_nomad_data())
    return case


def test_an_applicant_sees_only_own_cases(actor_of, aziz, submitted, other_case):
    mine = case_list(actor=actor_of("applicant"))
    assert submitted in mine and other_case not in mine
    assert {c.applicant_id for c in mine} == {aziz.pk}
    with pytest.raises(Case.DoesNotExist):
        case_get(actor=actor_of("applicant"), case_id=other_case.pk)


def test_opening_a_case_is_an_audited_read(actor_of, submitted):
    case_get(actor=actor_of("embassy"), case_id=submitted.pk)
    read = AuditEvent.objects.filter(object_type="case", action="read").latest("id")
    assert read.person_id == submitted.applicant_id
    assert read.purpose == f"case_processing: {submitted.number}"


def test_the_embassy_sees_cases_of_its_mission_country_only(actor_of, submitted, other_case):
    seen = case_list(actor=actor_of("embassy"))
    assert submitted in seen and other_case not in seen
    assert all(c.applicant.citizenship_id == "UZB" for c in seen)
    assert other_case in case_list(actor=actor_of("migration"))


def test_labour_officers_see_the_instruments_they_decide(actor_of, submitted):
    assert set(case_list(actor=actor_of("labour")).values_list("instrument", flat=True)) <= {
        "ata_zholy"}


@pytest.mark.parametrize("username", ["analyst", "auditor", "employer", "akimat"])
def test_roles_without_cases_see_none(actor_of, submitted, username):
    assert not case_list(actor=actor_of(username)).exists()


def test_the_api_scopes_the_same_way(api_as, submitted, other_case):
    mine = api_as("applicant").get("/api/cases").json()
    assert {row["id"] for row in mine} >= {submitted.pk} and other_case.pk not in {
        row["id"] for row in mine}
    assert api_as("applicant").get(f"/api/cases/{other_case.pk}").status_code == 404
    assert api_as("embassy").get(f"/api/cases/{other_case.pk}").status_code == 404
    assert api_as("migration").get(f"/api/cases/{other_case.pk}").status_code == 200


def test_console_pages_are_scoped(client_as, submitted, other_case):
    assert client_as("applicant").get(f"/cases/{other_case.pk}/").status_code == 404
    assert client_as("applicant").get(f"/cases/{submitted.pk}/").status_code == 200
    assert client_as("applicant").get("/cases/queue/").status_code == 403
    queue = client_as("embassy").get("/cases/queue/").content.decode()
    assert submitted.number in queue and other_case.number not in queue


def test_an_unknown_instrument_in_the_url_is_not_found(client_as):
    applicant = client_as("applicant")
    assert applicant.get("/cases/apply/no-such-visa/").status_code == 404
    assert applicant.post("/cases/apply/no-such-visa/precheck/").status_code == 404
