"""Forms of the asylum unit's pages; every rule is checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.web.forms import date_field

from .statuses import STATELESS_END_GROUNDS, WITHDRAWAL_GROUNDS, EndGround, RefusalGround


def _countries() -> list[tuple[str, str]]:
    return sorted(((c.pk, c.name) for c in Country.objects.all()), key=lambda c: c[1])


class RegisterForm(forms.Form):
    person = forms.IntegerField(label=_("person (registry number)"), min_value=1)
    origin = forms.ChoiceField(label=_("country of origin"), choices=())
    arrival_date = date_field(_("arrival in Kazakhstan"))
    registered_on = date_field(_("registered on"), required=False)
    late_reason = forms.CharField(label=_("reason for late filing"), max_length=500,
                                  required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = _countries()


class InterviewForm(forms.Form):
    on = date_field(_("interviewed on"))
    note = forms.CharField(label=_("interview record"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)


class ExtensionForm(forms.Form):
    until = date_field(_("new decision term"))
    reasons = forms.CharField(label=_("reasons for the extension"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("decision"), widget=forms.RadioSelect, choices=[
        ("recognise", _("grant refugee status")), ("refuse", _("refuse"))])
    ground = forms.ChoiceField(label=_("refusal ground"), required=False,
                               choices=[("", "—"), *RefusalGround.choices])
    reasons = forms.CharField(label=_("reasons"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class StatelessForm(forms.Form):
    person = forms.IntegerField(label=_("person (registry number)"), min_value=1)
    basis = forms.CharField(label=_("how identified"), max_length=500)


REFUGEE_END_GROUNDS = [(g, label) for g, label in EndGround.choices
                       if g != EndGround.CITIZEN_CONFIRMED]


class EndForm(forms.Form):
    """End a refugee's status (ceased, or withdrawn on a withdrawal ground) or a stateless
    person's status."""

    ground = forms.ChoiceField(label=_("ground of the end"), choices=())
    reasons = forms.CharField(label=_("reasons for the end"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field(_("ended on"), required=False)

    def __init__(self, *args: object, stateless: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "—"), *(
            [(g, label) for g, label in EndGround.choices if g in STATELESS_END_GROUNDS]
            if stateless else REFUGEE_END_GROUNDS)]
        if not stateless:
            self.fields["ground"].help_text = _(
                "Withdrawn on: %(grounds)s; ceased on the others.") % {"grounds": ", ".join(
                    str(EndGround(g).label) for g in sorted(WITHDRAWAL_GROUNDS))}
