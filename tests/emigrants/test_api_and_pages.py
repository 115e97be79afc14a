"""``/api/emigrants`` and the pages under /emigrants/: complaints filed, handled by the
mission, closed by the ministry; the public agency check (no login, rate-limited)."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from kosh.identity.models import Person

from .test_emigrants import _bin

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_agency_licence_and_complaint_flow_by_api(api_as, user_of):
    labour, mission, citizen = api_as("labour"), api_as("embassy"), api_as("citizen")
    made = labour.post("/api/emigrants/agencies",
                       {"bin_number": _bin(950), "name": "Steppe HR"}, content_type=JSON)
    assert made.status_code == 201, made.content
    again = labour.post("/api/emigrants/agencies", {"bin_number": _bin(950), "name": "Copy"},
                        content_type=JSON)
    assert again.status_code == 409
    licensed = labour.post(f"/api/emigrants/agencies/{made.json()['id']}/licence")
    assert licensed.json()["status"] == "licensed"
    assert mission.post("/api/emigrants/agencies", {"bin_number": _bin(960), "name": "X"},
                        content_type=JSON).status_code == 403
    filed = citizen.post("/api/emigrants/complaints", {
        "country": "UZB", "kind": "wage_theft", "description": "no wages for two months"},
        content_type=JSON)
    assert filed.status_code == 201, filed.content
    cid = filed.json()["id"]
    assert mission.get(f"/api/emigrants/complaints/{cid}").json()["moves"] == ["at_mission"]
    for api, to, note in ((mission, "at_mission", ""), (mission, "mission_reported", "paid"),
                          (labour, "closed", "wages paid in full")):
        moved = api.post(f"/api/emigrants/complaints/{cid}/transitions",
                         {"to": to, "note": note}, content_type=JSON)
        assert moved.status_code == 200, moved.content
    followed = citizen.get(f"/api/emigrants/complaints/{cid}").json()
    assert followed["status"] == "closed" and followed["outcome"] == "wages paid in full"
    assert Person.objects.get(account=user_of("citizen")).complaints.filter(pk=cid).exists()


def test_another_mission_cannot_see_the_complaint(api_as, user_of, client_as):
    from django.contrib.auth import get_user_model

    from kosh.access.models import Profile
    from kosh.access.roles import Role

    filed = api_as("citizen").post("/api/emigrants/complaints", {
        "country": "UZB", "kind": "detention", "description": "held by police two days"},
        content_type=JSON).json()
    other = get_user_model().objects.create(username="embassy_rus")
    Profile.objects.create(user=other, role=Role.EMBASSY_OFFICER, mission_country_id="RUS")
    client = Client()
    client.force_login(other)
    assert client.get(f"/emigrants/complaints/{filed['id']}/").status_code == 404
    assert f"CMP-{filed['id']}" not in client.get("/emigrants/complaints/").content.decode()
    assert f"CMP-{filed['id']}" in client_as("embassy").get(
        "/emigrants/complaints/").content.decode()


@override_settings(KOSH_VERIFY_ATTEMPTS=2)
def test_public_check_without_login_and_rate_limited(actor_of):
    from kosh.emigrants import services

    labour = actor_of("labour")
    services.agency_license(actor=labour, agency=services.agency_apply(
        actor=labour, bin_number=_bin(970), name="Caspian Work Abroad"))
    cache.clear()
    public = Client()
    found = public.get("/emigrants/check/", {"q": "caspian"})
    assert found.status_code == 200 and "Caspian Work Abroad" in found.content.decode()
    assert public.get("/emigrants/check/", {"q": _bin(970)}).status_code == 200
    assert public.get("/emigrants/check/", {"q": "caspian"}).status_code == 429
    cache.clear()
