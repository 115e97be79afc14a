"""The frozen file of an issued document and its revocation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.cases.models import IssuedDocument


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
