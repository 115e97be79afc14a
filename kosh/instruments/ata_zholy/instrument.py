"""Ata Zholy card for ethnic Kazakhs abroad: form, schema, criteria in words and the card."""

from typing import Any, Literal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.access.roles import Role
from kosh.cases.registry import Criterion, Evidence, Instrument
from kosh.cases.statuses import DocumentKind
from kosh.identity.models import Person
from kosh.instruments.common import (
    NATIONALITY_LABEL,
    ApplicationSchema,
    SaneDate,
    citizenship_of,
    date_field,
    day,
    foreigner_words,
    form_data,
    nationality_words,
    verdict,
    yes,
)
from kosh.instruments.demanded_professions.instrument import (
    ProfessionValue,
    profession_choices,
    profession_label,
)

BASES = {
    "profession_decree_2005": _("a profession in the list of Presidential Decree No. 1587 "
                                "of 6 June 2005"),
    "profession_demanded_list": _("a profession on the list of professions in demand"),
    "business_abroad": _("an operating business registered in my country of residence"),
}


class AtaZholyApplication(ApplicationSchema):
    instrument: Literal["ata_zholy"] = "ata_zholy"
    is_ethnic_kazakh: bool
    ata_zholy_basis: Literal[tuple(BASES)]
    profession: ProfessionValue = "other"
    profession_in_decree_2005: bool = False
    has_business_abroad: bool = False
    passport_expires_on: SaneDate


class AtaZholyForm(forms.Form):
    is_ethnic_kazakh = yes(_("I am of Kazakh nationality (I can prove it)"))
    ata_zholy_basis = forms.ChoiceField(label=_("I apply as the holder of"),
                                        choices=list(BASES.items()))
    profession = forms.ChoiceField(label=_("Profession"), choices=profession_choices,
                                   required=False)
    profession_in_decree_2005 = yes(_("My profession is in the 2005 decree list (documents "
                                      "attached)"))
    has_business_abroad = yes(_("My business is registered and operating (documents "
                                "attached)"))
    passport_expires_on = date_field(_("My national passport expires on"))

    def application_data(self) -> dict[str, Any]:
        data = form_data(self)
        data["profession"] = data.get("profession") or "other"
        return data


def _ground_words(result: dict[str, Any]) -> str:
    v = result["values"]
    basis = v.get("ata_zholy_basis") or ""
    if basis == "profession_demanded_list":
        name = profession_label(v.get("profession")).capitalize()
        return verdict(
            result,
            gettext("%(profession)s is on the list of professions in demand.")
            % {"profession": name},
            gettext("%(profession)s is not on the list of professions in demand.")
            % {"profession": name})
    if basis in BASES:
        return verdict(result, gettext("Ground: %(basis)s.") % {"basis": BASES[basis]},
                       gettext("The ground is not confirmed: %(basis)s.")
                       % {"basis": BASES[basis]})
    return gettext("Choose a ground: a profession or a business abroad.")


def _passport_words(result: dict[str, Any]) -> str:
    expires = day(result["values"].get("passport_expires_on"))
    return verdict(result, gettext("The passport is valid until %(day)s; the card will not "
                                   "outlast it.") % {"day": expires},
                   gettext("The passport expired on %(day)s.") % {"day": expires})


class AtaZholy(Instrument):
    code = "ata_zholy"
    label = _("Ata Zholy card")
    summary = _("For ethnic Kazakhs who are citizens of other states — specialists and "
                "business owners: the right to live, work and do business in Kazakhstan.")
    document_title = _("Ata Zholy card")
    number_prefix = "AZ"
    deciding_roles = frozenset({Role.LABOUR_OFFICER})
    # MLSP order No. 280 (mfa-strasbourg gov.kz page): ID, proof of Kazakh nationality,
    # and the diploma OR the business papers — which one depends on the ground, so neither
    # is required of everyone (the ground criterion asks for it)
    required_documents = (DocumentKind.PASSPORT, DocumentKind.NATIONALITY_PROOF)
    conditions = {
        "rights": _("The holder may live, work, study, do business and use health and social "
                    "services on a par with residents."),
        "no_political_rights": _("No right to vote or be elected, to take part in "
                                 "referendums or to serve in the civil service."),
        "void_on_citizenship": _("The card becomes void when the holder acquires the "
                                 "citizenship of Kazakhstan."),
    }
    form_class = AtaZholyForm
    schema = AtaZholyApplication
    criteria = (
        Criterion("ata_zholy_ethnicity", NATIONALITY_LABEL, nationality_words,
                  Evidence.DOCUMENT, DocumentKind.NATIONALITY_PROOF),
        Criterion("ata_zholy_not_citizen", _("Not a citizen of Kazakhstan"), foreigner_words,
                  Evidence.REGISTRY, registry_check="citizenship"),
        # a diploma for the profession grounds; the business ground is proven by the
        # registration of the business, confirmed under the same criterion
        Criterion("ata_zholy_ground", _("Profession or business"), _ground_words,
                  Evidence.DOCUMENT, DocumentKind.DIPLOMA),
        Criterion("ata_zholy_passport", _("Valid passport"), _passport_words,
                  Evidence.REGISTRY, registry_check="passport_valid"),
    )

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        inputs: dict[str, Any] = {
            "citizenship": citizenship_of(person),
            "is_ethnic_kazakh": bool(data.get("is_ethnic_kazakh")),
            "ata_zholy_basis": data.get("ata_zholy_basis") or "",
            "profession": data.get("profession") or "",
            "profession_in_decree_2005": bool(data.get("profession_in_decree_2005")),
            "has_business_abroad": bool(data.get("has_business_abroad")),
        }
        if data.get("passport_expires_on"):
            inputs["passport_expires_on"] = data["passport_expires_on"]
        return inputs

