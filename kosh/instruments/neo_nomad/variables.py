"""Neo Nomad Visa (B12-1): remote workers with a steady foreign income (Concept Init 8).

Criteria: a foreign citizen not excluded (EAEU); works for a company abroad, owns one or
freelances for clients abroad; bank statements covering each of the last complete months
(the statement period) and a monthly income above the threshold in each month they cover;
no work for local companies; medical insurance for the whole visa period; a certificate of
no criminal record; a tax return from the country of citizenship; an invitation unless the
citizenship is exempt."""

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY, MONTH
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.variables.common import (
    CountryVariable,
    InstrumentRules,
    dates_add_months,
    eligible_formula,
    in_force_formula,
    in_list,
)


class WorkArrangement(Enum):
    foreign_employer = "employment contract with a company registered abroad"
    own_foreign_company = "owns a company registered abroad"
    freelance_foreign_clients = "freelancer working mostly for clients abroad"
    local_employer = "employed by a company in Kazakhstan"
    other = "other"


class work_arrangement(Variable):
    value_type = Enum
    possible_values = WorkArrangement
    default_value = WorkArrangement.other
    entity = Applicant
    definition_period = ETERNITY
    label = "How the applicant works"


class employer_country(CountryVariable):
    value_type = str
    max_length = 3
    entity = Applicant
    definition_period = ETERNITY
    label = "Country where the employer or own company is registered (alpha-3)"


class has_local_employment(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Has or plans employment with a company in Kazakhstan"


class intended_entry_date(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Day the stay under the visa starts"


class medical_insurance_from(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Medical insurance: first day covered"


class medical_insurance_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Medical insurance: last day covered"


class statement_covers_month(Variable):
    value_type = bool
    entity = Applicant
    definition_period = MONTH
    label = "The bank statements cover the whole month"


class tax_return_provided(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "A tax return issued by the competent authority of the country of citizenship"


class has_invitation(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Has an invitation from a Kazakh tour operator"


class neo_nomad_in_force(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The Neo Nomad Visa exists on this day"

    formula = in_force_formula("neo_nomad")


class neo_nomad_citizenship(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A citizen of a foreign state whose citizens may get the visa"

    def formula(applicant, period, parameters):
        citizenship = applicant("citizenship", period)
        excluded = in_list(citizenship, parameters(period).neo_nomad.excluded_citizenships)
        return applicant("is_foreign_citizen", period) & (citizenship != b"") & ~excluded


class neo_nomad_foreign_work(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Works for a company abroad, owns one, or freelances for clients abroad"

    def formula(applicant, period, parameters):
        arrangement = applicant("work_arrangement", period).decode_to_str()
        allowed = np.isin(arrangement, parameters(period).neo_nomad.work_arrangements)
        country = applicant("employer_country", period)
        return allowed & (country != b"KAZ") & (country != b"")


class neo_nomad_statement_period(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The bank statements cover each of the last complete months"
    reference = "parameters/neo_nomad/income_months.yaml"

    def formula(applicant, period, parameters):
        months = parameters(period).neo_nomad.income_months
        result = np.ones(applicant.count, dtype=bool)
        for back in range(1, months + 1):
            result &= applicant("statement_covers_month", period.first_month.offset(-back, MONTH))
        return result


class neo_nomad_income(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = ("Monthly income at the threshold in each of the last complete months the "
             "statements cover (a month they do not cover is the statement period's criterion)")
    reference = "parameters/neo_nomad/min_monthly_income_usd.yaml"

    def formula(applicant, period, parameters):
        p = parameters(period).neo_nomad
        result = np.ones(applicant.count, dtype=bool)
        for back in range(1, p.income_months + 1):
            month = period.first_month.offset(-back, MONTH)
            income = applicant("monthly_income_usd", month)
            if p.income_threshold_inclusive:
                met = income >= p.min_monthly_income_usd
            else:
                met = income > p.min_monthly_income_usd
            result &= met | ~applicant("statement_covers_month", month)
        return result


class neo_nomad_no_local_work(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "No employment with companies in Kazakhstan"

    def formula(applicant, period, parameters):
        allowed = parameters(period).neo_nomad.local_work_allowed
        return allowed | ~applicant("has_local_employment", period)


class neo_nomad_valid_until(Variable):
    value_type = date
    entity = Applicant
    definition_period = DAY
    label = "Last day of validity if issued for the intended entry date"

    def formula(applicant, period, parameters):
        months = parameters(period).neo_nomad.validity_months
        start = applicant("intended_entry_date", period)
        return dates_add_months(start, months) - np.timedelta64(1, "D")


class neo_nomad_medical_insurance(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Medical insurance covers the whole visa period"

    def formula(applicant, period, parameters):
        start = applicant("intended_entry_date", period)
        return (
            (applicant("medical_insurance_from", period) <= start)
            & (applicant("medical_insurance_until", period)
               >= applicant("neo_nomad_valid_until", period))
        )


class neo_nomad_criminal_record(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Certificate of no criminal record"

    def formula(applicant, period, parameters):
        return applicant("criminal_record_clear", period)


class neo_nomad_tax_return(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "A tax return from the country of citizenship, where the rules ask for one"

    def formula(applicant, period, parameters):
        required = bool(parameters(period).neo_nomad.tax_return_required)
        return applicant("tax_return_provided", period) | (not required)


class neo_nomad_no_valid_visa(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Does not already hold a valid Neo Nomad Visa"

    def formula(applicant, period, parameters):
        return ~applicant("holds_valid_document", period)


class neo_nomad_invitation_exempt(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Citizenship is on the list of countries that need no invitation"

    def formula(applicant, period, parameters):
        exempt = parameters(period).neo_nomad.invitation_exempt_citizenships
        return in_list(applicant("citizenship", period), exempt)


class neo_nomad_invitation(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Needs no invitation, or has one"

    def formula(applicant, period, parameters):
        return applicant("neo_nomad_invitation_exempt", period) | applicant(
            "has_invitation", period
        )


class neo_nomad_processing_working_days(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "Expected processing time in working days"

    def formula(applicant, period, parameters):
        p = parameters(period).neo_nomad.processing_working_days
        exempt = applicant("neo_nomad_invitation_exempt", period)
        return np.where(exempt, p.without_invitation, p.with_invitation)


class neo_nomad_extensions(Variable):
    value_type = int
    entity = Applicant
    definition_period = DAY
    label = "One-year extensions the holder may ask for"

    def formula(applicant, period, parameters):
        return np.full(applicant.count, parameters(period).neo_nomad.extensions)


RULES = InstrumentRules(
    instrument="neo_nomad",
    criteria=(
        "neo_nomad_citizenship", "neo_nomad_foreign_work", "neo_nomad_statement_period",
        "neo_nomad_income", "neo_nomad_no_local_work", "neo_nomad_medical_insurance",
        "neo_nomad_criminal_record", "neo_nomad_tax_return", "neo_nomad_invitation",
        "neo_nomad_no_valid_visa",
    ),
    outputs=("neo_nomad_valid_until", "neo_nomad_processing_working_days",
             "neo_nomad_extensions"),
    required_dates=("intended_entry_date", "medical_insurance_from", "medical_insurance_until"),
    future_dates=("intended_entry_date",),
)


class neo_nomad_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "Meets every criterion of the Neo Nomad Visa"

    formula = eligible_formula(RULES)
