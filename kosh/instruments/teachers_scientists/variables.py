"""Long-term visa for foreign teachers and scientists, and for talented students in
deficit specialities with limited work permission (Concept Init 2, Act 2)."""

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

STUDENT_ROLE = b"student_deficit_speciality"


class academic_role(Variable):
    value_type = str
    max_length = 40
    entity = Applicant
    definition_period = ETERNITY
    label = "Teacher, researcher, or student in a deficit speciality"


class has_host_institution_offer(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Has a contract, offer or admission from a university or research body in Kazakhstan"


class speciality_in_deficit(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Studies a speciality in deficit (students only)"


class teachers_scientists_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Applications are taken on this day"
    formula = in_force_formula("teachers_scientists")


class teachers_scientists_citizenship(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A foreigner (not a citizen of Kazakhstan)"

    def formula(applicant, period, parameters):
        return applicant("is_foreign_citizen", period)


class teachers_scientists_role(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "An academic role that qualifies"

    def formula(applicant, period, parameters):
        roles = parameters(period).teachers_scientists.roles
        return in_list(applicant("academic_role", period), roles)


class teachers_scientists_host(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A host institution in Kazakhstan"

    def formula(applicant, period, parameters):
        return applicant("has_host_institution_offer", period)


class teachers_scientists_deficit_speciality(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Students: the speciality is in deficit"

    def formula(applicant, period, parameters):
        student = applicant("academic_role", period) == STUDENT_ROLE
        return ~student | applicant("speciality_in_deficit", period)


class teachers_scientists_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity if issued on the issue date"

    def formula(applicant, period, parameters):
        years = parameters(period).teachers_scientists.validity_years
        return years_from(applicant("issue_date", period), years)


class teachers_scientists_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        days = parameters(period).teachers_scientists.processing_working_days
        return np.full(applicant.count, days)


RULES = InstrumentRules(
    instrument="teachers_scientists",
    criteria=("teachers_scientists_citizenship", "teachers_scientists_role",
              "teachers_scientists_host", "teachers_scientists_deficit_speciality"),
    outputs=("teachers_scientists_valid_until",
             "teachers_scientists_processing_working_days"),
)


class teachers_scientists_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the long-term visa for teachers and scientists"
    formula = eligible_formula(RULES)
