"""Asylum seeker → refugee → residence permit → status ended: a recognised refugee's
residence-permit application (deadline in working days of the calendar, idempotent, refused
to a pending or refused applicant with nothing changed), the cessation and withdrawal of
refugee status and the end of a stateless person's status (reasons, audit, history, the
certificate no longer valid)."""

from datetime import date

import pytest
import time_machine
from django.utils import translation

from kosh.access.models import AuditEvent
from kosh.documents.models import SubjectDocument
from kosh.errors import DomainError
from kosh.identity.models import PersonCategory
from kosh.protection import selectors, services
from kosh.protection.models import AsylumApplication
from kosh.protection.statuses import AsylumStatus, CertificateKind, StatelessStatus

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _at(day: str):
    return time_machine.travel(f"{day} 10:00 +05:00", tick=False)


@pytest.fixture
def pending(asylum_actor, arrival):
    with _at("2026-03-02"):
        return services.asylum_register(actor=asylum_actor, person=arrival, origin="AFG",
                                        arrival_date=date(2026, 3, 1))


@pytest.fixture
def recognised(asylum_actor, pending):
    with _at("2026-03-05"):
        services.asylum_interview(actor=asylum_actor, application=pending,
                                  on=date(2026, 3, 5), note="heard")
    with _at("2026-03-10"):
        return services.asylum_decide(actor=asylum_actor, application=pending,
                                      recognise=True)


def _refugee_certificate(application):
    return application.certificates.get(kind=CertificateKind.REFUGEE)


def test_refugee_applies_with_a_working_day_deadline_from_the_calendar(asylum_actor,
                                                                       recognised):
    with _at("2026-03-20"):  # Friday before Nauryz (21–25 March off in 2026)
        applied = services.refugee_residence_apply(actor=asylum_actor,
                                                   application=recognised)
    assert applied.residence_applied_on == date(2026, 3, 20)
    # 15 working days of the calendar, not 15 weekdays (which would be 10 April)
    assert applied.residence_decision_due == date(2026, 4, 15)
    history = selectors.protection_history(actor=asylum_actor, person=recognised.person)
    assert [s.code for s in history][-1] == "refugee_residence_applied"
    assert "15.04.2026" in history[-1].detail


def test_retry_is_idempotent(asylum_actor, recognised):
    with _at("2026-03-20"):
        first = services.refugee_residence_apply(actor=asylum_actor, application=recognised)
    events = AuditEvent.objects.count()
    with _at("2026-03-25"):
        again = services.refugee_residence_apply(actor=asylum_actor, application=recognised)
    assert (again.residence_applied_on, again.residence_decision_due) == (
        first.residence_applied_on, first.residence_decision_due)
    assert AuditEvent.objects.count() == events  # nothing written


@pytest.mark.parametrize("outcome", ["pending", "refused"])
def test_pending_or_refused_applicant_cannot_apply(asylum_actor, pending, outcome):
    if outcome == "refused":
        with _at("2026-03-05"):
            services.asylum_interview(actor=asylum_actor, application=pending,
                                      on=date(2026, 3, 5), note="heard")
            services.asylum_decide(actor=asylum_actor, application=pending, recognise=False,
                                   ground="no_fear", reasons="no persecution shown at all")
    before = AsylumApplication.objects.filter(pk=pending.pk).values().get()
    events = AuditEvent.objects.count()
    with _at("2026-03-20"), translation.override("ru"):
        with pytest.raises(DomainError) as err:
            services.refugee_residence_apply(actor=asylum_actor, application=pending)
        message = str(err.value.message)
    assert err.value.code == "not_recognised" and err.value.field == "status"
    assert "вид на жительство" in message  # translated
    assert AsylumApplication.objects.filter(pk=pending.pk).values().get() == before
    assert AuditEvent.objects.count() == events


def test_cessation_on_naturalisation(asylum_actor, recognised):
    cert = _refugee_certificate(recognised)
    with _at("2026-09-01"):
        with pytest.raises(DomainError) as err:
            services.refugee_status_end(actor=asylum_actor, application=recognised,
                                        ground="naturalised", reasons="yes")
        assert err.value.field == "reasons"
        ended = services.refugee_status_end(
            actor=asylum_actor, application=recognised, ground="naturalised",
            reasons="citizenship of Kazakhstan granted by decree")
        with pytest.raises(DomainError) as err:  # once only
            services.refugee_status_end(actor=asylum_actor, application=recognised,
                                        ground="naturalised", reasons="again and again here")
        assert err.value.code == "not_recognised"
        with pytest.raises(DomainError):  # no residence permit after the end
            services.refugee_residence_apply(actor=asylum_actor, application=recognised)
        detail = selectors.asylum_get(actor=asylum_actor, application_id=recognised.pk)
    assert (ended.status, ended.ended_on, ended.end_ground) == (
        AsylumStatus.CEASED, date(2026, 9, 1), "naturalised")
    assert SubjectDocument.objects.get(number=cert.number).revoked_at is not None
    assert not {c.number: c for c in detail.certificate_list}[cert.number].in_force
    assert not PersonCategory.objects.filter(person=recognised.person, category="refugee",
                                             valid_to__isnull=True).exists()
    event = AuditEvent.objects.filter(object_type="protection_asylum", action="update",
                                      object_id=recognised.pk).latest("pk")
    assert event.after["status"] == "ceased" and event.after["end_ground"] == "naturalised"
    with translation.override("en"):
        history = selectors.protection_history(actor=asylum_actor, person=recognised.person)
    codes = [s.code for s in history]
    assert codes.index("asylum_recognised") < codes.index("asylum_ceased")
    refugee_step = next(s for s in history if s.code == "certificate_refugee")
    assert "no longer valid" in refugee_step.detail


def test_withdrawal_on_false_information(asylum_actor, recognised):
    with _at("2026-05-01"):
        ended = services.refugee_status_end(
            actor=asylum_actor, application=recognised, ground="false_info",
            reasons="identity documents found to be forged", on=date(2026, 4, 30))
    assert (ended.status, ended.ended_on) == (AsylumStatus.STATUS_WITHDRAWN, date(2026, 4, 30))


def test_end_of_stateless_status(asylum_actor, arrival):
    with _at("2026-03-02"):
        record = services.stateless_identify(actor=asylum_actor, person=arrival,
                                             basis="no evidence of any citizenship")
        cert = services.stateless_document(actor=asylum_actor, record=record)
    with _at("2026-10-01"):
        with pytest.raises(DomainError) as err:  # not a ground for a stateless person
            services.stateless_status_end(actor=asylum_actor, record=record,
                                          ground="false_info", reasons="some words here")
        assert err.value.field == "ground"
        ended = services.stateless_status_end(
            actor=asylum_actor, record=record, ground="naturalised",
            reasons="admitted to citizenship of Kazakhstan")
        with pytest.raises(DomainError):
            services.stateless_residence_apply(actor=asylum_actor, record=record)
    assert ended.status == StatelessStatus.ENDED
    assert SubjectDocument.objects.get(number=cert.number).revoked_at is not None
    assert not PersonCategory.objects.filter(person=arrival, category="stateless",
                                             valid_to__isnull=True).exists()
    with translation.override("en"):
        history = selectors.protection_history(actor=asylum_actor, person=arrival)
    assert history[-1].code == "stateless_ended"
    assert "no longer valid" in next(s for s in history
                                     if s.code == "certificate_stateless").detail


def test_api_and_pages(api_as, client_as, recognised, arrival):
    api = api_as("asylum")
    with _at("2026-03-20"):
        applied = api.post(f"/api/protection/applications/{recognised.pk}/residence")
        assert applied.status_code == 200, applied.content
        assert applied.json()["residence_decision_due"] == "2026-04-15"
        again = api.post(f"/api/protection/applications/{recognised.pk}/residence")
        assert again.json() == applied.json()
        bad = api.post(f"/api/protection/applications/{recognised.pk}/ending",
                       {"ground": "nope", "reasons": "x y z"}, content_type=JSON)
        assert bad.status_code == 422
        ended = api.post(f"/api/protection/applications/{recognised.pk}/ending",
                         {"ground": "returned", "reasons": "went home to stay for good"},
                         content_type=JSON)
        assert ended.status_code == 200, ended.content
        body = ended.json()
        assert body["status"] == "ceased" and body["end_ground"] == "returned"
        refugee = next(c for c in body["certificates"] if c["kind"] == "refugee")
        assert refugee["in_force"] is False
        page = client_as("asylum").get(f"/protection/applications/{recognised.pk}/")
    html = page.content.decode()
    assert 'data-testid="status-ended"' in html and 'data-testid="residence"' in html
    assert f'data-testid="certificate-not-valid-{refugee["number"]}"' in html
    card = client_as("asylum").get(f"/persons/{arrival.pk}/?purpose=case_processing")
    assert "статус беженца утрачен" in card.content.decode()  # the card's history (ru)


def test_stateless_end_page_and_api(api_as, client_as, asylum_actor, arrival):
    with _at("2026-03-02"):
        record = services.stateless_identify(actor=asylum_actor, person=arrival,
                                             basis="no evidence of any citizenship")
        unit = client_as("asylum")
        refused = unit.post(f"/protection/stateless/{record.pk}/ending/",
                            {"ground": "naturalised", "reasons": "x"})
        assert refused.status_code == 302
        assert StatelessStatus(type(record).objects.get(pk=record.pk).status) == "identified"
        done = api_as("asylum").post(f"/api/protection/stateless/{record.pk}/ending",
                                     {"ground": "citizen_confirmed",
                                      "reasons": "held citizenship since birth, confirmed"},
                                     content_type=JSON)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "citizen"
