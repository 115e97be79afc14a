"""Console and portal forms of the case engine (the instruments' own forms are in
``kosh.instruments``)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from kosh.web.forms import FixedForm

from .deadlines import Sla
from .registry import INSTRUMENTS, Instrument
from .statuses import CaseStatus, DocumentKind, Outcome, RefusalReason


def _instrument_choices() -> list[tuple[str, str]]:
    return [("", _("all instruments"))] + [(c, s.label) for c, s in INSTRUMENTS.items()]


def submission_key() -> str:
    """A fresh Idempotency-Key for a portal form: resubmitting the same page → one case."""
    return uuid.uuid4().hex


class UploadsForm(forms.Form):
    """One file per document type the instrument asks for (required ones are checked by
    the submission; the others apply to some applicants only), and the form's key."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, spec: Instrument, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in spec.document_kinds():
            self.fields[f"file_{kind}"] = forms.FileField(
                label=DocumentKind(kind).label, required=False,
                help_text=_("PDF, PNG or JPEG, up to 10 MB.") if kind in spec.required_documents
                else _("If it applies to you. PDF, PNG or JPEG, up to 10 MB."),
            )
            if kind in spec.documents_may_follow:
                self.fields[f"follow_{kind}"] = forms.BooleanField(
                    label=_("I will send the %(document)s later")
                    % {"document": DocumentKind(kind).label}, required=False,
                )

    def documents_follow(self) -> tuple[str, ...]:
        """Kinds the applicant declared would follow (ticked and not attached now)."""
        return tuple(
            name.removeprefix("follow_") for name in self.fields
            if name.startswith("follow_") and self.data.get(name) in ("on", "true", "1")
            and not self.files.get("file_" + name.removeprefix("follow_"))
        )

    def attached(self) -> set[str]:
        """Kinds of the files chosen in the form."""
        return {name.removeprefix("file_") for name, file in self.files.items()
                if name.startswith("file_") and file}


class UploadForm(FixedForm):
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG, up to 10 MB."))


class ConfirmForm(forms.Form):
    """An officer confirms a document criterion on one attached file."""

    criterion = forms.CharField(widget=forms.HiddenInput, max_length=80)
    file = forms.IntegerField(label=_("Checked on"), min_value=1)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ResolveForm(forms.Form):
    """An officer records how a contradiction with the registry was resolved."""

    criterion = forms.CharField(widget=forms.HiddenInput, max_length=80)
    explanation = forms.CharField(
        label=_("How it was resolved"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you checked and why the application stands (or not)."))


class DocumentRequestForm(FixedForm):
    kinds = forms.MultipleChoiceField(label=_("Documents to ask for"),
                                      choices=DocumentKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(label=_("Message to the applicant"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(FixedForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    reason_code = forms.ChoiceField(label=_("Reason for a refusal"), required=False,
                                    choices=[("", "—"), *RefusalReason.choices])
    reason = forms.CharField(label=_("Explanation"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    internal = forms.BooleanField(label=_("Internal note (the applicant does not see it)"),
                                  required=False)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all statuses")), *CaseStatus.choices])
    instrument = forms.ChoiceField(label=_("Instrument"), required=False,
                                   choices=_instrument_choices)
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=[
        ("", _("anyone")), ("me", _("to me")), ("none", _("to nobody"))])
    sla = forms.ChoiceField(label=_("Deadline"), required=False, choices=[
        ("", _("any")), (Sla.DUE_SOON, Sla.DUE_SOON.label), (Sla.OVERDUE, Sla.OVERDUE.label)])

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class RegisterForm(forms.Form):
    """The first step of registering a paper application: for whom, what, received when."""

    instrument = forms.ChoiceField(label=_("Instrument"),
                                   choices=lambda: [(c, s.label) for c, s in INSTRUMENTS.items()])
    person = forms.CharField(label=_("Applicant: IIN or person number"), max_length=20,
                             help_text=_("As on the person's card in the registry."))
    received_on = forms.DateField(
        label=_("Received on"), help_text=_("The day the paper application was received."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
