"""Repatriation insurance check for stays over 90 days: form, schema, criteria in words
and the confirmation. Concept Init 12, not yet enacted."""

from datetime import date
from typing import Any, Literal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import model_validator

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    ApplicationSchema,
    OptionalText,
    SaneDate,
    citizenship_of,
    date_field,
    day,
    form_data,
)
from kosh.instruments.pilot import PilotInstrument, pilot_label

DIRECTIONS = {
    "arrival_foreigner": _("I am a foreigner coming to Kazakhstan"),
    "departure_citizen": _("I am a citizen of Kazakhstan going abroad"),
}


class InsuranceApplication(ApplicationSchema):
    instrument: Literal["repatriation_insurance"] = "repatriation_insurance"
    travel_direction: Literal[tuple(DIRECTIONS)]
    stay_from: SaneDate
    stay_until: SaneDate
    insurance_policy_number: OptionalText = ""
    insurer_name: OptionalText = ""
    insurance_cover_from: SaneDate | None = None
    insurance_cover_until: SaneDate | None = None

    @model_validator(mode="after")
    def _stay(self) -> "InsuranceApplication":
        if self.stay_until < self.stay_from:
            raise ValueError("stay_until is before stay_from")
        return self


class InsuranceForm(forms.Form):
    travel_direction = forms.ChoiceField(label=_("Trip"), choices=list(DIRECTIONS.items()))
    stay_from = date_field(_("First day of the stay"))
    stay_until = date_field(_("Last day of the stay"))
    insurance_policy_number = forms.CharField(label=_("Policy number"), max_length=40,
                                              required=False)
    insurer_name = forms.CharField(label=_("Insurer"), max_length=100, required=False)
    insurance_cover_from = forms.DateField(label=_("Insurance: first day covered"),
                                           required=False, widget=date_field("").widget)
    insurance_cover_until = forms.DateField(label=_("Insurance: last day covered"),
                                            required=False, widget=date_field("").widget)

    def application_data(self) -> dict[str, Any]:
        return form_data(self)


def _direction_words(result: dict[str, Any]) -> str:
    v = result["values"]
    if result["passed"]:
        return gettext("A stay of %(n)s days, %(start)s to %(end)s.") % {
            "n": v.get("stay_days"), "start": day(v.get("stay_from")),
            "end": day(v.get("stay_until"))}
    return gettext("The check is for foreigners coming to Kazakhstan and citizens leaving it, "
                   "with a stay that ends after it starts.")


def _limit(result: dict[str, Any]) -> dict[str, Any]:
    return {"n": result["values"].get("stay_days"),
            "limit": result["parameters"].get(
                "repatriation_insurance.stay_days_without_insurance")}


def _policy_words(result: dict[str, Any]) -> str:
    if not result["values"].get("repatriation_insurance_required"):
        return gettext("A stay of %(n)s days needs no insurance (up to %(limit)s days).") % (
            _limit(result))
    if result["passed"]:
        return gettext("Policy %(number)s of %(insurer)s.") % {
            "number": result["values"].get("insurance_policy_number"),
            "insurer": result["values"].get("insurer_name")}
    return gettext("A stay of %(n)s days (over %(limit)s) needs a policy: give its number and "
                   "the insurer.") % _limit(result)


def _coverage_words(result: dict[str, Any]) -> str:
    v = result["values"]
    if not v.get("repatriation_insurance_required"):
        return gettext("No insurance needed.")
    if result["passed"]:
        return gettext("The policy covers the whole stay.")
    return gettext("The policy must cover %(start)s to %(end)s; it covers %(from)s to "
                   "%(until)s.") % {
        "start": day(v.get("stay_from")), "end": day(v.get("stay_until")),
        "from": day(v.get("insurance_cover_from")), "until": day(v.get("insurance_cover_until"))}


class RepatriationInsurance(PilotInstrument):
    code = "repatriation_insurance"
    label = pilot_label(_("Repatriation insurance check"))
    summary = _("Proposed by the Migration Policy Concept (Init 12), not enacted — no law "
                "requires this insurance: a pilot only. For stays over 90 days: citizens "
                "going abroad and foreigners coming to Kazakhstan show a policy covering "
                "return travel documents and fines.")
    document_title = _("Confirmation of the repatriation insurance check")
    number_prefix = "RI"
    deciding_roles = frozenset({Role.MIGRATION_OFFICER})
    # planning values: no law requires this insurance (proposed instrument, §10)
    required_documents = (DocumentKind.PASSPORT, DocumentKind.INSURANCE_POLICY)
    conditions = {
        "stay_only": _("Valid for the declared stay only; a longer stay needs a new check."),
    }
    form_class = InsuranceForm
    schema = InsuranceApplication
    criteria = (
        Criterion("repatriation_insurance_direction", _("Trip"), _direction_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("repatriation_insurance_policy", _("Insurance policy"), _policy_words,
                  Evidence.DOCUMENT, DocumentKind.INSURANCE_POLICY),
        Criterion("repatriation_insurance_coverage", _("Coverage of the stay"),
                  _coverage_words, Evidence.DOCUMENT, DocumentKind.INSURANCE_POLICY),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        inputs: dict[str, Any] = {
            "citizenship": citizenship_of(person),
            "travel_direction": data.get("travel_direction") or "",
            "insurance_policy_number": data.get("insurance_policy_number") or "",
            "insurer_name": data.get("insurer_name") or "",
        }
        for name in ("stay_from", "stay_until", "insurance_cover_from", "insurance_cover_until"):
            if data.get(name):
                inputs[name] = data[name]
        return inputs

    def valid_from(self, *, data: dict[str, Any], issue_date: date) -> date:
        return min(issue_date, date.fromisoformat(data["stay_from"]))

