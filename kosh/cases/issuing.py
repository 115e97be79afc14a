"""Deciding a case and issuing its document: the decision rests on a fresh evaluation of the
rules (rule version and trace kept), an approval issues the visa, card or confirmation
with its number, validity and conditions; refusals carry a coded reason and the appeal
term."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor
from kosh.documents.services import document_freeze
from kosh.errors import DomainError
from kosh.rules.decision import Evaluation
from kosh.rules.system import parameter_value
from kosh.rules.variables.common import dates_add_months

from .evaluation import evaluation_run, valid_until
from .evidence import approval_blockers, case_evidence
from .models import Case, Decision, IssuedDocument, RuleEvaluation
from .permissions import (
    decide_require,
    four_eyes_blocks,
    four_eyes_required,
    registered_by_officer,
)
from .registry import Instrument, instrument_get
from .services import case_transition
from .statuses import CaseStatus, Outcome, RefusalReason


def _check_digit(digits: str) -> str:
    """Luhn check digit of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def document_number(prefix: str, year: int, serial: int) -> str:
    """``B121-2026-0004273``: instrument prefix, year, case serial and a Luhn digit."""
    digits = f"{year}{serial:06d}"
    return f"{prefix}-{year}-{serial:06d}{_check_digit(digits)}"


def document_number_valid(number: str) -> bool:
    """Whether ``number`` has the shape and check digit of a Kosh document number."""
    parts = number.strip().upper().split("-")
    if len(parts) != 3 or not (parts[1] + parts[2]).isdigit() or len(parts[2]) != 7:
        return False
    digits = parts[1] + parts[2][:-1]
    return _check_digit(digits) == parts[2][-1]


def _appeal_until(today: date) -> date:
    months = parameter_value("appeal.complaint_months", today)
    return dates_add_months(today, months).astype(object)


def _issue(case: Case, spec: Instrument, evaluation: Evaluation, today: date) -> IssuedDocument:
    valid_from = spec.valid_from(data=case.data, issue_date=today)
    valid_to = valid_until(spec, evaluation.as_json()) or valid_from
    if valid_to < valid_from:
        raise DomainError("validity_over", _("The document would already have expired."),
                          field="outcome")
    issued = IssuedDocument.objects.create(
        case=case, number=document_number(spec.number_prefix, today.year, case.pk),
        holder=case.applicant, valid_from=valid_from, valid_to=valid_to,
        conditions=list(spec.conditions),
    )
    document_freeze(issued=issued)  # rendered, signed and stored once, in this transaction
    return issued


@transaction.atomic
def case_decide(
    *, case: Case, actor: Actor, outcome: str, reason_code: str = "", reason: str = ""
) -> Decision:
    """Approve or refuse a case under review. The rules as of the case's assessment day are
    applied again and stored with the decision; an approval needs every criterion met,
    every required document attached, every document criterion confirmed and every
    contradiction with the registry resolved, and issues the document; a refusal needs a
    coded reason and states the appeal term. A paper application is decided by an officer
    other than the one who registered it, where the instrument's four-eyes parameter
    says so."""
    case = Case.objects.select_for_update(of=("self",)).select_related(
        "applicant", "submitted_by").get(pk=case.pk)
    decide_require(actor, case)
    today = timezone.localdate()
    if four_eyes_blocks(actor, case, today):
        raise DomainError("four_eyes",
                          _("You registered this application: another officer must decide "
                            "it."), field="outcome")
    if case.status != CaseStatus.UNDER_REVIEW:
        raise DomainError("not_under_review", _("Only a case under review can be decided."),
                          field="outcome")
    if outcome not in Outcome.values:
        raise DomainError("unknown_outcome", _("Approve or refuse."), field="outcome")
    if outcome == Outcome.REFUSED and reason_code not in RefusalReason.values:
        raise DomainError("reason_code_required", _("Choose the reason for the refusal."),
                          field="reason_code")
    spec = instrument_get(case.instrument)
    evaluation = evaluation_run(instrument=spec, data=case.data, person=case.applicant,
                                on=case.assessed_on, issue_date=today)
    if outcome == Outcome.APPROVED and not evaluation.eligible:
        raise DomainError("criteria_not_met",
                          _("The application cannot be approved: not every criterion is met."),
                          field="outcome")
    if outcome == Outcome.APPROVED and (blockers := approval_blockers(
            case, case_evidence(case, evaluation.as_json(), day=today))):
        raise DomainError("evidence_incomplete",
                          _("The application cannot be approved yet: %(reasons)s")
                          % {"reasons": " ".join(blockers)}, field="outcome",
                          rows=[{"field": "outcome", "message": b} for b in blockers])
    result = evaluation.as_json()
    trace = result.pop("trace")
    stored = RuleEvaluation.objects.create(
        case=case, purpose=RuleEvaluation.Purpose.DECISION, assessed_on=case.assessed_on,
        rule_version=evaluation.rule_version, eligible=evaluation.eligible, result=result,
        trace=trace,
    )
    refused = outcome == Outcome.REFUSED
    decision = Decision.objects.create(
        case=case, outcome=outcome, reason_code=reason_code if refused else "",
        reason=(reason or "").strip(), evaluation=stored, officer=actor.user,
        appeal_until=_appeal_until(today) if refused else None,
    )
    issued = None if refused else _issue(case, spec, evaluation, today)
    case_transition(
        case=case, to=outcome, actor=actor,
        reason=reason or (RefusalReason(reason_code).label if refused else ""),
        data={"reason_code": decision.reason_code, "rule_version": stored.rule_version,
              **({"document": issued.number} if issued else {}),
              **({"registered_by": case.submitted_by.get_username(),
                  "four_eyes": four_eyes_required(case, today)}
                 if registered_by_officer(case) else {})},
    )
    return decision
