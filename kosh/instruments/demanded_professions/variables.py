"""Visa for professions in demand (B9), heading for permanent residence (Concept Init 6).

The list of professions is the maintained parameter ``demanded_professions.professions``
until the quotas capability's demanded-professions rating replaces it."""

from datetime import date

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.variables.common import InstrumentRules, eligible_formula, in_force_formula, in_list


class diploma_matches_profession(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "The diploma confirms the declared profession"


class demanded_professions_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The B9 visa exists on this day"
    formula = in_force_formula("demanded_professions")


class demanded_professions_citizenship(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A foreigner (not a citizen of Kazakhstan)"

    def formula(applicant, period, parameters):
        return applicant("is_foreign_citizen", period)


class profession_in_demand(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The profession is on the list of professions in demand"

    def formula(applicant, period, parameters):
        listed = parameters(period).demanded_professions.professions
        return in_list(applicant("profession", period), listed)


class demanded_professions_listed(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The profession is on the list of professions in demand"

    def formula(applicant, period, parameters):
        return applicant("profession_in_demand", period)


class demanded_professions_diploma(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A diploma matching the profession"

    def formula(applicant, period, parameters):
        return applicant("diploma_matches_profession", period)


class demanded_professions_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity of the B9 visa if issued on the issue date"

    def formula(applicant, period, parameters):
        days = parameters(period).demanded_professions.visa_validity_days
        return applicant("issue_date", period) + np.timedelta64(days - 1, "D")


class demanded_professions_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        days = parameters(period).demanded_professions.processing_working_days
        return np.full(applicant.count, days)


RULES = InstrumentRules(
    instrument="demanded_professions",
    criteria=("demanded_professions_citizenship", "demanded_professions_listed",
              "demanded_professions_diploma"),
    outputs=("demanded_professions_valid_until",
             "demanded_professions_processing_working_days"),
)


class demanded_professions_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the B9 visa"
    formula = eligible_formula(RULES)
