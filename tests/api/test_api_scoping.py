"""What each role gets from the API, as one table: the status codes follow
``kosh/access/policy.py`` (capabilities) and ``kosh/identity/permissions.py`` (which persons).

A role without the capability gets 403; a person outside the role's scope is 404 (the API
does not reveal that the person exists)."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from kosh.identity.identifiers import iin_generate
from kosh.identity.models import Person
from kosh.synth.demo import AKMOLA

pytestmark = pytest.mark.django_db

FOUND, NOT_FOUND = "200 with Zhanna", "200 without Zhanna"

ACTIONS = ("search Janna", "read Zhanna", "read Aziz", "create person", "read audit")
EXPECTED = {
    # role:       search Janna  read Zhanna  read Aziz  create person  read audit
    "admin":     (FOUND,        200,         200,       201,           200),
    "migration": (FOUND,        200,         200,       201,           403),
    "labour":    (FOUND,        200,         200,       201,           403),  # kandas, quota
    "embassy":   (NOT_FOUND,    404,         200,       201,           403),  # UZB mission
    "akimat":    (FOUND,        200,         404,       403,           403),  # Akmola only
    "employer":  (NOT_FOUND,    404,         200,       403,           403),  # own employees
    "applicant": (403,          404,         200,       403,           403),  # own record
    "analyst":   (403,          403,         403,       403,           403),  # aggregates
    "auditor":   (403,          403,         403,       403,           200),  # audit log
}

BIRTH = date(1988, 8, 8)


def _search(api: Client, zhanna: Person, aziz: Person) -> int | str:
    response = api.get("/api/persons", {"q": "Janna", "purpose": "identity_check"})
    if response.status_code != 200:
        return response.status_code
    return FOUND if zhanna.pk in [p["id"] for p in response.json()] else NOT_FOUND


def _read(who: str) -> Callable[[Client, Person, Person], int]:
    def read(api: Client, zhanna: Person, aziz: Person) -> int:
        person = {"zhanna": zhanna, "aziz": aziz}[who]
        return api.get(f"/api/persons/{person.pk}", {"purpose": "case_processing"}).status_code

    return read


def _create(api: Client, zhanna: Person, aziz: Person) -> int:
    return api.post("/api/persons", {
        "birth_date": BIRTH.isoformat(), "sex": "M", "surname": "Омаров", "given_name": "Ерлан",
        "iin": iin_generate(BIRTH, "M", 8001), "citizenship": "KAZ",
    }, content_type="application/json").status_code


def _audit(api: Client, zhanna: Person, aziz: Person) -> int:
    return api.get("/api/audit", {"person_id": zhanna.pk}).status_code


DO = dict(zip(ACTIONS, (_search, _read("zhanna"), _read("aziz"), _create, _audit), strict=True))


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [(role, action, row[i]) for role, row in EXPECTED.items() for i, action in enumerate(ACTIONS)],
)
def test_role_gets_what_its_capabilities_and_scope_allow(
    api_as, zhanna, aziz, role, action, expected
):
    assert zhanna.region_id == AKMOLA and aziz.region_id != AKMOLA  # the table assumes this
    assert DO[action](api_as(role), zhanna, aziz) == expected
