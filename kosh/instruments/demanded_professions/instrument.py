"""Visa for professions in demand (B9): form, schema, criteria in words and the visa.

The professions offered are those of the year's approved demanded-professions list
(``kosh.ratings``) once one is approved, the maintained list (a rules parameter) before."""

from typing import Any, Literal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence, Instrument
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    ApplicationSchema,
    citizenship_of,
    foreigner_words,
    form_data,
    verdict,
    yes,
)
from kosh.rules.system import parameter_value

PROFESSIONS = {
    "neurosurgeon": _("neurosurgeon"),
    "haematologist": _("haematologist"),
    "oncologist": _("oncologist"),
    "neonatologist": _("neonatologist"),
    "endocrinologist": _("endocrinologist"),
    "it_infrastructure_architect": _("IT infrastructure architect"),
    "software_architect": _("software architect"),
    "aviation_engineer": _("aviation engineer"),
    "laser_engineer": _("laser engineer"),
    "space_systems_engineer": _("space systems engineer"),
    "bacteriologist": _("bacteriologist"),
    "medical_physicist": _("medical physicist"),
    "other": _("another profession"),
}
ProfessionValue = Literal[tuple(PROFESSIONS)]


def profession_choices() -> list[tuple[str, Any]]:
    """The professions listed today (on this year's approved demanded-professions list
    when there is one, else the dated parameter), then 'another profession'."""
    from kosh.ratings.selectors import demanded_lists_approved  # models: after apps load

    today = timezone.localdate()
    listed = (demanded_lists_approved().get(today.year)
              or parameter_value("demanded_professions.professions", today))
    return [(p, PROFESSIONS.get(p, p)) for p in listed] + [("other", PROFESSIONS["other"])]


def profession_label(code: str | None) -> str:
    return str(PROFESSIONS.get(code or "", code or "—"))


class DemandedProfessionApplication(ApplicationSchema):
    instrument: Literal["demanded_professions"] = "demanded_professions"
    profession: ProfessionValue
    diploma_matches_profession: bool


class DemandedProfessionForm(forms.Form):
    profession = forms.ChoiceField(label=_("Profession"), choices=profession_choices)
    diploma_matches_profession = yes(_("My diploma confirms this profession"))

    def application_data(self) -> dict[str, Any]:
        return form_data(self)


def _listed_words(result: dict[str, Any]) -> str:
    name = profession_label(result["values"].get("profession")).capitalize()
    if result["passed"]:
        return gettext("%(profession)s is on the list of professions in demand.") % {
            "profession": name}
    return gettext("%(profession)s is not on Kosh's list of professions in demand, which "
                   "holds 12 of the 21 professions of the order of 20.02.2023 (the other 9 "
                   "were not found): check the order before refusing.") % {"profession": name}


def _diploma_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("A diploma confirms the profession."),
                   gettext("A diploma confirming the profession is required."))


class DemandedProfessions(Instrument):
    code = "demanded_professions"
    label = _("Visa for professions in demand")
    summary = _("For specialists of a profession on the list of professions in demand: a "
                "visa to come and apply for permanent residence without proof of "
                "solvency.")
    document_title = _("Visa for professions in demand (category B9)")
    number_prefix = "B9"
    deciding_roles = frozenset({Role.EMBASSY_OFFICER, Role.MIGRATION_OFFICER})
    # "application + copy of diploma matching the in-demand list" (KPMG legal alert 2024-12)
    required_documents = (DocumentKind.PASSPORT, DocumentKind.DIPLOMA)
    conditions = {
        "permanent_residence": _("The holder may apply for a permanent residence permit "
                                 "without proof of financial solvency."),
    }
    form_class = DemandedProfessionForm
    schema = DemandedProfessionApplication
    criteria = (
        Criterion("demanded_professions_citizenship", _("Foreigner"), foreigner_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("demanded_professions_listed", _("Profession in demand"), _listed_words,
                  Evidence.DOCUMENT, DocumentKind.DIPLOMA),
        Criterion("demanded_professions_diploma", _("Diploma"), _diploma_words,
                  Evidence.DOCUMENT, DocumentKind.DIPLOMA),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        """The application's values, and for every year with an approved
        demanded-professions list whether the profession is on it: the rules use the list
        of the assessment day's year when there is one, the dated parameter otherwise."""
        from kosh.ratings.selectors import demanded_lists_approved  # models: after apps load

        profession = data.get("profession") or ""
        inputs: dict[str, Any] = {
            "citizenship": citizenship_of(person),
            "profession": profession,
            "diploma_matches_profession": bool(data.get("diploma_matches_profession")),
        }
        approved = demanded_lists_approved()
        if approved:
            inputs["approved_list_exists"] = {str(year): True for year in approved}
            inputs["profession_on_approved_list"] = {
                str(year): profession in codes for year, codes in approved.items()}
        return inputs

