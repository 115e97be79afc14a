"""Stored linkage runs and their proposals, and reviewers' decisions on the proposals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkRun(models.Model):
    """One run of the model over a snapshot: what it read (SHA-256 of the inputs), which
    model (version and SHA-256) and thresholds it applied, and the counts it proposed."""

    snapshot = models.CharField(_("snapshot"), max_length=500)
    inputs = models.JSONField(_("inputs (SHA-256)"))
    backend = models.CharField(_("backend"), max_length=10)
    model_version = models.CharField(_("model version"), max_length=40)
    model_sha256 = models.CharField(_("model SHA-256"), max_length=64)
    thresholds = models.JSONField(_("thresholds"))
    counts = models.JSONField(_("counts"))
    accuracy = models.JSONField(_("accuracy"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("link run")

    def __str__(self) -> str:
        return f"link run #{self.pk}"


class Outcome(models.TextChoices):
    AUTO = "auto", _("merged automatically")
    REVIEW = "review", _("clerical review")
    NEW = "new", _("kept apart")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class LinkProposal(models.Model):
    """What a run proposes for one source record: its best registry person (by the id the
    snapshot gives it), the match weight, each comparison's agreement level and weight,
    and both sides as written — enough for a reviewer to decide without the snapshot."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="proposals")
    record_id = models.BigIntegerField(_("source record"))
    record = models.JSONField(_("record as written"))
    person_ref = models.BigIntegerField(_("registry person"), null=True, blank=True)
    person = models.JSONField(_("registry person as written"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    best_weight = models.FloatField(_("match weight"), null=True, blank=True)
    second_weight = models.FloatField(_("second-best weight"), null=True, blank=True)
    comparisons = models.JSONField(_("comparisons"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ("run", "-best_weight", "record_id")
        verbose_name = _("link proposal")
        constraints = [models.UniqueConstraint(fields=("run", "record_id"),
                                               name="linkage_proposal_one_per_record")]
        indexes = [models.Index(fields=("run", "outcome", "status")),
                   models.Index(fields=("person_ref",))]

    def __str__(self) -> str:
        return f"record {self.record_id} → person {self.person_ref} ({self.outcome})"


class ReviewDecision(models.Model):
    """A reviewer's decision on a proposal (accept, reject, or undo the last one): the
    proposal's history, never edited; the proposal's status is the latest decision's."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("accept")
        REJECT = "reject", _("reject")
        UNDO = "undo", _("undo")

    proposal = models.ForeignKey(LinkProposal, on_delete=models.CASCADE,
                                 related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    status_before = models.CharField(_("status before"), max_length=10,
                                     choices=Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ("proposal", "decided_at", "id")
        verbose_name = _("review decision")

    def __str__(self) -> str:
        return f"{self.decision} on proposal {self.proposal_id}"


class PersonMerge(models.Model):
    """Two registry records found to be one person: the absorbed person's rows (names,
    documents, citizenships, addresses, categories, employments, border crossings) moved
    to the survivor, each row's id kept here so that a split moves exactly those rows
    back. The absorbed ``Person`` row itself is kept (empty while merged)."""

    class State(models.TextChoices):
        MERGED = "merged", _("merged")
        SPLIT = "split", _("split again")

    survivor = models.ForeignKey("identity.Person", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("kept person"))
    absorbed = models.ForeignKey("identity.Person", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("merged person"))
    moved = models.JSONField(_("rows moved"))
    primary_names = models.JSONField(_("absorbed person's primary names"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.MERGED)
    proposal = models.ForeignKey(LinkProposal, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    split_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    split_at = models.DateTimeField(_("split at"), null=True, blank=True)

    class Meta:
        ordering = ("-merged_at", "-id")
        verbose_name = _("person merge")
        constraints = [models.UniqueConstraint(
            fields=("absorbed",), condition=models.Q(state="merged"),
            name="linkage_merge_absorbed_once")]

    def __str__(self) -> str:
        return f"person {self.absorbed_id} → {self.survivor_id} ({self.state})"
