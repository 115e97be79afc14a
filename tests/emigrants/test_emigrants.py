"""Work abroad, agencies' licences and complaints: a licence revoked while placements are
open, a complaint overdue at the mission, the mission seeing only its country's cases."""

from datetime import date

import pytest
import time_machine

from kosh.access.policy import AccessDenied
from kosh.emigrants import selectors, services
from kosh.emigrants.statuses import ComplaintStatus, LicenceStatus
from kosh.errors import DomainError
from kosh.identity.identifiers import IdentifierError, bin_generate
from kosh.identity.models import Person
from kosh.identity.services import person_create

pytestmark = pytest.mark.django_db


def _bin(serial: int) -> str:
    """A valid BIN (a serial without a check digit is never issued: take the next)."""
    while True:
        try:
            return bin_generate(2015, 3, 4, 0, serial)
        except IdentifierError:
            serial += 1


@pytest.fixture
def citizen(user_of):
    """The demo citizen working abroad (login ``citizen``)."""
    return Person.objects.get(account=user_of("citizen"))


@pytest.fixture
def agency(actor_of):
    labour = actor_of("labour")
    return services.agency_license(actor=labour, agency=services.agency_apply(
        actor=labour, bin_number=_bin(901), name="Aral Recruit LLP"))


def test_bin_is_checked_and_taken_once(actor_of):
    labour = actor_of("labour")
    with pytest.raises(DomainError) as err:
        services.agency_apply(actor=labour, bin_number="123456789012", name="Bad")
    assert err.value.field == "bin_number"
    services.agency_apply(actor=labour, bin_number=_bin(902), name="Good LLP")
    with pytest.raises(DomainError) as err:
        services.agency_apply(actor=labour, bin_number=_bin(902), name="Again")
    assert err.value.code == "bin_taken"
    with pytest.raises(AccessDenied):
        services.agency_apply(actor=actor_of("embassy"), bin_number=_bin(903), name="X")


def test_licence_revoked_while_placements_are_open(actor_of, citizen, agency):
    labour = actor_of("labour")
    with time_machine.travel("2026-04-01 10:00 +05:00", tick=False):
        work = services.work_register(
            actor=actor_of("citizen"), person=citizen, country="KOR", city="Ansan",
            employer_name="Hanil Parts", contract_from=date(2026, 4, 10),
            contract_to=date(2027, 4, 9), agency_id=agency.pk)
        assert work.insurance_applies  # a stay over 90 days (proposed measure, recorded)
        revoked = services.agency_revoke(actor=labour, agency=agency,
                                         reasons="placed workers without contracts")
    assert revoked.status == LicenceStatus.REVOKED
    assert revoked.open_placements_at_revocation == 1
    row = selectors.agency_get(actor=labour, agency_id=agency.pk)
    assert (row.placements_open, row.placements_total) == (1, 1)  # still on the register
    with pytest.raises(DomainError) as err:
        services.work_register(actor=labour, person=citizen, country="KOR", city="Ansan",
                               employer_name="Other", contract_from=date(2026, 5, 1),
                               contract_to=date(2026, 6, 1), agency_id=agency.pk)
    assert err.value.code == "agency_not_licensed"
    (public,) = selectors.agency_public_lookup(query="aral recruit")
    assert public.status == LicenceStatus.REVOKED and public.placements_open == 1


def test_return_ends_the_emigrant_category(actor_of):
    admin = actor_of("admin")
    person = person_create(actor=admin, birth_date=date(1992, 2, 2), sex="M",
                           surname="Omarov", given_name="Dias", citizenship="KAZ")
    with time_machine.travel("2026-04-01 10:00 +05:00", tick=False):
        work = services.work_register(
            actor=admin, person=person, country="RUS", city="Omsk", employer_name="Stroy",
            contract_from=date(2026, 4, 1), contract_to=date(2026, 5, 30))
        assert not work.insurance_applies  # 60 days
        assert person.categories.filter(category="emigrant_worker").exists()
        services.work_return(actor=admin, work=work)
    assert not person.categories.filter(category="emigrant_worker",
                                        valid_to__isnull=True).exists()


def test_only_citizens_file_complaints_here(actor_of):
    with pytest.raises(DomainError) as err:  # the demo applicant is an Uzbek citizen
        services.complaint_file(actor=actor_of("applicant"), country="RUS",
                                kind="wage_theft", description="wages unpaid three months")
    assert err.value.code == "not_a_citizen"


def test_complaint_overdue_at_the_mission_and_seen_only_by_its_mission(actor_of, citizen):
    with time_machine.travel("2026-04-01 10:00 +05:00", tick=False):  # a Wednesday
        complaint = services.complaint_file(
            actor=actor_of("citizen"), country="UZB", city="Tashkent",
            kind="passport_withheld", description="the employer keeps my passport")
    assert complaint.mission_due == date(2026, 4, 8)  # 5 working days
    uzb = actor_of("embassy")  # the mission in Tashkent
    assert complaint.pk in {c.pk for c in selectors.complaint_list(actor=uzb)}

    def overdue() -> list:
        return [c for c in selectors.complaint_list(actor=uzb, overdue_only=True)
                if c.pk == complaint.pk]

    with time_machine.travel("2026-04-08 18:00 +05:00", tick=False):
        assert not overdue()
    with time_machine.travel("2026-04-09 10:00 +05:00", tick=False):
        (late,) = overdue()
        assert late.terms.overdue_at_mission and not late.terms.overdue_at_ministry
    other = services.complaint_file(actor=actor_of("citizen"), country="RUS",
                                    kind="wage_theft", description="wages unpaid three months")
    assert other.pk not in {c.pk for c in selectors.complaint_list(actor=uzb)}
    with pytest.raises(other.DoesNotExist):
        selectors.complaint_get(actor=uzb, complaint_id=other.pk)


def test_mission_takes_up_and_reports_and_the_ministry_closes(actor_of, citizen):
    complaint = services.complaint_file(
        actor=actor_of("citizen"), country="UZB", kind="detention",
        description="detained at the border without reason")
    mission, ministry = actor_of("embassy"), actor_of("labour")
    with pytest.raises(AccessDenied):  # the ministry does not act for the mission
        services.complaint_move(actor=ministry, complaint=complaint,
                                to=ComplaintStatus.AT_MISSION)
    services.complaint_move(actor=mission, complaint=complaint, to=ComplaintStatus.AT_MISSION)
    with pytest.raises(DomainError):
        services.complaint_move(actor=mission, complaint=complaint,
                                to=ComplaintStatus.MISSION_REPORTED)  # a note is required
    services.complaint_move(actor=mission, complaint=complaint,
                            to=ComplaintStatus.MISSION_REPORTED, note="consul visited; released")
    with pytest.raises(AccessDenied):
        services.complaint_move(actor=mission, complaint=complaint, to=ComplaintStatus.CLOSED,
                                note="done")
    closed = services.complaint_move(actor=ministry, complaint=complaint,
                                     to=ComplaintStatus.CLOSED, note="released, back home")
    assert closed.status == ComplaintStatus.CLOSED
    seen = selectors.complaint_get(actor=actor_of("citizen"), complaint_id=complaint.pk)
    assert [e.status for e in seen.history] == ["submitted", "at_mission", "mission_reported",
                                                "closed"]


def test_a_relative_files_for_a_citizen_abroad(actor_of, user_of):
    citizen = Person.objects.filter(citizenship_id="KAZ", iin__isnull=False,
                                    account__isnull=True).first()
    complaint = services.complaint_file(
        actor=actor_of("applicant"), country="TUR", kind="illness", relative_iin=citizen.iin,
        relative_name="Aigerim, his sister", description="he is in hospital in Antalya")
    assert complaint.person == citizen and complaint.relative_name.startswith("Aigerim")
    assert complaint.filed_by == user_of("applicant")


def test_citizen_withdraws_and_a_refused_agency_cannot_place(actor_of, citizen):
    complaint = services.complaint_file(actor=actor_of("citizen"), country="KOR",
                                        kind="illness", description="injured at the plant")
    withdrawn = services.complaint_move(actor=actor_of("citizen"), complaint=complaint,
                                        to=ComplaintStatus.WITHDRAWN)
    assert withdrawn.status == ComplaintStatus.WITHDRAWN
    labour = actor_of("labour")
    refused = services.agency_refuse(
        actor=labour, agency=services.agency_apply(actor=labour, bin_number=_bin(930),
                                                   name="Unlicensed LLP"),
        reasons="no guarantee of the workers' contracts")
    assert refused.status == LicenceStatus.REFUSED
    assert selectors.agency_public_lookup(query="unlicensed")[0].status == "refused"
    with pytest.raises(DomainError):
        services.work_register(actor=labour, person=citizen, country="KOR", city="Seoul",
                               employer_name="X", contract_from=date(2026, 1, 1),
                               contract_to=date(2026, 2, 1), agency_id=refused.pk)
