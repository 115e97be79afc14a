"""Forms of the public verification page and of the revocation action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kosh.web.forms import date_field

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class VerifyForm(forms.Form):
    """Number and the holder's date of birth (or the QR code's token, carried hidden), and
    optionally the PDF the visitor holds."""

    number = forms.CharField(label=_("Document number"), max_length=30)
    birth_date = date_field(_("Holder's date of birth"), required=False)
    t = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    pdf = forms.FileField(label=_("The PDF you hold (optional)"), required=False,
                          help_text=_("To check that it is the issued file, unchanged."))

    def clean_pdf(self) -> bytes | None:
        file = self.cleaned_data.get("pdf")
        if not file:
            return None
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return file.read()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("t") and not data.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", _("Enter the holder's date of birth."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the revocation"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
