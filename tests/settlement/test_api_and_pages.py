"""``/api/settlement`` and the pages under /settlement/: thin layers over the services."""

import pytest
from django.test import Client

from kosh.access.models import ApiToken
from kosh.settlement.models import Family

from .conftest import ABAI, PAVLODAR, quota_publish

pytestmark = pytest.mark.django_db

MEMBERS = [
    {"relation": "head", "surname": "Nurlanov", "given_name": "Aibek",
     "birth_date": "1980-05-01", "sex": "M"},
    {"relation": "spouse", "surname": "Nurlanova", "given_name": "Aigul",
     "birth_date": "1983-05-01", "sex": "F"},
]


def api(actor) -> Client:
    _, raw = ApiToken.issue(user=actor.user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def console(actor) -> Client:
    client = Client()
    client.force_login(actor.user)
    return client


def test_one_window_and_regional_steps_by_api(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 3, ABAI: 10})
    body = {"members": MEMBERS, "ethnic_kazakh": True, "region": PAVLODAR}
    first = api(embassy).post("/api/settlement/one-window", body,
                              content_type="application/json", headers={"Idempotency-Key": "a"})
    assert first.status_code == 200, first.content
    answer = first.json()
    assert answer["eligible"] and answer["places_left"] == 1
    assert answer["family"]["status"]["relocation_kzt"] == 2 * 70 * 4325
    full = api(embassy).post("/api/settlement/one-window", body,
                             content_type="application/json", headers={"Idempotency-Key": "b"})
    assert full.status_code == 422 and full.json()["code"] == "quota_exhausted"
    assert full.json()["rows"][0]["message"] == ABAI
    fid = answer["family"]["id"]
    officer = api(pavlodar)
    assert officer.post(f"/api/settlement/families/{fid}/arrival", {},
                        content_type="application/json").json()["stage"] == "arrived"
    rent = officer.post(f"/api/settlement/families/{fid}/support", {"kind": "rent"},
                        content_type="application/json").json()
    assert len(rent["payments"]) == 12
    too_long = officer.post(f"/api/settlement/families/{fid}/extension", {"months": 7},
                            content_type="application/json")
    assert too_long.status_code == 422 and too_long.json()["code"] == "extension_too_long"
    assert officer.get(f"/api/settlement/families/{fid}").status_code == 200
    other = api(embassy).get("/api/settlement/families").json()
    assert [f["id"] for f in other] == [fid]


def test_one_window_page_answers_and_the_card_shows_the_path(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 10})
    page = console(embassy).get("/settlement/one-window/")
    assert page.status_code == 200
    form = {"idempotency_key": "page-1", "ethnic_kazakh": "on", "region": PAVLODAR,
            "m0-relation": "head", "m0-surname": "Nurlanov", "m0-given_name": "Aibek",
            "m0-birth_date": "1980-05-01", "m0-sex": "M"}
    answer = console(embassy).post("/settlement/one-window/", form)
    assert answer.status_code == 200 and b'data-testid="one-window-answer"' in answer.content
    family = Family.objects.get(idempotency_key="page-1")
    officer = console(pavlodar)
    assert officer.get("/settlement/").status_code == 200
    assert officer.post(f"/settlement/families/{family.pk}/arrival/").status_code == 302
    refused = officer.post(f"/settlement/families/{family.pk}/extension/", {"months": "9"})
    assert refused.status_code == 422 and b"settlement-error" in refused.content
    card = officer.get(f"/settlement/families/{family.pk}/")
    assert card.status_code == 200 and b'data-testid="history"' in card.content
    assert officer.get("/settlement/balances/").status_code == 200


def test_pages_refuse_roles_without_settlement(client_as):
    assert client_as("analyst").get("/settlement/").status_code == 403
    assert client_as("embassy").get("/settlement/resettlers/").status_code == 403


def test_the_path_is_on_each_members_card_in_words(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 10})
    form = {"idempotency_key": "card-1", "ethnic_kazakh": "on", "region": PAVLODAR,
            "m0-relation": "head", "m0-surname": "Nurlanov", "m0-given_name": "Aibek",
            "m0-birth_date": "1980-05-01", "m0-sex": "M",
            "m1-relation": "child", "m1-surname": "Nurlanov", "m1-given_name": "Daulet",
            "m1-birth_date": "2010-05-01", "m1-sex": "M"}
    console(embassy).post("/settlement/one-window/", form)
    family = Family.objects.get(idempotency_key="card-1")
    child = family.members.get(relation="child").person
    card = console(pavlodar).get(f"/persons/{child.pk}/?purpose=case_processing")
    assert card.status_code == 200  # in Russian, the console's default language
    assert "одно окно: виза, решение о статусе и регион" in card.content.decode()
