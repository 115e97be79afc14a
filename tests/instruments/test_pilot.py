"""Instruments without an enacted legal basis: marked proposed in their parameters, refused
as live applications until an administrator switches their pilot on (audited)."""

import pytest
from django.utils.translation import override

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.cases.registry import INSTRUMENTS
from kosh.cases.services import case_submit
from kosh.errors import DomainError
from kosh.instruments.manifest import MANIFESTS, PROPOSED
from kosh.instruments.models import PilotMode
from kosh.instruments.pilot import PilotInstrument, pilot_mode_on, pilot_mode_set

from .test_instruments import ELIGIBLE

PROPOSED_CODES = {"teachers_scientists", "ethnic_kazakh_skills", "repatriation_insurance"}


@pytest.fixture(autouse=True)
def pilots_off(db):
    """Every pilot off (the demo data switches some on)."""
    PilotMode.objects.update(enabled=False)


def test_the_proposed_instruments_are_marked_in_their_parameters():
    assert {code for code, m in MANIFESTS.items() if m.status == PROPOSED} == PROPOSED_CODES
    for code in PROPOSED_CODES:
        assert MANIFESTS[code].concept_measure.startswith("Concept decree No. 961")
        spec = INSTRUMENTS[code]
        assert isinstance(spec, PilotInstrument)
        with override("en"):
            assert str(spec.label).endswith("(proposed / pilot)")
    for code in set(MANIFESTS) - PROPOSED_CODES:
        assert not isinstance(INSTRUMENTS[code], PilotInstrument)


def _application(code: str) -> dict:
    spec = INSTRUMENTS[code]
    form = spec.form_class(ELIGIBLE[code][1])
    assert form.is_valid(), form.errors
    return form.application_data()


def test_a_pilot_instrument_is_refused_while_the_pilot_is_off(actor_of):
    with override("en"), pytest.raises(DomainError) as refused:
        case_submit(actor=actor_of("applicant"), instrument="teachers_scientists",
                    data=_application("teachers_scientists"))
    assert refused.value.code == "pilot_mode_off" and refused.value.field == "instrument"
    assert "not enacted" in str(refused.value.message)


def test_a_pilot_instrument_is_accepted_once_the_administrator_switches_it_on(actor_of):
    pilot_mode_set(actor=actor_of("admin"), instrument="teachers_scientists", enabled=True,
                   reason="Pilot with two universities")
    assert pilot_mode_on("teachers_scientists")
    case, _ = case_submit(actor=actor_of("applicant"), instrument="teachers_scientists",
                          data=_application("teachers_scientists"))
    assert case.instrument == "teachers_scientists"
    event = AuditEvent.objects.filter(action="update", object_type="pilot_mode").latest("pk")
    assert (event.object_id, event.after) == ("teachers_scientists", {"enabled": True})
    pilot_mode_set(actor=actor_of("admin"), instrument="teachers_scientists", enabled=False,
                   reason="Pilot over")
    with pytest.raises(DomainError):
        INSTRUMENTS["teachers_scientists"].validate(_application("teachers_scientists"))


def test_only_an_administrator_switches_a_pilot_and_only_of_a_proposed_instrument(actor_of):
    with pytest.raises(AccessDenied):
        pilot_mode_set(actor=actor_of("migration"), instrument="teachers_scientists",
                       enabled=True, reason="x")
    with pytest.raises(DomainError):
        pilot_mode_set(actor=actor_of("admin"), instrument="neo_nomad", enabled=True,
                       reason="x")
    with pytest.raises(DomainError):
        pilot_mode_set(actor=actor_of("admin"), instrument="teachers_scientists",
                       enabled=True, reason=" ")
    assert not pilot_mode_on("teachers_scientists")


def test_the_admin_switch_goes_through_the_audited_service(client, user_of):
    client.force_login(user_of("admin"))
    response = client.post("/admin/instruments/pilotmode/add/", {
        "instrument": "ethnic_kazakh_skills", "enabled": "on", "reason": "Pilot region"})
    assert response.status_code == 302
    assert pilot_mode_on("ethnic_kazakh_skills")
    mode = PilotMode.objects.get(instrument="ethnic_kazakh_skills")
    response = client.post(f"/admin/instruments/pilotmode/{mode.pk}/change/",
                           {"reason": "Pilot over"})
    assert response.status_code == 302
    assert not pilot_mode_on("ethnic_kazakh_skills")
    events = AuditEvent.objects.filter(action="update", object_type="pilot_mode", channel="admin",
                                       object_id="ethnic_kazakh_skills")
    assert [e.after for e in events.order_by("pk")] == [{"enabled": True}, {"enabled": False}]
