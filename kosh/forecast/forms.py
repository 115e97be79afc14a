"""The console's form to compute a forecast."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .runs import BASE_YEARS, MAX_TRAJECTORIES
from .scenarios import scenarios

#: Horizons offered: 5, 10, 25 years, or to 2050 (0 stands for "to 2050").
TO_2050 = 0


class ForecastForm(forms.Form):
    """Scenario, base year, horizon, trajectories and seed."""

    scenario = forms.ChoiceField(label=_("Scenario"))
    base_year = forms.TypedChoiceField(
        label=_("Base year (1 January)"), coerce=int, initial=BASE_YEARS[-1],
        choices=[(y, y) for y in reversed(BASE_YEARS)])
    horizon = forms.TypedChoiceField(
        label=_("Horizon"), coerce=int, initial=10,
        choices=[(5, _("5 years")), (10, _("10 years")), (25, _("25 years")),
                 (TO_2050, _("to 2050"))])
    trajectories = forms.IntegerField(label=_("Trajectories"), min_value=10,
                                      max_value=MAX_TRAJECTORIES, initial=200)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**62, initial=20260101)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "en")[:2]
        self.fields["scenario"].choices = [(code, s.label(language))
                                           for code, s in scenarios().items()]

    def years(self) -> int:
        """The horizon in years (to 2050 counted from the base year)."""
        horizon = self.cleaned_data["horizon"]
        return horizon or 2050 - self.cleaned_data["base_year"]
