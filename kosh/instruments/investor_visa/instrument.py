"""Investor visa (A6): form, schema, criteria in words and the visa."""

from typing import Any, Literal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence, Instrument
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    CURRENCY_CHOICES,
    ApplicationSchema,
    Money,
    OptionalText,
    SaneDate,
    Text,
    amount,
    citizenship_of,
    date_field,
    day,
    foreigner_words,
    form_data,
    money,
    number,
    verdict,
    yes,
)
from kosh.rules.rates import CURRENCY_CODES


class InvestorApplication(ApplicationSchema):
    instrument: Literal["investor_visa"] = "investor_visa"
    investment_amount: Money
    investment_currency: Literal[CURRENCY_CODES]
    investment_date: SaneDate
    investment_in_kazakhstan: bool
    recipient_name: Text
    recipient_bin: OptionalText = ""


class InvestorForm(forms.Form):
    investment_amount = forms.DecimalField(label=_("Amount invested at once"), min_value=0,
                                           max_digits=14, decimal_places=2)
    investment_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES,
                                            initial="USD")
    investment_date = date_field(_("Day of the investment"))
    recipient_name = forms.CharField(label=_("Company or securities invested in"),
                                     max_length=200)
    recipient_bin = forms.CharField(label=_("BIN of the company (if any)"), max_length=12,
                                    required=False)
    investment_in_kazakhstan = yes(_("The money went into the economy of Kazakhstan"),
                                   _("Capital of a Kazakh company or Kazakh securities."))

    def application_data(self) -> dict[str, Any]:
        return form_data(self)


def _amount_words(result: dict[str, Any]) -> str:
    v, p = result["values"], result["parameters"]
    limit = money(p["investor_visa.min_investment_usd"])
    amount = money(number(v.get("investment_usd")))
    converted = ""
    if v.get("investment_currency") not in (None, "USD"):
        converted = gettext(" (%(original)s at the rate of %(day)s)") % {
            "original": money(number(v.get("investment_amount")), v["investment_currency"]),
            "day": day(v.get("investment_date"))}
    if result["passed"]:
        return gettext("The investment of %(amount)s%(converted)s reaches %(limit)s.") % {
            "amount": amount, "converted": converted, "limit": limit}
    if p.get("investor_visa.investment_threshold_inclusive"):
        template = gettext("The investment of %(amount)s%(converted)s is below %(limit)s.")
    else:
        template = gettext("The investment of %(amount)s%(converted)s does not exceed "
                           "%(limit)s.")
    return template % {"amount": amount, "converted": converted, "limit": limit}


def _recent_words(result: dict[str, Any]) -> str:
    months = result["parameters"].get("investor_visa.investment_max_age_months", 0)
    made = day(result["values"].get("investment_date"))
    if result["passed"]:
        return gettext("The investment was made on %(day)s.") % {"day": made}
    if months:
        return gettext("The investment (%(day)s) must be made within the last %(n)s months, "
                       "and not in the future.") % {"day": made, "n": months}
    return gettext("The day of the investment (%(day)s) is in the future.") % {"day": made}


def _in_kazakhstan_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("The investment went into the economy of Kazakhstan."),
                   gettext("Only an investment in the economy of Kazakhstan qualifies."))


class InvestorVisa(Instrument):
    code = "investor_visa"
    label = _("Investor visa")
    summary = _("For foreigners who invested at once in the economy of Kazakhstan: a "
                "multiple-entry visa for up to ten years with the right to a residence "
                "permit.")
    document_title = _("Investor visa (category A6)")
    number_prefix = "A6"
    deciding_roles = frozenset({Role.EMBASSY_OFFICER, Role.MIGRATION_OFFICER})
    # the visa is issued at a mission on invitation (shanyraq.legal): no document follows
    required_documents = (DocumentKind.PASSPORT, DocumentKind.INVESTMENT_PROOF)
    conditions = {
        "multiple_entry": _("Multiple entry."),
        "residence_permit": _("The holder may obtain a residence permit, register a business, "
                              "own property and make financial operations."),
        "family_no_work": _("Family members get a visa for the same term without the right "
                            "to work."),
    }
    form_class = InvestorForm
    schema = InvestorApplication
    criteria = (
        Criterion("investor_visa_citizenship", _("Foreigner"), foreigner_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("investor_visa_amount", _("Amount invested"), _amount_words,
                  Evidence.DOCUMENT, DocumentKind.INVESTMENT_PROOF),
        Criterion("investor_visa_recent", _("Day of the investment"), _recent_words,
                  Evidence.DOCUMENT, DocumentKind.INVESTMENT_PROOF),
        Criterion("investor_visa_in_kazakhstan", _("Invested in Kazakhstan"),
                  _in_kazakhstan_words, Evidence.DOCUMENT, DocumentKind.INVESTMENT_PROOF),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        inputs: dict[str, Any] = {
            "citizenship": citizenship_of(person),
            "investment_amount": amount(data.get("investment_amount")),
            "investment_in_kazakhstan": bool(data.get("investment_in_kazakhstan")),
        }
        for name in ("investment_currency", "investment_date"):
            if data.get(name):
                inputs[name] = data[name]
        return inputs

