"""Forms of the pages about citizens working abroad; every rule is checked by the
services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.web.forms import date_field

from .statuses import ComplaintKind


def _abroad() -> list[tuple[str, str]]:
    return sorted(((c.pk, c.name) for c in Country.objects.exclude(pk="KAZ")),
                  key=lambda c: c[1])


class AgencyForm(forms.Form):
    bin_number = forms.CharField(label=_("BIN"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=300)


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("reasons"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class WorkForm(forms.Form):
    person = forms.IntegerField(label=_("person (registry number)"), min_value=1,
                                required=False, help_text=_("Leave empty for yourself."))
    country = forms.ChoiceField(label=_("country"), choices=())
    city = forms.CharField(label=_("city"), max_length=100)
    employer_name = forms.CharField(label=_("employer abroad"), max_length=300)
    contract_from = date_field(_("contract from"))
    contract_to = date_field(_("contract until"))
    agency = forms.IntegerField(label=_("agency (number on the register)"), min_value=1,
                                required=False)
    insurance_policy = forms.CharField(label=_("repatriation insurance policy"), max_length=50,
                                       required=False)
    insurer = forms.CharField(label=_("insurer"), max_length=200, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _abroad()


class ComplaintForm(forms.Form):
    country = forms.ChoiceField(label=_("country"), choices=())
    city = forms.CharField(label=_("city"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("what happened"), choices=ComplaintKind.choices)
    description = forms.CharField(label=_("describe it"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    relative_iin = forms.CharField(
        label=_("IIN of the citizen abroad"), max_length=12, required=False,
        help_text=_("Only when you file for a relative; leave empty for yourself."))
    relative_name = forms.CharField(label=_("your name (relative)"), max_length=200,
                                    required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _abroad()


class MoveForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("what was done"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    q = forms.CharField(label=_("agency name or BIN"), max_length=200)
