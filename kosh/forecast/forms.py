"""The console's forms: compute a forecast, save an analyst's scenario."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .runs import BASE_YEARS, MAX_TRAJECTORIES
from .scenarios import LEVER_BOUNDS, builtin_scenarios, scenarios

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


#: The levers' labels in the scenario form.
LEVER_LABELS = {
    "fertility": _("Fertility (multiplier)"),
    "internal": _("Moves between regions (multiplier)"),
    "emigration": _("Emigration (multiplier)"),
    "immigration": _("Arrivals from abroad (multiplier)"),
    "resettlement": _("Resettlement to the north (multiple of the observed)"),
    "kandas": _("Kandas arrivals (multiple of the observed)"),
    "neo_nomad": _("Neo Nomad visa holders settling (multiple of yearly applicants)"),
}


class ScenarioForm(forms.Form):
    """An analyst's scenario: code, title, description and the seven levers, each within
    its bounds (the service checks them again)."""

    code = forms.RegexField(label=_("Code"), regex=r"^[a-z][a-z0-9_]{2,39}$", max_length=40,
                            help_text=_("3 to 40 lower-case Latin letters, digits or _; "
                                        "the same code again saves a new version."))
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        base = builtin_scenarios()["baseline"].levers
        for name, (low, high) in LEVER_BOUNDS.items():
            self.fields[name] = forms.FloatField(
                label=LEVER_LABELS[name], min_value=low, max_value=high, initial=base[name],
                help_text=_("from %(low)s to %(high)s") % {"low": low, "high": high})

    def levers(self) -> dict[str, float]:
        """The levers entered."""
        return {name: self.cleaned_data[name] for name in LEVER_BOUNDS}
