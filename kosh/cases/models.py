"""Cases: one application of one person for one instrument, its history, files, rule
evaluations, the decision and the document issued.

Status changes only through ``services.case_transition``; the models hold no rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kosh.identity.models import Person

from .statuses import OPEN_STATUSES, CaseStatus, DocumentKind, EventKind, Outcome, RefusalReason


class Case(models.Model):
    """An application. ``data`` is the instrument's validated form (JSON); ``assessed_on``
    is the day whose rules apply (the day of submission, Asia/Almaty)."""

    instrument = models.CharField(_("instrument"), max_length=40, db_index=True)
    applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("applicant")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    data = models.JSONField(_("application"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    channel = models.CharField(max_length=10)
    idempotency_key = models.CharField(max_length=100, blank=True)
    payload_digest = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    assessed_on = models.DateField(_("rules as of"))
    expected_decision_on = models.DateField(_("expected decision"))
    processing_working_days = models.PositiveSmallIntegerField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("assigned to"),
    )
    # required documents the applicant declared would follow (``documents_may_follow``)
    documents_to_follow = models.JSONField(_("documents to follow"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"], condition=~Q(idempotency_key=""),
                name="case_idempotency_key_unique",
            ),
            models.UniqueConstraint(
                fields=["applicant", "instrument"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="case_one_open_per_instrument",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expected_decision_on"]),
            # the officers' queue: the nearest deadline first, a page at a time
            models.Index(fields=["expected_decision_on", "id"], name="case_queue_order"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The reference applicants quote: ``K-2026-000123``."""
        return f"K-{self.submitted_at:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """One line of a case's history: submission, status change, comment, document,
    assignment. ``visible_to_applicant`` is false for officers' internal notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.to_status}".strip()


class CaseFile(models.Model):
    """An uploaded document. The content is kept in the database: a refused upload leaves
    nothing behind, and files move with backups and transactions."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("document type"), max_length=30, choices=DocumentKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class RuleEvaluation(models.Model):
    """The rules applied to a case: criteria results, outputs, the rule version and the
    OpenFisca trace, as at submission or at decision."""

    class Purpose(models.TextChoices):
        SUBMISSION = "submission", _("at submission")
        DECISION = "decision", _("at decision")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    at = models.DateTimeField(auto_now_add=True)
    assessed_on = models.DateField()
    rule_version = models.CharField(_("rule version"), max_length=40)
    eligible = models.BooleanField()
    result = models.JSONField()  # kosh.rules.decision.Evaluation.as_json() without the trace
    trace = models.JSONField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.purpose} {self.rule_version}"


class Decision(models.Model):
    """The decision on a case, with the evaluation it rests on."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason_code = models.CharField(
        _("reason"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    reason = models.TextField(_("explanation"), blank=True)
    evaluation = models.ForeignKey(RuleEvaluation, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    appeal_until = models.DateField(_("appeal until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.APPROVED) | ~Q(reason_code=""),
                name="decision_refusal_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.outcome}"


class IssuedDocument(models.Model):
    """The visa, card or confirmation issued on approval; verifiable by ``number``."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="issued")
    number = models.CharField(_("number"), max_length=30, unique=True)
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    conditions = models.JSONField(default=list)  # condition codes of the instrument
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")),
                                   name="issued_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.number


class DocumentConfirmation(models.Model):
    """An officer's confirmation that a criterion known from a document (``Evidence.DOCUMENT``)
    holds on the attached file: which file, who, when and what they noted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="confirmations")
    criterion = models.CharField(_("criterion"), max_length=80)
    file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("document"))
    note = models.TextField(_("note"), blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    officer_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"],
                                    name="confirmation_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.criterion}: {self.file_id}"


class ContradictionResolution(models.Model):
    """How an officer resolved a contradiction between what the applicant declared and what
    the registry holds (``Evidence.REGISTRY``): both values as they stood, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resolutions")
    criterion = models.CharField(_("criterion"), max_length=80)
    registry_check = models.CharField(_("registry check"), max_length=40)
    declared = models.TextField(_("declared"))
    registry = models.TextField(_("registry"))
    explanation = models.TextField(_("explanation"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    officer_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"],
                                    name="resolution_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.criterion}: {self.registry_check}"
