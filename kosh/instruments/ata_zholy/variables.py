"""Ata Zholy card for ethnic Kazakhs who are citizens of other states: specialists and
owners of a business abroad (Concept Init 13; MLSP order No. 280 of 30.06.2023)."""

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


class ata_zholy_basis(Variable):
    value_type = str
    max_length = 40
    entity = Applicant
    definition_period = ETERNITY
    label = "Ground claimed: profession (decree 2005 list or in-demand list) or business abroad"


class profession_in_decree_2005(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "The profession is in Presidential Decree No. 1587 of 06.06.2005 (documents provided)"


class has_business_abroad(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Owns an operating business registered in the country of residence or citizenship"


class ata_zholy_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The Ata Zholy card exists on this day"
    formula = in_force_formula("ata_zholy")


class ata_zholy_ethnicity(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Of Kazakh nationality"

    def formula(applicant, period, parameters):
        return applicant("is_ethnic_kazakh", period)


class ata_zholy_not_citizen(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Not a citizen of Kazakhstan"

    def formula(applicant, period, parameters):
        return applicant("is_foreign_citizen", period)


class ata_zholy_ground(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A ground that qualifies, proven"

    def formula(applicant, period, parameters):
        basis = applicant("ata_zholy_basis", period)
        listed = in_list(basis, parameters(period).ata_zholy.bases)
        proven = np.select(
            [basis == b"profession_decree_2005", basis == b"profession_demanded_list",
             basis == b"business_abroad"],
            [applicant("profession_in_decree_2005", period),
             applicant("profession_in_demand", period),
             applicant("has_business_abroad", period)],
            default=False,
        )
        return listed & proven


class ata_zholy_passport(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The national passport is valid"

    def formula(applicant, period, parameters):
        return applicant("passport_valid", period)


class ata_zholy_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity: the maximum term, but not beyond the passport's expiry"

    def formula(applicant, period, parameters):
        years = parameters(period).ata_zholy.max_validity_years
        full_term = years_from(applicant("issue_date", period), years)
        return np.minimum(full_term, applicant("passport_expires_on", period))


class ata_zholy_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Processing time in working days"

    def formula(applicant, period, parameters):
        return np.full(applicant.count, parameters(period).ata_zholy.processing_working_days)


RULES = InstrumentRules(
    instrument="ata_zholy",
    criteria=("ata_zholy_ethnicity", "ata_zholy_not_citizen", "ata_zholy_ground",
              "ata_zholy_passport"),
    outputs=("ata_zholy_valid_until", "ata_zholy_processing_working_days"),
    required_dates=("passport_expires_on",),
)


class ata_zholy_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the Ata Zholy card"
    formula = eligible_formula(RULES)
