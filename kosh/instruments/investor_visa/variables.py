"""Investor visa (A6): a one-time investment in the economy of Kazakhstan (Concept Init 5)."""

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.rates import Currency, usd_per_unit
from kosh.rules.variables.common import (
    InstrumentRules,
    MoneyVariable,
    dates_add_months,
    day_of,
    eligible_formula,
    in_force_formula,
    years_from,
)


class investment_amount(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = ETERNITY
    label = "Amount invested at once, in the investment currency"


class investment_currency(Variable):
    value_type = Enum
    possible_values = Currency
    default_value = Currency.USD
    entity = Applicant
    definition_period = ETERNITY
    label = "Currency of the investment"


class investment_date(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Day the investment was made"


class investment_in_kazakhstan(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "The investment went into the economy of Kazakhstan (company capital, securities)"


class investment_usd(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = ETERNITY
    label = "The investment in US dollars at the rate of its day, to cents"

    def formula(applicant, period, parameters):
        currency = applicant("investment_currency", period).view(np.ndarray)
        rate = usd_per_unit(currency, applicant("investment_date", period))
        return np.round(applicant("investment_amount", period) * rate, 2)


class investor_visa_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The investor visa exists on this day"
    formula = in_force_formula("investor_visa")


class investor_visa_citizenship(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A foreigner (not a citizen of Kazakhstan)"

    def formula(applicant, period, parameters):
        return applicant("is_foreign_citizen", period)


class investor_visa_amount(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The investment reaches the threshold"

    def formula(applicant, period, parameters):
        p = parameters(period).investor_visa
        usd = applicant("investment_usd", period)
        if p.investment_threshold_inclusive:
            return usd >= p.min_investment_usd
        return usd > p.min_investment_usd


class investor_visa_recent(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The investment was made within the allowed number of months, and not in the future"

    def formula(applicant, period, parameters):
        months = parameters(period).investor_visa.investment_max_age_months
        made = applicant("investment_date", period)
        day = day_of(period)
        not_future = made <= day
        if months == 0:
            return not_future
        return not_future & (dates_add_months(made, months) >= day)


class investor_visa_in_kazakhstan(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Invested in the economy of Kazakhstan"

    def formula(applicant, period, parameters):
        return applicant("investment_in_kazakhstan", period)


class investor_visa_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity if issued on the issue date"

    def formula(applicant, period, parameters):
        years = parameters(period).investor_visa.validity_years
        return years_from(applicant("issue_date", period), years)


class investor_visa_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        return np.full(applicant.count, parameters(period).investor_visa.processing_working_days)


RULES = InstrumentRules(
    instrument="investor_visa",
    criteria=("investor_visa_citizenship", "investor_visa_amount", "investor_visa_recent",
              "investor_visa_in_kazakhstan"),
    outputs=("investor_visa_valid_until", "investor_visa_processing_working_days"),
    required_dates=("investment_date",),
)


class investor_visa_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the investor visa"
    formula = eligible_formula(RULES)
