"""Visa for professions in demand (B9), heading for permanent residence (Concept Init 6).

The list of professions is the demanded-professions list approved for the assessment
day's year (``kosh.ratings``, passed as the yearly inputs ``approved_list_exists`` and
``profession_on_approved_list``) once one is approved, and the maintained parameter
``demanded_professions.professions`` otherwise."""

from datetime import date

import numpy as np
from openfisca_core.periods import DAY, ETERNITY, YEAR
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


class approved_list_exists(Variable):
    value_type = bool
    entity = Applicant
    definition_period = YEAR
    label = "A demanded-professions list is approved for this year"


class profession_on_approved_list(Variable):
    value_type = bool
    entity = Applicant
    definition_period = YEAR
    label = "The profession is on the demanded-professions list approved for this year"


class profession_in_demand(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The profession is on the list of professions in demand"

    def formula(applicant, period, parameters):
        """The year's approved list when there is one (the parameter is then not read, so
        the trace shows which list decided), the maintained parameter otherwise."""
        year = period.this_year
        approved = applicant("approved_list_exists", year)
        if approved.all():
            return applicant("profession_on_approved_list", year)
        listed = parameters(period).demanded_professions.professions
        by_parameter = in_list(applicant("profession", period), listed)
        if not approved.any():
            return by_parameter
        return np.where(approved, applicant("profession_on_approved_list", year), by_parameter)


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
