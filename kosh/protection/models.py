"""Asylum applications, the certificates issued on them, and stateless persons.

Every row belongs to the asylum unit's files: reads go through ``selectors`` (which require
``manage_asylum``), writes through ``services`` (which audit them under object types
starting with ``protection``, kept off the person card of everyone else)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.identity.models import Person

from .statuses import (
    OPEN,
    AsylumStatus,
    CertificateKind,
    EndGround,
    RefusalGround,
    StatelessStatus,
)


class AsylumApplication(models.Model):
    """One application for refugee status, from registration to decision."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="asylum_applications")
    origin = models.ForeignKey(Country, on_delete=models.PROTECT,
                               verbose_name=_("country of origin"))
    arrival_date = models.DateField(_("arrival in Kazakhstan"))
    registered_on = models.DateField(_("registered on"))
    late = models.BooleanField(_("filed late"), default=False)
    late_reason = models.CharField(_("reason for late filing"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AsylumStatus.choices,
                              default=AsylumStatus.REGISTERED)
    interview_due = models.DateField(_("interview due"))
    decision_due = models.DateField(_("decision due"))
    extension_reason = models.TextField(_("reasons for the extension"), blank=True)
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    interview_note = models.TextField(_("interview record"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_ground = models.CharField(_("refusal ground"), max_length=20, blank=True,
                                      choices=RefusalGround.choices)
    refusal_reason = models.TextField(_("reasons"), blank=True)
    appeal_until = models.DateField(_("appeal until"), null=True, blank=True)
    residence_applied_on = models.DateField(_("residence permit applied for on"), null=True,
                                            blank=True)
    residence_decision_due = models.DateField(_("residence permit decision due"), null=True,
                                              blank=True)
    ended_on = models.DateField(_("refugee status ended on"), null=True, blank=True)
    end_ground = models.CharField(_("ground of the end"), max_length=20, blank=True,
                                  choices=EndGround.choices)
    end_reason = models.TextField(_("reasons for the end"), blank=True)
    before_kosh = models.BooleanField(
        _("decided before Kosh (no copy of the certificates held)"), default=False,
        db_default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status__in=sorted(OPEN)),
                                    name="asylum_one_open_application"),
            models.CheckConstraint(condition=Q(arrival_date__lte=models.F("registered_on")),
                                   name="asylum_arrival_before_registration"),
        ]

    def __str__(self) -> str:
        return f"ASY-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class StatelessRecord(models.Model):
    """A person identified as stateless: documented, and the residence permit applied for."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT,
                                  related_name="stateless_record")
    identified_on = models.DateField(_("identified on"))
    basis = models.CharField(_("how identified"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=StatelessStatus.choices,
                              default=StatelessStatus.IDENTIFIED)
    residence_applied_on = models.DateField(_("residence permit applied for on"), null=True,
                                            blank=True)
    residence_decision_due = models.DateField(_("residence permit decision due"), null=True,
                                              blank=True)
    ended_on = models.DateField(_("stateless status ended on"), null=True, blank=True)
    end_ground = models.CharField(_("ground of the end"), max_length=20, blank=True,
                                  choices=EndGround.choices)
    end_reason = models.TextField(_("reasons for the end"), blank=True)
    before_kosh = models.BooleanField(
        _("recorded before Kosh (no copy of the certificate held)"), default=False,
        db_default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"STL-{self.pk}"


class ProtectionCertificate(models.Model):
    """A certificate issued to an asylum seeker, a refugee or a stateless person, frozen at
    issue: ``content`` (what it certifies) and its SHA-256 never change; an extension is a
    new certificate that ``replaces`` the old one."""

    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="protection_certificates")
    application = models.ForeignKey(AsylumApplication, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="certificates")
    stateless = models.ForeignKey(StatelessRecord, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="certificates")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    content = models.JSONField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_by_name = models.CharField(_("issued by"), max_length=150)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")),
                                   name="protection_certificate_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: object, **kwargs: object) -> None:
        """Frozen: a certificate is written once."""
        if self.pk is not None:
            raise RuntimeError("a certificate is frozen at issue")
        super().save(*args, **kwargs)
