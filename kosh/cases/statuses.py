"""The case workflow as data: statuses, the allowed transitions and who may make each,
refusal reasons, document kinds and history event kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Capability


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    DOCUMENTS_REQUESTED = "documents_requested", _("documents requested")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = frozenset(
    {CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW, CaseStatus.DOCUMENTS_REQUESTED}
)
DECISION_STATUSES = frozenset({CaseStatus.APPROVED, CaseStatus.REFUSED})

# (from, to) → capabilities of which the actor needs one; anything absent is illegal.
# APPLY moves are the applicant's own (checked against ownership); DECIDE_CASES moves are
# an officer's of a role that decides the instrument, within scope.
TRANSITIONS: dict[tuple[CaseStatus, CaseStatus], frozenset[Capability]] = {
    (CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW): frozenset({Capability.DECIDE_CASES}),
    (CaseStatus.UNDER_REVIEW, CaseStatus.DOCUMENTS_REQUESTED):
        frozenset({Capability.DECIDE_CASES}),
    (CaseStatus.DOCUMENTS_REQUESTED, CaseStatus.UNDER_REVIEW):
        frozenset({Capability.APPLY, Capability.DECIDE_CASES}),
    (CaseStatus.UNDER_REVIEW, CaseStatus.APPROVED): frozenset({Capability.DECIDE_CASES}),
    (CaseStatus.UNDER_REVIEW, CaseStatus.REFUSED): frozenset({Capability.DECIDE_CASES}),
    (CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN): frozenset({Capability.APPLY}),
    (CaseStatus.UNDER_REVIEW, CaseStatus.WITHDRAWN): frozenset({Capability.APPLY}),
    (CaseStatus.DOCUMENTS_REQUESTED, CaseStatus.WITHDRAWN): frozenset({Capability.APPLY}),
}  # fmt: skip



class Action(models.TextChoices):
    """What an actor can do to a case, as offered by the console and the API alike."""

    TAKE = "take", _("take into review")
    REQUEST_DOCUMENTS = "request_documents", _("ask for documents")
    RESUME = "resume", _("resume the review")
    APPROVE = "approve", _("approve")
    REFUSE = "refuse", _("refuse")
    WITHDRAW = "withdraw", _("withdraw")
    ASSIGN = "assign", _("assign")


# The action each transition is offered as.
TRANSITION_ACTIONS: dict[tuple[CaseStatus, CaseStatus], Action] = {
    (CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW): Action.TAKE,
    (CaseStatus.UNDER_REVIEW, CaseStatus.DOCUMENTS_REQUESTED): Action.REQUEST_DOCUMENTS,
    (CaseStatus.DOCUMENTS_REQUESTED, CaseStatus.UNDER_REVIEW): Action.RESUME,
    (CaseStatus.UNDER_REVIEW, CaseStatus.APPROVED): Action.APPROVE,
    (CaseStatus.UNDER_REVIEW, CaseStatus.REFUSED): Action.REFUSE,
    (CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN): Action.WITHDRAW,
    (CaseStatus.UNDER_REVIEW, CaseStatus.WITHDRAWN): Action.WITHDRAW,
    (CaseStatus.DOCUMENTS_REQUESTED, CaseStatus.WITHDRAWN): Action.WITHDRAW,
}


def transitions_from(status: str) -> dict[CaseStatus, frozenset[Capability]]:
    """The statuses a case in ``status`` may move to, each with the capabilities it needs."""
    return {to: caps for (src, to), caps in TRANSITIONS.items() if src == status}


# Moves that must say why.
REASON_REQUIRED = frozenset({CaseStatus.DOCUMENTS_REQUESTED, CaseStatus.REFUSED})


class RefusalReason(models.TextChoices):
    CRITERIA_NOT_MET = "criteria_not_met", _("one or more criteria are not met")
    DOCUMENTS_MISSING = "documents_missing", _("required documents were not provided")
    DOCUMENTS_INVALID = "documents_invalid", _("documents are invalid or do not match")
    FALSE_INFORMATION = "false_information", _("false information was given")
    SECURITY_CHECK = "security_check", _("refused after the security check")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    BANK_STATEMENT = "bank_statement", _("bank statement")
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract or company papers")
    CRIMINAL_RECORD = "criminal_record", _("certificate of no criminal record")
    MEDICAL_INSURANCE = "medical_insurance", _("medical insurance policy")
    INVITATION = "invitation", _("invitation")
    INVESTMENT_PROOF = "investment_proof", _("proof of investment")
    DIPLOMA = "diploma", _("diploma")
    HOST_OFFER = "host_offer", _("contract or offer of the host institution")
    NATIONALITY_PROOF = "nationality_proof", _("proof of Kazakh nationality")
    SKILL_EVIDENCE = "skill_evidence", _("proof of skills")
    BUSINESS_REGISTRATION = "business_registration", _("registration of the business")
    INSURANCE_POLICY = "insurance_policy", _("repatriation insurance policy")
    TAX_RETURN = "tax_return", _("tax return from the country of citizenship")
    OTHER = "other", _("other document")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    STATUS = "status", _("status changed")
    COMMENT = "comment", _("comment")
    DOCUMENT = "document", _("document added")
    ASSIGNED = "assigned", _("assigned")
    CONFIRMED = "confirmed", _("document confirmed")
    RESOLVED = "resolved", _("contradiction resolved")
