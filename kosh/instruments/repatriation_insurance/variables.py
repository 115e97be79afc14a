"""Repatriation insurance check for stays over 90 days (Concept Init 12, Act 19): citizens
leaving Kazakhstan and foreigners arriving for longer hold a policy covering the stay.
Not adopted as law yet (see the parameters' documentation)."""

from datetime import date

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.variables.common import (
    KAZAKHSTAN,
    InstrumentRules,
    eligible_formula,
    in_force_formula,
)

ARRIVAL, DEPARTURE = b"arrival_foreigner", b"departure_citizen"


class travel_direction(Variable):
    value_type = str
    max_length = 20
    entity = Applicant
    definition_period = ETERNITY
    label = "arrival_foreigner (a foreigner coming) or departure_citizen (a citizen leaving)"


class stay_from(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "First day of the stay"


class stay_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Last day of the stay"


class insurance_policy_number(Variable):
    value_type = str
    max_length = 40
    entity = Applicant
    definition_period = ETERNITY
    label = "Number of the insurance policy"


class insurer_name(Variable):
    value_type = str
    max_length = 100
    entity = Applicant
    definition_period = ETERNITY
    label = "Name of the insurer"


class insurance_cover_from(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Insurance: first day covered"


class insurance_cover_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Insurance: last day covered"


class stay_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Length of the stay in days, first and last day counted"

    def formula(applicant, period, parameters):
        length = applicant("stay_until", period) - applicant("stay_from", period)
        return length.astype("timedelta64[D]").astype(np.int64) + 1


class repatriation_insurance_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The insurance check is run on this day"
    formula = in_force_formula("repatriation_insurance")


class repatriation_insurance_required(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The stay is long enough to need insurance"

    def formula(applicant, period, parameters):
        limit = parameters(period).repatriation_insurance.stay_days_without_insurance
        return applicant("stay_days", period) > limit


class repatriation_insurance_direction(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Foreigners arriving or citizens leaving, with a stay that ends after it starts"

    def formula(applicant, period, parameters):
        direction = applicant("travel_direction", period)
        citizen = applicant("citizenship", period) == KAZAKHSTAN
        matches = ((direction == ARRIVAL) & ~citizen) | ((direction == DEPARTURE) & citizen)
        return matches & (applicant("stay_days", period) >= 1)


class repatriation_insurance_policy(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Not needed, or a policy with number and insurer"

    def formula(applicant, period, parameters):
        present = (applicant("insurance_policy_number", period) != b"") & (
            applicant("insurer_name", period) != b""
        )
        return ~applicant("repatriation_insurance_required", period) | present


class repatriation_insurance_coverage(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Not needed, or the policy covers every day of the stay"

    def formula(applicant, period, parameters):
        covers = (applicant("insurance_cover_from", period) <= applicant("stay_from", period)) & (
            applicant("insurance_cover_until", period) >= applicant("stay_until", period)
        )
        return ~applicant("repatriation_insurance_required", period) | covers


class repatriation_insurance_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "The confirmation holds until the stay ends"

    def formula(applicant, period, parameters):
        return applicant("stay_until", period)


class repatriation_insurance_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        days = parameters(period).repatriation_insurance.processing_working_days
        return np.full(applicant.count, days)


RULES = InstrumentRules(
    instrument="repatriation_insurance",
    criteria=("repatriation_insurance_direction", "repatriation_insurance_policy",
              "repatriation_insurance_coverage"),
    outputs=("repatriation_insurance_required", "repatriation_insurance_valid_until",
             "repatriation_insurance_processing_working_days"),
    required_dates=("stay_from", "stay_until"),
    future_dates=("stay_from",),
)


class repatriation_insurance_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Complies with the insurance requirement"
    formula = eligible_formula(RULES)
