"""``/api/protection`` and the pages under /protection/: the same services, the asylum unit
only."""

import pytest
import time_machine

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_register_late_then_decide_by_api(api_as, arrival):
    api = api_as("asylum")
    with time_machine.travel("2026-03-09 10:00 +05:00", tick=False):
        made = api.post("/api/protection/applications", {
            "person_id": arrival.pk, "origin": "AFG", "arrival_date": "2026-03-02",
            "late_reason": "in hospital after arrival"}, content_type=JSON)
        assert made.status_code == 201, made.content
        body = made.json()
        assert body["late"] and body["certificates"][0]["valid_to"] == "2026-06-08"
        app_id = body["id"]
        again = api.post("/api/protection/applications", {
            "person_id": arrival.pk, "origin": "AFG", "arrival_date": "2026-03-02"},
            content_type=JSON)
        assert again.status_code == 422 and again.json()["code"] == "application_open"
        assert api.post(f"/api/protection/applications/{app_id}/interview",
                        {"on": "2026-03-09", "note": "heard"},
                        content_type=JSON).status_code == 200
        refused = api.post(f"/api/protection/applications/{app_id}/decision", {
            "recognise": False, "ground": "safe_third",
            "reasons": "protection in a third country"},
            content_type=JSON)
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["appeal_until"]) == ("refused",
                                                                          "2026-06-09")
    history = api.get(f"/api/protection/persons/{arrival.pk}/history").json()
    assert [h["code"] for h in history] == ["asylum_registered", "certificate_asylum_seeker",
                                            "asylum_refused"]


def test_pages_of_the_unit(client_as, arrival):
    unit = client_as("asylum")
    with time_machine.travel("2026-03-07 10:00 +05:00", tick=False):
        page = unit.post("/protection/register/", {
            "person": arrival.pk, "origin": "AFG", "arrival_date": "2026-03-02"})
        assert page.status_code == 302
        detail = unit.get(page["Location"])
        assert "ASC-2026" in detail.content.decode()
    with time_machine.travel("2026-06-09 10:00 +05:00", tick=False):
        listed = unit.get("/protection/?escalated=1")
        assert 'data-testid="escalated"' in listed.content.decode()
        detail = unit.get(page["Location"])
        assert 'data-testid="escalation"' in detail.content.decode()
        refused = unit.post(page["Location"] + "decision/", {"outcome": "refuse"})
        assert refused.status_code == 422  # the ground is required, shown at the field
    for username in ("migration", "labour", "embassy", "analyst", "applicant"):
        assert client_as(username).get("/protection/").status_code == 403
