"""Neo Nomad Visa (B12-1): form, schema, criteria in words and the visa."""

from datetime import date
from typing import Any, Literal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openfisca_core.periods import MONTH, period
from pydantic import Field, model_validator

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence, Instrument
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    CURRENCY_CHOICES,
    ApplicationSchema,
    CountryCode,
    Money,
    SaneDate,
    Text,
    YearMonth,
    amount,
    citizenship_of,
    country,
    country_choices,
    criminal_record_words,
    date_field,
    day,
    form_data,
    money,
    month_name,
    number,
    verdict,
    yes,
)
from kosh.rules.rates import CURRENCY_CODES
from kosh.rules.system import parameter_value

from .variables import WorkArrangement

WORK_CHOICES = [
    ("foreign_employer", _("Employment contract with a company registered abroad")),
    ("own_foreign_company", _("I own a company registered abroad")),
    ("freelance_foreign_clients", _("Freelancer working mostly for clients abroad")),
    ("local_employer", _("Employed by a company in Kazakhstan")),
    ("other", _("Other")),
]
MONTH_PREFIX = "income_in_"  # form fields income_in_2026-10, …
WorkValue = Literal[tuple(m.name for m in WorkArrangement)]
CurrencyValue = Literal[CURRENCY_CODES]


class NeoNomadApplication(ApplicationSchema):
    instrument: Literal["neo_nomad"] = "neo_nomad"
    work_arrangement: WorkValue
    employer_name: Text
    employer_country: CountryCode
    income_currency: CurrencyValue
    monthly_income: dict[YearMonth, Money] = Field(min_length=1, max_length=24)
    has_local_employment: bool
    intended_entry_date: SaneDate
    medical_insurance_from: SaneDate
    medical_insurance_until: SaneDate
    criminal_record_clear: bool
    tax_return_provided: bool = False
    has_invitation: bool = False

    @model_validator(mode="after")
    def _insurance_period(self) -> "NeoNomadApplication":
        if self.medical_insurance_until < self.medical_insurance_from:
            raise ValueError("medical_insurance_until is before medical_insurance_from")
        return self


def income_months(today: date) -> list[str]:
    """The complete months whose income the rules in force today check, oldest first."""
    count = parameter_value("neo_nomad.income_months", today)
    first = period(f"{today:%Y-%m}")
    return [str(first.offset(-k, MONTH)) for k in range(count, 0, -1)]


class NeoNomadForm(forms.Form):
    work_arrangement = forms.ChoiceField(label=_("How you work"), choices=WORK_CHOICES)
    employer_name = forms.CharField(label=_("Employer or own company"), max_length=200)
    employer_country = forms.ChoiceField(label=_("Country where it is registered"),
                                         choices=country_choices)
    income_currency = forms.ChoiceField(label=_("Currency of your income"),
                                        choices=CURRENCY_CHOICES, initial="USD")
    has_local_employment = yes(_("I work or will work for a company in Kazakhstan"))
    intended_entry_date = date_field(_("Day you plan to enter Kazakhstan"))
    medical_insurance_from = date_field(_("Medical insurance: first day covered"))
    medical_insurance_until = date_field(_("Medical insurance: last day covered"))
    criminal_record_clear = yes(_("I have a certificate of no criminal record"))
    tax_return_provided = yes(_("I have a tax return from the country of my citizenship"),
                              _("Issued by the competent authority of that country."))
    has_invitation = yes(_("I have an invitation from a Kazakh tour operator"),
                         _("Not needed for citizens of the countries of Appendix 6."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for month in income_months(timezone.localdate()):
            self.fields[MONTH_PREFIX + month] = forms.DecimalField(
                label=gettext("Income in %(month)s") % {"month": month_name(month)},
                min_value=0, max_digits=14, decimal_places=2,
            )

    def application_data(self) -> dict[str, Any]:
        data = form_data(self)
        data["monthly_income"] = {
            name.removeprefix(MONTH_PREFIX): data.pop(name)
            for name in list(data) if name.startswith(MONTH_PREFIX)
        }
        return data


def _citizenship_words(result: dict[str, Any]) -> str:
    code = result["values"].get("citizenship", "")
    name = country(code)
    if result["passed"]:
        return gettext("Citizens of %(country)s may get the visa.") % {"country": name}
    if code == "KAZ":
        return gettext("Citizens of Kazakhstan do not need a visa.")
    if not code:
        return gettext("The visa is for citizens of a foreign state.")
    return gettext("Citizens of %(country)s cannot get this visa: they enter Kazakhstan "
                   "without a visa.") % {"country": name}


def _work_words(result: dict[str, Any]) -> str:
    if result["passed"]:
        return gettext("The income comes from a company or clients abroad (%(country)s).") % {
            "country": country(result["values"].get("employer_country"))}
    if result["values"].get("employer_country") == "KAZ":
        return gettext("The employer or own company must be registered outside Kazakhstan.")
    return gettext("Only work for a company abroad, an own company abroad or freelance work "
                   "for clients abroad qualifies.")


def _income_words(result: dict[str, Any]) -> str:
    params = result["parameters"]
    threshold = params["neo_nomad.min_monthly_income_usd"]
    months = params["neo_nomad.income_months"]
    inclusive = params["neo_nomad.income_threshold_inclusive"]
    series = result["values"].get("monthly_income_usd", {})
    covered = result["values"].get("statement_covers_month", {})
    if not isinstance(series, dict) or not isinstance(covered, dict):
        series, covered = {}, {}
    # a month the statements do not cover is the statement period's criterion
    series = {month: value for month, value in series.items() if covered.get(month, True)}
    lead = gettext("Monthly income over the last %(n)s months") % {"n": months}
    for month in sorted(series):
        value = number(series[month])
        if value <= 0:
            return gettext("%(lead)s: no income declared for %(month)s.") % {
                "lead": lead, "month": month_name(month)}
        if value < threshold or (value == threshold and not inclusive):
            template = (gettext("%(lead)s: %(amount)s in %(month)s is below %(limit)s.")
                        if value < threshold else
                        gettext("%(lead)s: %(amount)s in %(month)s does not exceed %(limit)s."))
            return template % {"lead": lead, "amount": money(value),
                               "month": month_name(month), "limit": money(threshold)}
    lowest = min((number(v) for v in series.values()), default=0.0)
    return gettext("%(lead)s: at least %(amount)s every month (threshold %(limit)s).") % {
        "lead": lead, "amount": money(lowest), "limit": money(threshold)}


def _statement_words(result: dict[str, Any]) -> str:
    months = result["parameters"].get("neo_nomad.income_months", 6)
    covered = result["values"].get("statement_covers_month", {})
    if not isinstance(covered, dict):
        covered = {}
    if result["passed"]:
        return gettext("The bank statements cover each of the last %(n)s full months.") % {
            "n": months}
    missing = [month_name(m) for m in sorted(covered) if not covered[m]]
    return gettext("The bank statements must cover each of the last %(n)s full months; "
                   "not covered: %(missing)s.") % {"n": months, "missing": ", ".join(missing)}


def _tax_return_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("A tax return from the country of citizenship is "
                                   "provided."),
                   gettext("A tax return issued by the competent authority of the country "
                           "of citizenship is required."))


def _local_work_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("No work for companies in Kazakhstan is declared."),
                   gettext("Holders may not work for companies in Kazakhstan; such work is "
                           "declared."))


def _insurance_words(result: dict[str, Any]) -> str:
    v = result["values"]
    start = day(v.get("intended_entry_date"))
    # the visa's last day is derived from the entry date: unknown while that is unset
    needed = {"start": start, "end": day(v.get("neo_nomad_valid_until")) if start != "—"
              else "—"}
    if result["passed"]:
        return gettext("The medical insurance covers the whole visa period, %(start)s to "
                       "%(end)s.") % needed
    return gettext("The medical insurance must cover %(start)s to %(end)s; it covers "
                   "%(from)s to %(until)s.") % {
        **needed, "from": day(v.get("medical_insurance_from")),
        "until": day(v.get("medical_insurance_until"))}


def _invitation_needed(result: dict[str, Any]) -> bool:
    """Citizens of the countries of Appendix 6 need no invitation, so nothing to confirm."""
    return not result["values"].get("neo_nomad_invitation_exempt")


def _invitation_words(result: dict[str, Any]) -> str:
    v = result["values"]
    name = country(v.get("citizenship"))
    if v.get("neo_nomad_invitation_exempt"):
        return gettext("Citizens of %(country)s need no invitation.") % {"country": name}
    if result["passed"]:
        return gettext("An invitation from a Kazakh tour operator is provided.")
    return gettext("Citizens of %(country)s need an invitation from a Kazakh tour operator. "
                   "Kosh's list of exempt countries holds 34 of the 48 of Appendix 6 (the "
                   "official list was not found): check Appendix 6 before refusing.") % {
        "country": name}


def _no_visa_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("No valid Neo Nomad Visa is held."),
                   gettext("A valid Neo Nomad Visa is already held; ask for an extension "
                           "instead."))


class NeoNomad(Instrument):
    code = "neo_nomad"
    label = _("Neo Nomad Visa")
    summary = _("For remote workers with a steady income from abroad: a multiple-entry "
                "visa for one year.")
    document_title = _("Neo Nomad Visa (category B12-1)")
    number_prefix = "B121"
    deciding_roles = frozenset({Role.EMBASSY_OFFICER, Role.MIGRATION_OFFICER})
    # the documents of the Visa Rules as amended 31.10.2024 (KPMG legal alert 2024-12;
    # MoTS): none may follow — the visa is issued at a mission on the complete file
    required_documents = (DocumentKind.PASSPORT, DocumentKind.BANK_STATEMENT,
                          DocumentKind.EMPLOYMENT_CONTRACT, DocumentKind.CRIMINAL_RECORD,
                          DocumentKind.MEDICAL_INSURANCE, DocumentKind.TAX_RETURN)
    conditions = {
        "multiple_entry": _("Multiple entry."),
        "no_local_employment": _("No employment with companies in Kazakhstan, for the holder "
                                 "and accompanying family members."),
        "extension": _("May be extended by the migration service on application before "
                       "it expires."),
    }
    form_class = NeoNomadForm
    data_labels = {"monthly_income": _("Monthly income")}
    schema = NeoNomadApplication
    criteria = (
        Criterion("neo_nomad_citizenship", _("Citizenship"), _citizenship_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("neo_nomad_foreign_work", _("Work for a company or clients abroad"),
                  _work_words, Evidence.DOCUMENT, DocumentKind.EMPLOYMENT_CONTRACT),
        Criterion("neo_nomad_statement_period", _("Statement period"), _statement_words,
                  Evidence.DOCUMENT, DocumentKind.BANK_STATEMENT),
        Criterion("neo_nomad_income", _("Monthly income"), _income_words,
                  Evidence.DOCUMENT, DocumentKind.BANK_STATEMENT),
        Criterion("neo_nomad_no_local_work", _("No local employment"), _local_work_words,
                  Evidence.REGISTRY, registry_check="no_local_employment"),
        Criterion("neo_nomad_medical_insurance", _("Medical insurance"), _insurance_words,
                  Evidence.DOCUMENT, DocumentKind.MEDICAL_INSURANCE),
        Criterion("neo_nomad_criminal_record", _("No criminal record"),
                  criminal_record_words, Evidence.DOCUMENT, DocumentKind.CRIMINAL_RECORD),
        Criterion("neo_nomad_tax_return", _("Tax return"), _tax_return_words,
                  Evidence.DOCUMENT, DocumentKind.TAX_RETURN),
        Criterion("neo_nomad_invitation", _("Invitation"), _invitation_words,
                  Evidence.DOCUMENT, DocumentKind.INVITATION,
                  needs_document=_invitation_needed),
        Criterion("neo_nomad_no_valid_visa", _("No valid Neo Nomad Visa"), _no_visa_words,
                  Evidence.REGISTRY, registry_check="no_valid_document"),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        income = data.get("monthly_income") or {}
        inputs: dict[str, Any] = {
            "citizenship": citizenship_of(person),
            # amounts as given: the rules refuse what is not a finite amount ≥ 0
            "monthly_income": {month: amount(value) for month, value in income.items()},
            "statement_covers_month": dict.fromkeys(income, True),
        }
        for name in ("work_arrangement", "employer_country", "income_currency",
                     "intended_entry_date", "medical_insurance_from",
                     "medical_insurance_until"):
            if data.get(name):
                inputs[name] = data[name]
        for name in ("has_local_employment", "criminal_record_clear", "tax_return_provided",
                     "has_invitation", "holds_valid_document"):
            inputs[name] = bool(data.get(name))
        return inputs

    def valid_from(self, *, data: dict[str, Any], issue_date: date) -> date:
        return date.fromisoformat(data["intended_entry_date"])

