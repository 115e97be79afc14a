"""The frozen file of an issued document and its revocation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.cases.models import IssuedDocument
from kosh.identity.models import Person


class FrozenDocument(models.Model):
    """The PDF of an issued document as rendered and signed at issue. Every download serves
    these bytes; ``sha256`` is their hash, ``token_digest`` the SHA-256 of the verification
    token printed in the QR code (the token itself is not stored)."""

    issued = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT,
                                  related_name="frozen", primary_key=True)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    token_digest = models.CharField(max_length=64, unique=True)
    signer_fingerprint = models.CharField(_("signing certificate (SHA-256)"), max_length=64)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.issued_id} {self.sha256[:12]}"


class Revocation(models.Model):
    """Why, when and by whom an issued document was revoked."""

    issued = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT,
                                  related_name="revocation", primary_key=True)
    reason = models.TextField(_("reason"), max_length=1000)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, related_name="+", verbose_name=_("officer"))
    officer_name = models.CharField(_("officer"), max_length=150)
    at = models.DateTimeField(_("revoked at"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.issued_id} {self.at:%Y-%m-%d}"


class SubjectDocument(models.Model):
    """A document issued outside a case, about ``object_type``/``object_id`` of the issuing
    capability (an asylum application, a family…), held by ``holder``; frozen like an
    issued case document: the signed PDF, its SHA-256 and the digest of the QR token.
    Revocation is recorded on the row (``revoked_at``, reason, by whom)."""

    kind = models.CharField(_("kind"), max_length=40)
    number = models.CharField(_("number"), max_length=30, unique=True)
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    token_digest = models.CharField(max_length=64, unique=True)
    signer_fingerprint = models.CharField(_("signing certificate (SHA-256)"), max_length=64)
    issued_by_name = models.CharField(_("issued by"), max_length=150)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason"), blank=True)
    revoked_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"],
                                name="documents_subject_object")]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")),
                                   name="subject_document_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class DocumentSeries(models.Model):
    """The last number given in one series (a kind's prefix, a year)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"],
                                               name="documents_series_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
