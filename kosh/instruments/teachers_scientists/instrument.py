"""Long-term visa for foreign teachers and scientists (and talented students in deficit
specialities): form, schema, criteria in words and the visa. Concept Init 2, not yet
enacted: the rules run on the Concept's terms (see the parameters' documentation)."""

from typing import Any, Literal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    ApplicationSchema,
    OptionalText,
    Text,
    citizenship_of,
    foreigner_words,
    form_data,
    verdict,
    yes,
)
from kosh.instruments.pilot import PilotInstrument, pilot_label

ROLES = {
    "teacher": _("teacher"),
    "researcher": _("researcher"),
    "student_deficit_speciality": _("master's or bachelor's student in a deficit speciality"),
    "other": _("other"),
}


class TeacherScientistApplication(ApplicationSchema):
    instrument: Literal["teachers_scientists"] = "teachers_scientists"
    academic_role: Literal[tuple(ROLES)]
    host_institution: Text
    host_institution_bin: OptionalText = ""
    has_host_institution_offer: bool
    speciality_in_deficit: bool = False


class TeacherScientistForm(forms.Form):
    academic_role = forms.ChoiceField(label=_("Your role"), choices=list(ROLES.items()))
    host_institution = forms.CharField(label=_("University or research body in Kazakhstan"),
                                       max_length=200)
    host_institution_bin = forms.CharField(label=_("Its BIN (if known)"), max_length=12,
                                           required=False)
    has_host_institution_offer = yes(_("I have a contract, offer or admission from it"))
    speciality_in_deficit = yes(_("Students: my speciality is on the deficit list"))

    def application_data(self) -> dict[str, Any]:
        return form_data(self)


def _role_words(result: dict[str, Any]) -> str:
    role = ROLES.get(result["values"].get("academic_role") or "", "—")
    return verdict(result, gettext("The role qualifies: %(role)s.") % {"role": role},
                   gettext("Teachers, researchers and students in deficit specialities "
                           "qualify; not: %(role)s.") % {"role": role})


def _host_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("A host institution in Kazakhstan confirms the stay."),
                   gettext("A contract, offer or admission from a host institution in "
                           "Kazakhstan is required."))


def _deficit_words(result: dict[str, Any]) -> str:
    if result["values"].get("academic_role") != "student_deficit_speciality":
        return gettext("Not a student: no speciality condition.")
    return verdict(result, gettext("The speciality is in deficit."),
                   gettext("Students qualify only in deficit specialities."))


class TeachersScientists(PilotInstrument):
    code = "teachers_scientists"
    label = pilot_label(_("Long-term visa for teachers and scientists"))
    summary = _("Proposed by the Migration Policy Concept (Init 2), not enacted: a pilot only, "
                "with planning values. For foreign teachers, researchers and talented "
                "students in deficit specialities invited by a Kazakh university or research "
                "body.")
    document_title = _("Long-term visa for teachers and scientists")
    number_prefix = "TS"
    deciding_roles = frozenset({Role.EMBASSY_OFFICER, Role.MIGRATION_OFFICER})
    # planning values: no enacted rule names the documents (proposed instrument)
    required_documents = (DocumentKind.PASSPORT, DocumentKind.HOST_OFFER, DocumentKind.DIPLOMA)
    conditions = {
        "residence_permit": _("The holder may obtain a residence permit."),
        "student_work_limited": _("Students may work only within the limits set for "
                                  "students."),
    }
    form_class = TeacherScientistForm
    schema = TeacherScientistApplication
    criteria = (
        Criterion("teachers_scientists_citizenship", _("Foreigner"), foreigner_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        Criterion("teachers_scientists_role", _("Academic role"), _role_words,
                  Evidence.DOCUMENT, DocumentKind.HOST_OFFER),
        Criterion("teachers_scientists_host", _("Host institution"), _host_words,
                  Evidence.DOCUMENT, DocumentKind.HOST_OFFER),
        Criterion("teachers_scientists_deficit_speciality", _("Deficit speciality"),
                  _deficit_words, Evidence.DOCUMENT, DocumentKind.HOST_OFFER),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        return {
            "citizenship": citizenship_of(person),
            "academic_role": data.get("academic_role") or "",
            "has_host_institution_offer": bool(data.get("has_host_institution_offer")),
            "speciality_in_deficit": bool(data.get("speciality_in_deficit")),
        }

