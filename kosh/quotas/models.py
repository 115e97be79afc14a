"""Quota sets (a year's quota of one kind, in numbered versions), their lines, the ledger
accounts every draw is counted on, and the draws themselves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FOREIGN_LABOUR = "foreign_labour", _("foreign labour (employer permits)")
    HOUSEHOLD_WORKERS = "household_workers", _("household workers")
    KANDAS = "kandas", _("kandas")
    RESETTLERS = "resettlers", _("resettlers")


class QuotaSet(models.Model):
    """One version of the quota of one kind for one year. A draft may be adjusted; once
    approved it is published: its lines no longer change, its CSV export is frozen with its
    SHA-256, and a change within the year is a new version that supersedes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("approved and published")
        SUPERSEDED = "superseded", _("superseded by a later version")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    effective_from = models.DateField(_("in force from"))
    source = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.CharField(_("proposed by"), max_length=150)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_by_name = models.CharField(_("approved by"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    frozen_csv = models.BinaryField(_("published file"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-year", "kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "kind", "version"],
                                               name="quota_set_version_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} v{self.version}"


class QuotaLine(models.Model):
    """How many places one version of a quota set gives to one category and region."""

    quota_set = models.ForeignKey(QuotaSet, on_delete=models.PROTECT, related_name="lines")
    category = models.CharField(_("category"), max_length=10, blank=True)
    region = models.CharField(_("region (KATO)"), max_length=9, blank=True)
    amount = models.PositiveIntegerField(_("places"))
    basis = models.TextField(_("basis"), blank=True)

    class Meta:
        ordering = ["category", "region"]
        constraints = [models.UniqueConstraint(fields=["quota_set", "category", "region"],
                                               name="quota_line_unique")]

    def __str__(self) -> str:
        return f"{self.quota_set} {self.category or '-'} {self.region or 'national'}: {self.amount}"


class QuotaAccount(models.Model):
    """The ledger of one quota line across the year's versions: ``amount`` is the line of
    the version in force, ``drawn`` the places reserved or issued. ``drawn <= amount`` is
    kept by the conditional update that draws and by a check constraint."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=10, blank=True)
    region = models.CharField(_("region (KATO)"), max_length=9, blank=True)
    amount = models.PositiveIntegerField(_("places"))
    drawn = models.PositiveIntegerField(_("drawn"), default=0)
    quota_set = models.ForeignKey(QuotaSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "category", "region"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "category", "region"],
                                    name="quota_account_unique"),
            models.CheckConstraint(condition=models.Q(drawn__lte=models.F("amount")),
                                   name="quota_account_not_overdrawn"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.category or '-'} {self.region or 'national'}"

    @property
    def remaining(self) -> int:
        return self.amount - self.drawn


class QuotaDraw(models.Model):
    """One place taken from an account for a holder (a permit, status or certificate):
    reserved until ``expires_at`` unless issued; released or expired places return to the
    account. ``idempotency_key`` makes a retried reservation return the first one."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("reserved")
        ISSUED = "issued", _("issued")
        RELEASED = "released", _("released")
        EXPIRED = "expired", _("expired")

    account = models.ForeignKey(QuotaAccount, on_delete=models.PROTECT, related_name="draws")
    holder_ref = models.CharField(_("holder"), max_length=100)
    idempotency_key = models.CharField(max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RESERVED)
    reserved_at = models.DateTimeField(_("reserved at"))
    expires_at = models.DateTimeField(_("expires at"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    actor_name = models.CharField(_("user"), max_length=150)

    class Meta:
        ordering = ["-reserved_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="quota_draw_expiry")]

    def __str__(self) -> str:
        return f"{self.account} {self.holder_ref} {self.status}"
