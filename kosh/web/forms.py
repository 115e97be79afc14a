"""Console forms: they only parse and present; the services validate and decide.

Labels reuse the models' verbose names (the same msgids), so each term is translated once."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose, purposes_for
from kosh.geo import selectors as geo_selectors
from kosh.geo.models import District, Region
from kosh.identity.models import Address, Category, IdentityDocument, Person, Sex

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
BLANK = [("", "—")]


class FixedForm(forms.Form):
    """A form whose fields are declared on its class with fixed choices and initial values,
    and which no view changes per request. Unbound, it is the same HTML for every request
    in a language, so ``web/_form.html`` renders its fields once per language and server
    process (``{% form_grid %}``); bound (with a user's values and errors) it is rendered
    each time."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )


def purpose_choices(role: str | None) -> list[tuple[str, str]]:
    """The purposes the role may state (``kosh.access.roles.purposes_for``) as choices."""
    return [(p.value, p.label) for p in purposes_for(role)]


def purpose_field(initial: str) -> forms.ChoiceField:
    """The purpose of an officer's correction (officers' purposes only)."""
    return forms.ChoiceField(label=_("purpose"), choices=purpose_choices(None), initial=initial)


def purpose_of(params: Any, default: str = Purpose.CASE_PROCESSING) -> str:
    """The purpose named in a query string, or ``default`` when absent or unknown."""
    value = params.get("purpose", "")
    return value if value in Purpose.values else default


def country_choices() -> list[tuple[str, str]]:
    """Countries by their name in the active language."""
    countries = sorted(geo_selectors.country_list(), key=lambda c: c.name)
    return BLANK + [(c.alpha3, c.name) for c in countries]


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the refusal worded (and translated) by Kosh."""

    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": _("Wrong username or password. Letter case matters."),
    }


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off", "autofocus": True,
            "placeholder": _("IIN, name in any spelling, document number or dd.mm.yyyy"),
        }),
    )
    purpose = forms.ChoiceField(label=_("purpose"), choices=Purpose.choices, required=False)
    offset = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, role: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = purpose_choices(role)

    def clean_purpose(self) -> str:
        return self.cleaned_data["purpose"] or purposes_for(None)[0]


class SensitiveForm(forms.Form):
    """The purpose and the justification an officer states before seeing addresses over
    time and crossings (``person_sensitive_history`` checks both)."""

    purpose = forms.ChoiceField(label=_("purpose"))
    justification = forms.CharField(
        label=_("Justification"), max_length=250,
        help_text=_("Case number or the request you are answering, in a few words."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, role: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = BLANK + purpose_choices(role)


class PersonCreateForm(forms.Form):
    surname = forms.CharField(label=_("surname"), max_length=100)
    given_name = forms.CharField(label=_("given name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=12, required=False)
    birth_date = date_field(_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    citizenship = forms.ChoiceField(label=_("citizenship"), required=False)
    purpose = purpose_field(Purpose.CASE_PROCESSING)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = country_choices()


class PersonUpdateForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, required=False)
    birth_date = date_field(_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    purpose = purpose_field(Purpose.DATA_CORRECTION)

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> "PersonUpdateForm":
        return cls(data, initial={
            "iin": person.iin or "", "birth_date": person.birth_date, "sex": person.sex,
        })


class DocumentAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("document type"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(label=_("number"), max_length=30)
    issuing_country = forms.ChoiceField(label=_("issuing country"))
    issued_on = date_field(_("issued on"))
    expires_on = date_field(_("expires on"), required=False)
    issued_by = forms.CharField(label=_("issued by"), max_length=200, required=False)
    purpose = purpose_field(Purpose.DATA_CORRECTION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].choices = country_choices()


class DocumentUpdateForm(forms.Form):
    number = forms.CharField(label=_("number"), max_length=30)
    issued_on = date_field(_("issued on"))
    expires_on = date_field(_("expires on"), required=False)
    issued_by = forms.CharField(label=_("issued by"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("status"), choices=IdentityDocument.Status.choices)
    purpose = purpose_field(Purpose.DATA_CORRECTION)

    @classmethod
    def for_document(cls, document: IdentityDocument, data: Any = None) -> "DocumentUpdateForm":
        return cls(data, initial={
            f: getattr(document, f)
            for f in ("number", "issued_on", "expires_on", "issued_by", "status")
        })


class NameAddForm(forms.Form):
    surname = forms.CharField(label=_("surname"), max_length=100)
    given_name = forms.CharField(label=_("given name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    document = forms.ModelChoiceField(
        label=_("document"), queryset=IdentityDocument.objects.none(), required=False
    )
    is_primary = forms.BooleanField(label=_("primary"), required=False)
    purpose = purpose_field(Purpose.DATA_CORRECTION)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = person.documents.all()


class AddressAddForm(forms.Form):
    """Region → district → settlement; the lower lists follow the chosen parent."""

    kind = forms.ChoiceField(label=_("kind"), choices=Address.Kind.choices)
    country = forms.ChoiceField(label=_("country"), initial="KAZ")
    region = forms.ChoiceField(label=_("region"), required=False)
    district = forms.TypedChoiceField(
        label=_("district"), coerce=int, empty_value=None, required=False
    )
    settlement = forms.ChoiceField(label=_("settlement"), required=False)
    line = forms.CharField(label=_("street, house, flat"), max_length=300, required=False)
    valid_from = date_field(_("from"))
    purpose = purpose_field(Purpose.DATA_CORRECTION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        regions = geo_selectors.region_list()
        self.fields["region"].choices = BLANK + [(r.kato, r.name) for r in regions]
        self.fields["district"].choices = district_choices(self.data.get("region", ""))
        self.fields["settlement"].choices = settlement_choices(self.data.get("district", ""))
        self.fields["region"].widget.attrs.update({
            "hx-get": reverse("geo-districts"), "hx-target": "#id_district",
            "hx-trigger": "change",
        })
        self.fields["district"].widget.attrs.update({  # also when its own list was replaced
            "hx-get": reverse("geo-settlements"), "hx-target": "#id_settlement",
            "hx-trigger": "change, htmx:afterSwap",
        })


def address_arguments(data: dict[str, Any]) -> dict[str, Any]:
    """An address form's values under the names ``address_add`` takes."""
    data = dict(data)
    region, district, settlement = (data.pop(f) for f in ("region", "district", "settlement"))
    return data | {
        "region_id": region or None, "district_id": district, "settlement_id": settlement or None,
    }


def district_choices(region: str) -> list[tuple[Any, str]]:
    try:
        districts = geo_selectors.district_list(region_kato=region) if region else []
    except Region.DoesNotExist:
        districts = []
    return BLANK + [(d.pk, d.name) for d in districts]


def settlement_choices(district: str) -> list[tuple[str, str]]:
    if not str(district).isdigit():
        return BLANK
    try:
        settlements = geo_selectors.settlement_list(district_id=int(district))
    except District.DoesNotExist:
        return BLANK
    return BLANK + [(s.kato, s.name_ru) for s in settlements]


class CategoryAddForm(forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    valid_from = date_field(_("from"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    purpose = purpose_field(Purpose.DATA_CORRECTION)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=True
    )


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("person (IIN or name)"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    person_id = forms.IntegerField(
        label=_("person id"), required=False, min_value=1, widget=forms.HiddenInput
    )
    username = forms.CharField(label=_("user"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("action"), required=False, choices=BLANK + AuditEvent.Action.choices
    )
    reason = forms.ChoiceField(
        label=_("reason"), required=False, choices=BLANK + AuditEvent.Reason.choices
    )
    date_from = date_field(_("from"), required=False)
    date_to = date_field(_("until"), required=False)

    def filters(self) -> dict[str, Any]:
        """The selector's filters; empty when the form is invalid."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
