"""Who a user is to Kosh (role and scope), API tokens, and the audit log."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country, Region

from .roles import Role


class Profile(models.Model):
    """A user's role and scope. Akimat officers have a region, embassy officers a mission
    country; employers are linked through ``Employer.staff``, applicants through
    ``Person.account``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    mission_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("mission country"),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.AKIMAT_OFFICER) | models.Q(region__isnull=False),
                name="akimat_officer_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.EMBASSY_OFFICER)
                | models.Q(mission_country__isnull=False),
                name="embassy_officer_has_mission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw secret, which is shown once."""
        raw = "kosh_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(raw)), raw


class AuditEvent(models.Model):
    """One read or change of personal data. Append-only: rows are never updated or
    deleted (the model refuses, and on PostgreSQL a trigger refuses too)."""

    class Action(models.TextChoices):
        READ = "read", _("read")
        READ_SENSITIVE = "read_sensitive", _("read sensitive history")
        SEARCH = "search", _("search")
        CREATE = "create", _("create")
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")
        IMPORT = "import", _("import")
        DENIED = "denied", _("access denied")
        DOWNLOAD = "download", _("download")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(_("user"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10)  # console, api, cli
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("audit events are append-only")
