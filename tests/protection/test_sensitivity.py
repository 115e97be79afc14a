"""An embassy officer of the country of origin never learns that a person applied for
asylum: not from the person card, search (console and API), the case lists, the asylum
pages and API, the audit log, or any aggregate; other officers outside the asylum unit
do not see the asylum facts on the card; small counts are hidden.

The officer could read the same person's card before the application: the tests show
the application is what takes her out of the mission's reach."""

from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from kosh.access.models import ApiToken
from kosh.cases.models import Case
from kosh.cases.permissions import case_filter
from kosh.identity import search
from kosh.identity.aggregates import registry_counts
from kosh.identity.selectors import person_get
from kosh.protection import selectors, services

pytestmark = pytest.mark.django_db

NAME = "Zarghuna"
ON = "2026-03-07 10:00 +05:00"


@pytest.fixture
def applied(asylum_actor, arrival):
    with time_machine.travel(ON, tick=False):
        return services.asylum_register(actor=asylum_actor, person=arrival, origin="AFG",
                                        arrival_date=date(2026, 3, 5))


@pytest.fixture
def console(embassy_afg):
    client = Client()
    client.force_login(embassy_afg)
    return client


@pytest.fixture
def api(embassy_afg):
    _, raw = ApiToken.issue(user=embassy_afg, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _silent(response, *words: str, echoed: bool = False) -> None:
    """Nothing of her or of asylum in the answer (``echoed``: a search page repeats the
    query typed, so her name may appear there, but no result of her)."""
    body = response.content.decode()
    for word in ((), (NAME,))[not echoed] + ("asylum", "ASY-", "refugee", *words):
        assert word.lower() not in body.lower(), (response.status_code, word)


def test_before_the_application_the_mission_sees_its_citizen(console, arrival):
    card = console.get(f"/persons/{arrival.pk}/?purpose=identity_check")
    assert card.status_code == 200 and NAME in card.content.decode()


def test_card_and_search_in_the_console(console, arrival, applied):
    card = console.get(f"/persons/{arrival.pk}/?purpose=identity_check")
    assert card.status_code == 404  # as for anyone outside the mission's reach
    _silent(card)
    found = console.get("/persons/", {"q": f"{NAME} Wahidi", "purpose": "identity_check"})
    assert found.status_code == 200
    _silent(found, f"/persons/{arrival.pk}/", echoed=True)
    exported = console.get("/persons/", {"q": NAME, "purpose": "identity_check",
                                         "export": "csv"})
    _silent(exported)


def test_search_and_card_in_the_api(api, arrival, applied):
    found = api.get("/api/persons", {"q": f"{NAME} Wahidi", "purpose": "identity_check"})
    assert found.status_code == 200 and found.json() == []
    card = api.get(f"/api/persons/{arrival.pk}", {"purpose": "identity_check"})
    assert card.status_code == 404
    _silent(card)


def test_asylum_pages_and_api_are_refused(console, api, arrival, applied):
    for path in ("/protection/", f"/protection/applications/{applied.pk}/",
                 "/protection/stateless/", "/protection/register/"):
        response = console.get(path)
        assert response.status_code == 403, path
        _silent(response)
    for path in ("/api/protection/applications", f"/api/protection/applications/{applied.pk}",
                 "/api/protection/counts", "/api/protection/stateless",
                 f"/api/protection/persons/{arrival.pk}/history"):
        response = api.get(path)
        assert response.status_code == 403, path
        _silent(response)
    # the residence-permit application and the end of protection: refused, nothing told
    for path in (f"/protection/applications/{applied.pk}/residence/",
                 f"/protection/applications/{applied.pk}/ending/",
                 "/protection/stateless/1/ending/"):
        response = console.post(path, {"ground": "naturalised", "reasons": "a b c"})
        assert response.status_code == 403, path
        _silent(response)
    for path in (f"/api/protection/applications/{applied.pk}/residence",
                 f"/api/protection/applications/{applied.pk}/ending",
                 "/api/protection/stateless/1/ending"):
        response = api.post(path, {"ground": "naturalised", "reasons": "a b c"},
                            content_type="application/json")
        assert response.status_code == 403, path
        _silent(response)


def test_no_audit_log_no_aggregates_no_cases(console, api, embassy_afg_actor, arrival,
                                             applied):
    for path in ("/audit/", "/stats/"):
        assert console.get(path).status_code == 403
    assert api.get("/api/audit").status_code == 403
    assert not Case.objects.filter(case_filter(embassy_afg_actor),
                                   applicant=arrival).exists()
    page = search.person_search_page(actor=embassy_afg_actor, query=f"{NAME} Wahidi",
                                     purpose="identity_check", offset=0, page_size=20)
    assert arrival.pk not in {p.pk for p in page.persons}


def test_other_officers_see_no_asylum_fact_on_the_card(actor_of, client_as, arrival,
                                                       applied):
    migration = person_get(actor=actor_of("migration"), person_id=arrival.pk,
                           purpose="identity_check")
    assert [c.category for c in migration.visible_categories] == []
    page = client_as("migration").get(f"/persons/{arrival.pk}/?purpose=identity_check")
    assert page.status_code == 200
    body = page.content.decode()
    assert "asylum" not in body.lower() and "ASC-" not in body and "ASY-" not in body
    unit = client_as("asylum").get(f"/persons/{arrival.pk}/?purpose=case_processing")
    assert "ASC-" in unit.content.decode()  # the unit sees the history and certificate


def test_embassy_cannot_record_an_asylum_category(actor_of, arrival):
    from kosh.access.policy import AccessDenied
    from kosh.identity.services import category_add

    with pytest.raises(AccessDenied):
        category_add(actor=actor_of("migration"), person=arrival, category="asylum_seeker",
                     valid_from=date(2026, 3, 7))


def test_small_cells_are_hidden_in_every_aggregate(actor_of, asylum_actor, applied):
    min_cell = settings.KOSH_MIN_CELL
    counts = registry_counts(actor=actor_of("analyst"))
    every = [c for row in counts.rows for c in (*row.cells, row.total)]
    every += [*counts.column_totals, counts.grand_total]
    assert all(c.count is None or c.count == 0 or c.count >= min_cell for c in every)
    unit = selectors.asylum_counts(actor=asylum_actor)
    cells = [c for row in unit.cells for c in row] + [*unit.row_totals, *unit.column_totals,
                                                      unit.grand_total]
    assert all(c.count is None or c.count == 0 or c.count >= min_cell for c in cells)
    assert unit.grand_total.count is None  # one application in all: hidden
