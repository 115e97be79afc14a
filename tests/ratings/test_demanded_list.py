"""The approvable demanded-professions list: proposed and approved by the responsible
official, frozen once approved, and read by the B9 rules for assessments in its year (the
dated parameter otherwise); the criterion's trace shows which list decided."""

from datetime import date

import pytest

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.cases.evaluation import evaluation_run
from kosh.cases.registry import INSTRUMENTS
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.ratings.services import demanded_list_approve, demanded_list_propose

pytestmark = pytest.mark.django_db

ON = date(2027, 3, 1)


def _listed(profession: str, on: date = ON):
    spec = INSTRUMENTS["demanded_professions"]
    person = Person(display_name="Test", birth_date="1990-01-01", sex="F",
                    citizenship_id="IND")
    evaluation = evaluation_run(instrument=spec, person=person, on=on, issue_date=on,
                                data={"profession": profession,
                                      "diploma_matches_profession": True})
    (criterion,) = [c for c in evaluation.criteria if c.code == "demanded_professions_listed"]
    return criterion, evaluation.as_json()["trace"]


def _approved(actor_of, year: int, professions: list[str]) -> None:
    demanded_list_propose(actor=actor_of("analyst"), year=year, professions=professions)
    demanded_list_approve(actor=actor_of("labour"), year=year)


def test_without_an_approved_list_the_parameter_decides(actor_of):
    demanded_list_propose(actor=actor_of("analyst"), year=2027, professions=["oncologist"])
    criterion, trace = _listed("medical_physicist")  # on the 2023 parameter, not proposed
    assert criterion.passed
    assert "demanded_professions.professions" in str(trace)
    assert criterion.values.get("approved_list_exists") in (None, False) or \
        "approved_list_exists" in str(trace)


def test_the_approved_list_of_the_year_decides(actor_of):
    _approved(actor_of, 2027, ["oncologist", "software_architect"])
    excluded, trace = _listed("medical_physicist")
    assert not excluded.passed
    assert "profession_on_approved_list" in str(trace)
    assert "demanded_professions.professions" not in str(trace)
    included, _ = _listed("software_architect")
    assert included.passed
    other_year, trace = _listed("medical_physicist", on=date(2026, 12, 31))
    assert other_year.passed and "demanded_professions.professions" in str(trace)


def test_approval_is_frozen_audited_and_needs_the_capability(actor_of):
    with pytest.raises(DomainError) as err:
        demanded_list_propose(actor=actor_of("analyst"), year=2027, professions=["chef"])
    assert err.value.code == "unknown_profession"
    demanded_list_propose(actor=actor_of("analyst"), year=2027, professions=["oncologist"])
    with pytest.raises(AccessDenied):
        demanded_list_approve(actor=actor_of("analyst"), year=2027)
    approved = demanded_list_approve(actor=actor_of("labour"), year=2027)
    assert approved.approved_by_name == "labour" and approved.approved_at
    for again in (lambda: demanded_list_approve(actor=actor_of("labour"), year=2027),
                  lambda: demanded_list_propose(actor=actor_of("analyst"), year=2027,
                                                professions=["haematologist"])):
        with pytest.raises(DomainError) as err:
            again()
        assert err.value.code == "list_approved"
    assert AuditEvent.objects.filter(object_type="demanded_professions_list").count() == 2


def test_run_page_proposes_and_approves_next_years_list(client_as, monkeypatch):
    from kosh.ratings import services
    from kosh.ratings.models import DemandedProfessionsList

    from .test_propose_quotas import _run

    run = _run()
    monkeypatch.setattr(services, "list_compared", lambda result: [
        {"code": "oncologist", "listed": True}, {"code": "bacteriologist", "listed": False}])
    analyst, labour = client_as("analyst"), client_as("labour")
    page = analyst.get(f"/ratings/{run.pk}/").content.decode()
    assert "demanded-propose" in page and "demanded-approve" not in page
    assert analyst.post(f"/ratings/{run.pk}/demanded/").status_code == 302
    proposed = DemandedProfessionsList.objects.get()
    assert (proposed.year, proposed.professions, proposed.source_run_id) == (
        2026, ["oncologist"], run.pk)
    assert analyst.post(f"/ratings/{run.pk}/demanded/approve/").status_code == 403
    assert "demanded-approve" in labour.get(f"/ratings/{run.pk}/").content.decode()
    assert labour.post(f"/ratings/{run.pk}/demanded/approve/").status_code == 302
    assert labour.post(f"/ratings/{run.pk}/demanded/approve/").status_code == 422
    page = labour.get(f"/ratings/{run.pk}/").content.decode()
    assert "demanded-approve" not in page and "demanded-propose" not in page
