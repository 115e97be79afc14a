"""10-year visa for ethnic Kazakhs with valuable skills: form, schema, criteria in words
and the visa. Concept action plan item 15, not yet enacted."""

from typing import Any, Literal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    NATIONALITY_LABEL,
    ApplicationSchema,
    citizenship_of,
    foreigner_words,
    form_data,
    nationality_words,
    verdict,
    yes,
)
from kosh.instruments.pilot import PilotInstrument, pilot_label

FIELDS = {
    "science": _("science"), "education": _("education"), "industry": _("industry"),
    "it": _("information technology"), "sport": _("sport"), "culture": _("culture"),
    "other": _("other"),
}


class EthnicKazakhSkillsApplication(ApplicationSchema):
    instrument: Literal["ethnic_kazakh_skills"] = "ethnic_kazakh_skills"
    is_ethnic_kazakh: bool
    skill_field: Literal[tuple(FIELDS)]
    has_skill_evidence: bool


class EthnicKazakhSkillsForm(forms.Form):
    is_ethnic_kazakh = yes(_("I am of Kazakh nationality (I can prove it)"))
    skill_field = forms.ChoiceField(label=_("Field of your skills"), choices=list(FIELDS.items()))
    has_skill_evidence = yes(_("I have diplomas, awards or work records proving my skills"))

    def application_data(self) -> dict[str, Any]:
        return form_data(self)


def _field_words(result: dict[str, Any]) -> str:
    name = FIELDS.get(result["values"].get("skill_field") or "", "—")
    return verdict(result, gettext("Skills in %(field)s qualify.") % {"field": name},
                   gettext("Skills in science, education, industry, IT, sport or culture "
                           "qualify; not in: %(field)s.") % {"field": name})


def _evidence_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("The skills are documented."),
                   gettext("Documents proving the skills are required."))


class EthnicKazakhSkills(PilotInstrument):
    code = "ethnic_kazakh_skills"
    label = pilot_label(_("10-year visa for ethnic Kazakhs with valuable skills"))
    summary = _("Proposed by the Migration Policy Concept (action plan item 15), not "
                "enacted: a pilot only, with planning values. For ethnic Kazakhs abroad with "
                "skills in science, education, industry, IT, sport or culture: a ten-year "
                "visa with the right to a residence permit.")
    document_title = _("10-year visa for ethnic Kazakhs with valuable skills")
    number_prefix = "EKS"
    deciding_roles = frozenset({Role.EMBASSY_OFFICER, Role.MIGRATION_OFFICER})
    # planning values: no enacted rule names the documents (proposed instrument)
    required_documents = (DocumentKind.PASSPORT, DocumentKind.NATIONALITY_PROOF,
                          DocumentKind.SKILL_EVIDENCE)
    conditions = {
        "multiple_entry": _("Multiple entry."),
        "residence_permit": _("The holder may obtain a residence permit."),
    }
    form_class = EthnicKazakhSkillsForm
    schema = EthnicKazakhSkillsApplication
    criteria = (
        Criterion("ethnic_kazakh_skills_not_citizen", _("Not a citizen of Kazakhstan"),
                  foreigner_words, Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("ethnic_kazakh_skills_ethnicity", NATIONALITY_LABEL, nationality_words,
                  Evidence.DOCUMENT, DocumentKind.NATIONALITY_PROOF),
        Criterion("ethnic_kazakh_skills_field", _("Field of skills"), _field_words,
                  Evidence.DOCUMENT, DocumentKind.SKILL_EVIDENCE),
        Criterion("ethnic_kazakh_skills_evidence", _("Proof of skills"), _evidence_words,
                  Evidence.DOCUMENT, DocumentKind.SKILL_EVIDENCE),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        return {
            "citizenship": citizenship_of(person),
            "is_ethnic_kazakh": bool(data.get("is_ethnic_kazakh")),
            "skill_field": data.get("skill_field") or "",
            "has_skill_evidence": bool(data.get("has_skill_evidence")),
        }

