"""10-year visa with the right to a residence permit for ethnic Kazakhs with valuable
skills in science, education, industry, IT, sport or culture (Concept Act 15)."""

from datetime import date

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.variables.common import (
    InstrumentRules,
    eligible_formula,
    in_force_formula,
    in_list,
    years_from,
)


class skill_field(Variable):
    value_type = str
    max_length = 20
    entity = Applicant
    definition_period = ETERNITY
    label = "Field of the applicant's skills"


class has_skill_evidence(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Diploma, award or work record proving the skills"


class ethnic_kazakh_skills_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Applications are taken on this day"
    formula = in_force_formula("ethnic_kazakh_skills")


class ethnic_kazakh_skills_not_citizen(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Not a citizen of Kazakhstan"

    def formula(applicant, period, parameters):
        return applicant("is_foreign_citizen", period)


class ethnic_kazakh_skills_ethnicity(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Of Kazakh nationality"

    def formula(applicant, period, parameters):
        return applicant("is_ethnic_kazakh", period)


class ethnic_kazakh_skills_field(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Skills in a field that qualifies"

    def formula(applicant, period, parameters):
        fields = parameters(period).ethnic_kazakh_skills.skill_fields
        return in_list(applicant("skill_field", period), fields)


class ethnic_kazakh_skills_evidence(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The skills are proven"

    def formula(applicant, period, parameters):
        return applicant("has_skill_evidence", period)


class ethnic_kazakh_skills_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity if issued on the issue date"

    def formula(applicant, period, parameters):
        years = parameters(period).ethnic_kazakh_skills.validity_years
        return years_from(applicant("issue_date", period), years)


class ethnic_kazakh_skills_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        days = parameters(period).ethnic_kazakh_skills.processing_working_days
        return np.full(applicant.count, days)


RULES = InstrumentRules(
    instrument="ethnic_kazakh_skills",
    criteria=("ethnic_kazakh_skills_not_citizen", "ethnic_kazakh_skills_ethnicity",
              "ethnic_kazakh_skills_field", "ethnic_kazakh_skills_evidence"),
    outputs=("ethnic_kazakh_skills_valid_until",
             "ethnic_kazakh_skills_processing_working_days"),
)


class ethnic_kazakh_skills_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the 10-year visa for ethnic Kazakhs with valuable skills"
    formula = eligible_formula(RULES)
