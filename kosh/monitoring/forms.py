"""Forms of the monitoring console: the flows filter, a progress report, an external
indicator value, the quarterly report's period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Progress
from .pipelines import AGE_GROUPS


class FlowsForm(forms.Form):
    """Filters of the origin–destination matrix."""

    level = forms.ChoiceField(label=_("level"), choices=[
        ("region", _("regions")), ("district", _("districts"))], initial="region")
    period = forms.ChoiceField(label=_("period"), choices=[
        ("year", _("year")), ("month", _("month"))], initial="year")
    year = forms.IntegerField(label=_("year"), min_value=2019, max_value=2027)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12, required=False,
                               help_text=_("when the period is a month"))
    start = forms.DateField(label=_("from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("until"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(label=_("category"), required=False, choices=[
        ("", _("all")), ("internal", _("internal moves")),
        ("resettlement", _("resettlement"))])
    age_group = forms.ChoiceField(label=_("age group"), required=False,
                                  choices=[("", _("all")), *[(g, g) for g in AGE_GROUPS]])
    sex = forms.ChoiceField(label=_("sex"), required=False, choices=[
        ("", _("all")), ("F", _("women")), ("M", _("men"))])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("period") == "month" and not data.get("month"):
            self.add_error("month", _("Choose the month."))
        return data


class ReportForm(forms.Form):
    """A responsible body's progress report on a measure."""

    year = forms.IntegerField(label=_("year"), min_value=2023, max_value=2027)
    quarter = forms.TypedChoiceField(label=_("quarter"), coerce=int,
                                     choices=[(q, f"Q{q}") for q in range(1, 5)])
    body = forms.ChoiceField(label=_("responsible body"))
    status = forms.ChoiceField(label=_("progress"), choices=Progress.choices)
    percent = forms.IntegerField(label=_("per cent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)
    evidence = forms.CharField(label=_("evidence"), max_length=500, help_text=_(
        "The outgoing letter, order or publication (number, date or address)."))
    evidence_file = forms.FileField(label=_("evidence file"), required=False)

    def __init__(self, *args, bodies: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies


class ValueForm(forms.Form):
    """An external indicator's value for a year, with its source."""

    year = forms.IntegerField(label=_("year"), min_value=2019, max_value=2027)
    value = forms.FloatField(label=_("value"))
    source = forms.CharField(label=_("source"), max_length=500)


class QuarterForm(forms.Form):
    """The quarter of the action plan report."""

    year = forms.IntegerField(label=_("year"), min_value=2023, max_value=2027)
    quarter = forms.TypedChoiceField(label=_("quarter"), coerce=int,
                                     choices=[(q, f"Q{q}") for q in range(1, 5)])
