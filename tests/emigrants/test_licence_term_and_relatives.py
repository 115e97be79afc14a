"""A licence's validity term (an assumption, ``emigrants.licence.validity_months``): valid
through its last day, shown as expired the day after on the register and the public check,
and no new placement through it; a relative's complaint answers the same whether or not the
registry knows the IIN given (no membership oracle)."""

import re
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from kosh.emigrants import selectors, services
from kosh.emigrants.models import Complaint
from kosh.errors import DomainError
from kosh.identity.identifiers import iin_generate_next
from kosh.identity.models import Person

from .test_emigrants import _bin

pytestmark = pytest.mark.django_db

JSON = "application/json"
GRANTED = "2026-03-02 10:00 +05:00"
LAST_DAY, DAY_AFTER = date(2029, 3, 1), date(2029, 3, 2)


def _at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +05:00", tick=False)


@pytest.fixture
def licensed(actor_of):
    labour = actor_of("labour")
    with time_machine.travel(GRANTED, tick=False):
        return services.agency_license(actor=labour, agency=services.agency_apply(
            actor=labour, bin_number=_bin(1201), name="Turan Staffing LLP"))


def _place(actor_of, agency):
    citizen = Person.objects.get(account__username="citizen")
    return services.work_register(
        actor=actor_of("labour"), person=citizen, country="KOR", city="Ansan",
        employer_name="Hanil Parts", contract_from=date(2029, 4, 1),
        contract_to=date(2029, 12, 1), agency_id=agency.pk)


def test_licence_valid_through_its_last_day(actor_of, licensed):
    assert licensed.licence_valid_to == LAST_DAY  # 36 months from 02.03.2026, less a day
    with _at(LAST_DAY):
        assert _place(actor_of, licensed).agency == licensed
        row = selectors.agency_get(actor=actor_of("labour"), agency_id=licensed.pk)
        assert not row.expired


def test_licence_expired_the_day_after(actor_of, licensed, client_as):
    with _at(DAY_AFTER):
        with pytest.raises(DomainError) as err:
            _place(actor_of, licensed)
        assert (err.value.code, err.value.field) == ("agency_licence_expired", "agency")
        assert "01.03.2029" in str(err.value.message)
        row = selectors.agency_get(actor=actor_of("labour"), agency_id=licensed.pk)
        assert row.expired
        register = client_as("labour").get("/emigrants/agencies/").content.decode()
        assert f'data-testid="licence-expired-{licensed.bin}"' in register
        cache.clear()
        public = Client().get("/emigrants/check/", {"q": "turan staffing"})
        assert 'data-testid="licence-expired"' in public.content.decode()
        assert "01.03.2029" in public.content.decode()
    cache.clear()


def test_licence_term_in_the_api(api_as, licensed):
    with _at(DAY_AFTER):
        (row,) = [a for a in api_as("labour").get("/api/emigrants/agencies").json()
                  if a["id"] == licensed.pk]
    assert row["licence_valid_to"] == "2029-03-01" and row["expired"] is True
    with _at(LAST_DAY):
        (row,) = [a for a in api_as("labour").get("/api/emigrants/agencies").json()
                  if a["id"] == licensed.pk]
    assert row["expired"] is False


def _shape(body: dict) -> dict:
    """The response with what differs between any two filings (number, IIN) blanked."""
    return {k: (None if k in ("id",) else v) for k, v in body.items()}


def test_relative_complaint_same_answer_for_known_and_unknown_iin(api_as, client_as):
    known = Person.objects.filter(citizenship_id="KAZ", iin__isnull=False,
                                  account__isnull=True).first()
    unknown, serial = iin_generate_next(known.birth_date, known.sex, 9000)
    while Person.objects.filter(iin=unknown).exists():
        unknown, serial = iin_generate_next(known.birth_date, known.sex, serial + 1)
    api = api_as("applicant")
    answers = {}
    with time_machine.travel("2026-05-04 10:00 +05:00", tick=False):
        for name, iin in (("known", known.iin), ("unknown", unknown)):
            response = api.post("/api/emigrants/complaints", {
                "country": "TUR", "kind": "illness", "relative_iin": iin,
                "relative_name": "Aigerim, his sister",
                "description": "he is in hospital in Antalya"}, content_type=JSON)
            answers[name] = (response.status_code, response.json(), iin)
    (k_status, k_body, k_iin), (u_status, u_body, u_iin) = answers["known"], answers["unknown"]
    assert k_status == u_status == 201
    assert k_body.keys() == u_body.keys()
    assert k_iin in k_body["person"]
    assert k_body["person"].replace(k_iin, "") == u_body["person"].replace(u_iin, "")
    assert known.display_name not in str(k_body)
    assert _shape(k_body) | {"person": ""} == _shape(u_body) | {"person": ""}
    # the console: the same redirect to the complaint, the same page but for the IIN
    unit = client_as("applicant")
    pages = []
    with time_machine.travel("2026-05-04 10:00 +05:00", tick=False):
        for iin in (known.iin, unknown):
            response = unit.post("/emigrants/complaints/new/", {
                "country": "TUR", "kind": "illness", "relative_iin": iin,
                "relative_name": "Aigerim, his sister", "city": "",
                "description": "he is in hospital in Antalya"})
            assert response.status_code == 302
            number = response["Location"].rstrip("/").rsplit("/", 1)[1]
            page = unit.get(response["Location"]).content.decode()
            page = re.sub(r'(?i)(csrftoken": "|csrfmiddlewaretoken" value=")[0-9a-z]+', "", page)
            pages.append(page.replace(iin, "IIN").replace(f"CMP-{number}", "CMP")
                         .replace(f"/{number}/", "/N/"))
    assert known.display_name not in pages[0]
    assert pages[0] == pages[1]
    # the ministry tells them apart, the relative never does
    unknown_row = Complaint.objects.get(pk=u_body["id"])
    assert unknown_row.person is None and unknown_row.citizen_iin == unknown
    assert Complaint.objects.get(pk=k_body["id"]).person == known
    ministry = api_as("labour").get(f"/api/emigrants/complaints/{u_body['id']}").json()
    assert unknown in ministry["person"] and ministry["person"] != u_body["person"]


def test_relative_iin_checks_do_not_depend_on_the_registry(actor_of):
    with pytest.raises(DomainError) as err:  # a malformed IIN is told as such
        services.complaint_file(actor=actor_of("applicant"), country="TUR", kind="illness",
                                relative_iin="123", relative_name="Sister",
                                description="he is in hospital")
    assert (err.value.code, err.value.field) == ("bad_iin", "relative_iin")
