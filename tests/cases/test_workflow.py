"""The workflow: every allowed move by the right role, recorded in the history and the
audit log; illegal moves refused; decisions rest on the rules; documents issued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.cases.deadlines import working_days_add
from kosh.cases.demo import review_complete
from kosh.cases.issuing import case_decide, document_number, document_number_valid
from kosh.cases.services import (
    case_assign,
    case_comment,
    case_documents_request,
    case_submit,
    case_transition,
)
from kosh.cases.statuses import TRANSITIONS, CaseStatus
from kosh.documents.selectors import document_verify
from kosh.errors import DomainError
from kosh.rules.variables.common import dates_add_months

from .conftest import docs, neo_nomad_data


def _audited_statuses(case) -> list[str]:
    rows = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk),
                                     action="update").order_by("id")
    return [r.after["status"] for r in rows if r.after and "status" in r.after]


def test_every_transition_is_in_the_history_and_the_audit_log(actor_of, submitted, user_of):
    embassy, applicant = actor_of("embassy"), actor_of("applicant")
    case = case_transition(case=submitted, to=CaseStatus.UNDER_REVIEW, actor=embassy)
    case = case_documents_request(case=case, actor=embassy, kinds=["bank_statement"],
                                  message="The statement for May is missing.")
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=applicant,
                           reason="Uploaded.")
    review_complete(case, user_of("embassy"))
    case_decide(case=case, actor=embassy, outcome="approved")
    case.refresh_from_db()
    moves = [(e.from_status, e.to_status) for e in case.events.filter(kind="status")]
    assert moves == [("submitted", "under_review"), ("under_review", "documents_requested"),
                     ("documents_requested", "under_review"), ("under_review", "approved")]
    assert _audited_statuses(case) == ["under_review", "documents_requested", "under_review",
                                       "approved"]
    request = case.events.get(to_status="documents_requested")
    assert request.data == {"documents": ["bank_statement"]} and request.actor_name == "embassy"


def test_moves_not_in_the_table_are_refused(actor_of, submitted):
    assert (CaseStatus.SUBMITTED, CaseStatus.APPROVED) not in TRANSITIONS
    with pytest.raises(DomainError) as err:
        case_transition(case=submitted, to=CaseStatus.APPROVED, actor=actor_of("embassy"))
    assert err.value.code == "illegal_transition"
    with pytest.raises(DomainError):
        case_transition(case=submitted, to="nonsense", actor=actor_of("embassy"))


def test_approving_without_a_decision_record_is_refused(actor_of, under_review):
    with pytest.raises(DomainError) as err:
        case_transition(case=under_review, to=CaseStatus.APPROVED, actor=actor_of("embassy"))
    assert err.value.code == "decision_required"


def test_each_move_needs_the_right_role(actor_of, submitted):
    with pytest.raises(AccessDenied):  # an applicant cannot take the case into review
        case_transition(case=submitted, to=CaseStatus.UNDER_REVIEW, actor=actor_of("applicant"))
    with pytest.raises(AccessDenied):  # labour officers do not decide Neo Nomad visas
        case_transition(case=submitted, to=CaseStatus.UNDER_REVIEW, actor=actor_of("labour"))
    with pytest.raises(AccessDenied):  # officers do not withdraw applications
        case_transition(case=submitted, to=CaseStatus.WITHDRAWN, actor=actor_of("embassy"))
    case_transition(case=submitted, to=CaseStatus.WITHDRAWN, actor=actor_of("applicant"))


def test_a_request_for_documents_needs_a_reason(actor_of, under_review):
    with pytest.raises(DomainError) as err:
        case_documents_request(case=under_review, actor=actor_of("embassy"),
                               kinds=["passport"], message=" ")
    assert err.value.field == "reason"
    with pytest.raises(DomainError) as err:
        case_documents_request(case=under_review, actor=actor_of("embassy"), kinds=[],
                               message="Which?")
    assert err.value.field == "kinds"


def test_the_term_runs_again_when_the_applicant_answers(actor_of, under_review):
    embassy = actor_of("embassy")
    case = case_documents_request(case=under_review, actor=embassy, kinds=["passport"],
                                  message="Scan of the passport, please.")
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor_of("applicant"))
    expected = working_days_add(timezone.localdate(), case.processing_working_days)
    assert case.expected_decision_on == expected


def test_approval_issues_a_verifiable_visa(actor_of, ready):
    under_review = ready
    decision = case_decide(case=under_review, actor=actor_of("embassy"), outcome="approved")
    issued = under_review.issued
    assert decision.evaluation.purpose == "decision" and decision.evaluation.eligible
    assert document_number_valid(issued.number) and issued.number.startswith("B121-")
    data = under_review.data
    assert issued.valid_from.isoformat() == data["intended_entry_date"]
    assert issued.valid_to == issued.valid_from + timedelta(days=364)
    assert "no_local_employment" in issued.conditions
    born = under_review.applicant.birth_date
    check = document_verify(actor=actor_of("auditor"), number=issued.number.lower(),
                            birth_date=born)
    assert check.found and check.holder == "K*** A***"
    assert check.status == "not_yet_valid" and check.signature == "valid"
    assert not document_verify(actor=actor_of("auditor"), number="B121-2026-0000000",
                               birth_date=born).found


def test_approval_is_refused_when_a_criterion_is_not_met(actor_of, aziz):
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad", uploads=docs(),
                          data=neo_nomad_data(income=2850))
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor_of("embassy"))
    with pytest.raises(DomainError) as err:
        case_decide(case=case, actor=actor_of("embassy"), outcome="approved")
    assert err.value.code == "criteria_not_met"
    case.refresh_from_db()
    assert case.status == "under_review"


def test_a_refusal_has_a_coded_reason_and_an_appeal_term(actor_of, under_review):
    with pytest.raises(DomainError) as err:
        case_decide(case=under_review, actor=actor_of("embassy"), outcome="refused")
    assert err.value.field == "reason_code"
    decision = case_decide(case=under_review, actor=actor_of("embassy"), outcome="refused",
                           reason_code="documents_invalid", reason="The statement is forged.")
    today = timezone.localdate()
    assert decision.appeal_until == dates_add_months(today, 3).astype(object)
    under_review.refresh_from_db()
    assert under_review.status == "refused" and not hasattr(under_review, "issued")


def test_only_a_deciding_officer_in_scope_may_decide(actor_of, under_review):
    for who in ("applicant", "labour", "analyst"):
        with pytest.raises(AccessDenied):
            case_decide(case=under_review, actor=actor_of(who), outcome="approved")


def test_assignment_and_comments(actor_of, user_of, under_review):
    embassy = actor_of("embassy")
    case_assign(case=under_review, actor=embassy, assignee=user_of("migration"))
    with pytest.raises(DomainError):
        case_assign(case=under_review, actor=embassy, assignee=user_of("labour"))
    note = case_comment(case=under_review, actor=embassy, text="Check the bank.",
                        internal=True)
    reply = case_comment(case=under_review, actor=actor_of("applicant"), text="Thank you")
    assert not note.visible_to_applicant and reply.visible_to_applicant
    with pytest.raises(AccessDenied):
        case_comment(case=under_review, actor=actor_of("employer"), text="hello")


def test_document_numbers_carry_a_check_digit():
    number = document_number("B121", 2026, 42)
    assert number == "B121-2026-0000425" and document_number_valid(number)
    assert not document_number_valid("B121-2026-0000428")
    assert not document_number_valid("nonsense")
