"""The what-if form: a parameter chosen by its name, a value typed in the reader's
language (see :mod:`kosh.whatif.numbers`), the day it applies from and the population."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kosh.rules.reforms import ParameterChange

from .hooks import WhatIfParameter
from .instruments import WHATIF_INSTRUMENTS, WHATIF_PARAMETERS
from .labels import number_label, value_label
from .numbers import NumberError, number_parse

POPULATIONS = (10_000, 100_000, 1_000_000)
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2035, 12, 31)  # days the rules and rates cover
YES = {"true", "yes", "да", "иә", "ия"}
NO = {"false", "no", "нет", "жоқ"}


def _parameter_choices() -> list:
    return [(spec.label, [(p.path, p.label) for p in spec.parameters])
            for spec in WHATIF_INSTRUMENTS.values()]


def _population_choices() -> list:
    return [(n, number_label(n)) for n in POPULATIONS]


def _yes_no(raw: str) -> bool:
    word = raw.strip().lower()
    if word in YES or word == str(_("yes")).lower():
        return True
    if word in NO or word == str(_("no")).lower():
        return False
    raise forms.ValidationError(_("This parameter is yes or no: enter yes or no."))


def _number(raw: str, parameter: WhatIfParameter) -> int | float:
    try:
        value = number_parse(raw, language=get_language() or "en")
    except NumberError as err:
        raise forms.ValidationError(err.message) from None
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    if parameter.whole and isinstance(number, float):
        raise forms.ValidationError(_("Enter a whole number."))
    if not parameter.allows(number):
        if parameter.high is None:
            raise forms.ValidationError(_("Enter at least %(low)s.")
                                        % {"low": value_label(parameter.low)})
        raise forms.ValidationError(_("Enter a value from %(low)s to %(high)s.") % {
            "low": value_label(parameter.low), "high": value_label(Decimal(parameter.high))})
    return number


class WhatIfForm(forms.Form):
    """One parameter change from a date, over one population size."""

    parameter = forms.ChoiceField(label=_("Parameter"), choices=_parameter_choices)
    value = forms.CharField(label=_("New value"), max_length=40,
                            help_text=_("A number such as 2 000 or 2000,50; yes or no."))
    start = forms.DateField(label=_("Applies from"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    on = forms.DateField(label=_("Assess applications of"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                         help_text=_("Empty: the day the change applies from."))
    population = forms.TypedChoiceField(label=_("Synthetic applicants"), coerce=int,
                                        initial=POPULATIONS[-1], choices=_population_choices)

    def clean(self) -> dict:
        data = super().clean()
        for name in ("start", "on"):
            day = data.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, _("Enter a day from %(first)s to %(last)s.") % {
                    "first": f"{FIRST_DAY:%d.%m.%Y}", "last": f"{LAST_DAY:%d.%m.%Y}"})
        parameter = WHATIF_PARAMETERS.get(data.get("parameter", ""))
        if parameter is not None and "value" in data:
            try:
                data["value"] = (_yes_no(data["value"]) if parameter.boolean
                                 else _number(data["value"], parameter))
            except forms.ValidationError as err:
                self.add_error("value", err)
        return data

    def changes(self) -> list[ParameterChange]:
        """The change the (valid) form describes."""
        data = self.cleaned_data
        return [ParameterChange(path=data["parameter"], value=data["value"],
                                start=data["start"])]

    def assessed_on(self) -> date:
        """The assessment day: the one given, else the day the change applies from."""
        return self.cleaned_data["on"] or self.cleaned_data["start"]
