"""The asylum procedure at its boundaries: filing on day 5 and day 6 after arrival, the
certificate's expiry and extension, the extension of the review with reasons (up to a
year), the escalation when the term passes without a decision, the decision."""

from datetime import date

import pytest
import time_machine

from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.identity.models import PersonCategory
from kosh.protection import selectors, services
from kosh.protection.statuses import AsylumStatus, CertificateKind, StatelessStatus

pytestmark = pytest.mark.django_db

ARRIVED = date(2026, 3, 2)


def _register(actor, person, on):
    with time_machine.travel(on.isoformat() + " 10:00 +05:00", tick=False):
        return services.asylum_register(actor=actor, person=person, origin="AFG",
                                        arrival_date=ARRIVED, registered_on=on)


def test_application_on_day_5_is_in_time_and_day_6_is_late(asylum_actor, arrival):
    assert not services.filing_is_late(arrival=ARRIVED, filed=date(2026, 3, 7))
    assert services.filing_is_late(arrival=ARRIVED, filed=date(2026, 3, 8))
    late = _register(asylum_actor, arrival, date(2026, 3, 8))
    assert late.late and late.status == AsylumStatus.REGISTERED  # registered all the same


def test_day_5_registration_issues_a_3_month_certificate(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    assert not application.late
    cert = services.current_certificate(application)
    assert (cert.kind, cert.valid_from, cert.valid_to) == (
        CertificateKind.ASYLUM_SEEKER, date(2026, 3, 7), date(2026, 6, 6))
    assert application.decision_due == date(2026, 6, 6)
    assert len(cert.sha256) == 64
    assert PersonCategory.objects.filter(person=arrival, category="asylum_seeker",
                                         valid_to__isnull=True).exists()


def test_certificate_expiry_and_extension(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    with time_machine.travel("2026-06-10 10:00 +05:00", tick=False):  # expired on 06-06
        renewed = services.asylum_certificate_extend(actor=asylum_actor,
                                                     application=application)
    assert (renewed.valid_from, renewed.valid_to) == (date(2026, 6, 10), date(2026, 9, 9))
    assert renewed.replaces.valid_to == date(2026, 6, 6)
    assert services.current_certificate(application) == renewed
    with pytest.raises(RuntimeError):  # frozen at issue
        renewed.save()


def test_review_extended_with_reasons_up_to_a_year(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    with time_machine.travel("2026-05-20 10:00 +05:00", tick=False):
        with pytest.raises(DomainError) as err:
            services.asylum_extend(actor=asylum_actor, application=application,
                                   until=date(2027, 3, 7), reasons="identity checks abroad")
        assert err.value.code == "extension_too_long"
        with pytest.raises(DomainError) as err:
            services.asylum_extend(actor=asylum_actor, application=application,
                                   until=date(2026, 12, 1), reasons="checks")
        assert err.value.field == "reasons"
        extended = services.asylum_extend(actor=asylum_actor, application=application,
                                          until=date(2027, 3, 6),
                                          reasons="identity checks with UNHCR pending")
    assert (extended.status, extended.decision_due) == (AsylumStatus.EXTENDED,
                                                        date(2027, 3, 6))


def test_deadline_passed_without_decision_is_escalated(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    with time_machine.travel("2026-06-06 12:00 +05:00", tick=False):
        assert not selectors.asylum_get(actor=asylum_actor,
                                        application_id=application.pk).escalated
    with time_machine.travel("2026-06-08 12:00 +05:00", tick=False):
        (row,) = [a for a in selectors.asylum_list(actor=asylum_actor)
                  if a.pk == application.pk]
        assert row.escalated and row.sla == "overdue"
        assert application.pk in {a.pk for a in selectors.asylum_list(
            actor=asylum_actor, escalated_only=True)}


def test_recognised_refugee_gets_a_certificate_and_the_category(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    with time_machine.travel("2026-04-01 10:00 +05:00", tick=False):
        services.asylum_interview(actor=asylum_actor, application=application,
                                  on=date(2026, 3, 20), note="heard with interpreter")
        decided = services.asylum_decide(actor=asylum_actor, application=application,
                                         recognise=True)
    assert decided.status == AsylumStatus.RECOGNISED
    refugee = decided.certificates.get(kind=CertificateKind.REFUGEE)
    assert (refugee.valid_from, refugee.valid_to) == (date(2026, 4, 1), date(2027, 3, 31))
    current = set(PersonCategory.objects.filter(person=arrival, valid_to__isnull=True)
                  .values_list("category", flat=True))
    assert current == {"refugee"}
    steps = [s.code for s in selectors.protection_history(actor=asylum_actor,
                                                          person=arrival)]
    assert steps == ["asylum_registered", "certificate_asylum_seeker", "asylum_recognised",
                     "certificate_refugee"]


def test_refusal_needs_ground_and_reasons_and_gives_the_appeal_term(asylum_actor, arrival):
    application = _register(asylum_actor, arrival, date(2026, 3, 7))
    with time_machine.travel("2026-04-01 10:00 +05:00", tick=False):
        services.asylum_interview(actor=asylum_actor, application=application,
                                  on=date(2026, 3, 20), note="heard")
        with pytest.raises(DomainError) as err:
            services.asylum_decide(actor=asylum_actor, application=application,
                                   recognise=False, reasons="no grounds were found")
        assert err.value.field == "ground"
        refused = services.asylum_decide(actor=asylum_actor, application=application,
                                         recognise=False, ground="no_fear",
                                         reasons="no individual risk was shown")
    assert (refused.status, refused.appeal_until) == (AsylumStatus.REFUSED, date(2026, 7, 1))


def test_only_the_asylum_unit_registers(actor_of, arrival):
    for username in ("migration", "embassy", "labour", "analyst"):
        with pytest.raises(AccessDenied):
            services.asylum_register(actor=actor_of(username), person=arrival, origin="AFG",
                                     arrival_date=ARRIVED)


def test_stateless_person_identified_documented_and_applies_for_residence(asylum_actor,
                                                                           arrival):
    with time_machine.travel("2026-03-10 10:00 +05:00", tick=False):
        record = services.stateless_identify(actor=asylum_actor, person=arrival,
                                             basis="no evidence of any citizenship")
        cert = services.stateless_document(actor=asylum_actor, record=record)
        applied = services.stateless_residence_apply(actor=asylum_actor, record=record)
    assert cert.kind == CertificateKind.STATELESS
    assert applied.status == StatelessStatus.RESIDENCE_APPLIED
    assert applied.residence_decision_due > date(2026, 3, 10)
    # 15 working days from Tuesday 10 March 2026: the 21st-23rd (Nauryz) are days off
    assert applied.residence_decision_due == date(2026, 4, 3)
