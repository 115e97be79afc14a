"""The console's form to compute a year's cycle."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .snapshot import regions


class ComputeForm(forms.Form):
    """Year and optionally one region."""

    year = forms.IntegerField(label=_("Rating year"), min_value=2000, max_value=2100,
                              initial=2027)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("Whole country")), *sorted(regions().items(), key=lambda item: item[1])]
