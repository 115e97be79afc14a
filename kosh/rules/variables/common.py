"""Inputs shared by several instruments, currency conversion, and formula helpers."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY, MONTH
from openfisca_core.variables import Variable

from ..entities import Applicant
from ..rates import Currency, usd_per_unit

KAZAKHSTAN = b"KAZ"


@dataclass(frozen=True)
class InstrumentRules:
    """Names of an instrument's variables: whether it exists on a day, its criteria in the
    order they are shown, and its outputs (``<instrument>_processing_working_days`` and
    ``<instrument>_valid_until`` among them)."""

    instrument: str
    criteria: tuple[str, ...]
    outputs: tuple[str, ...] = field(default=())
    # date inputs a decision cannot be made without (OpenFisca would read 1970-01-01)
    required_dates: tuple[str, ...] = field(default=())
    # date inputs that may not lie before the assessment day (the day a stay starts)
    future_dates: tuple[str, ...] = field(default=())

    @property
    def in_force(self) -> str:
        return f"{self.instrument}_in_force"

    @property
    def eligible(self) -> str:
        return f"{self.instrument}_eligible"


def in_list(values: np.ndarray, items: list[str]) -> np.ndarray:
    """Element-wise membership of a string variable (stored as bytes) in a parameter list."""
    return np.isin(values, np.array([s.encode() for s in items], dtype=values.dtype))


def dates_add_months(days: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """``days`` plus whole months; a day past the end of the target month becomes its last."""
    days = np.asarray(days, dtype="datetime64[D]")
    start = days.astype("datetime64[M]")
    offset = days - start.astype("datetime64[D]")
    target = start + np.asarray(months).astype("timedelta64[M]")
    last = (target + 1).astype("datetime64[D]") - 1
    return np.minimum(target.astype("datetime64[D]") + offset, last)


def day_of(period) -> np.datetime64:
    """The day a DAY period stands for."""
    return np.datetime64(str(period.start), "D")


def eligible_formula(rules: "InstrumentRules") -> Callable:
    """The ``<instrument>_eligible`` formula: in force on the day and every criterion met.
    Criteria are not computed on a day the instrument does not exist (their parameters
    may not exist yet either)."""

    def formula(applicant, period, parameters):
        result = applicant(rules.in_force, period).copy()
        if not result.any():
            return result
        for name in rules.criteria:
            result &= applicant(name, period)
        return result

    return formula


def in_force_formula(instrument: str) -> Callable:
    """The ``<instrument>_in_force`` formula: the instrument's ``available`` parameter."""

    def formula(applicant, period, parameters):
        return np.full(applicant.count, parameters(period)[instrument].available)

    return formula


class MoneyVariable(Variable):
    """A float variable held in float64: OpenFisca's float32 cannot tell USD 300,000.00
    from 300,000.01. An amount of money: the decision refuses negative or non-finite input
    values (``kosh.rules.decision``). Subclasses still declare ``value_type = float``
    (OpenFisca reads a variable's own attributes only)."""

    def __init__(self, baseline_variable=None) -> None:
        super().__init__(baseline_variable)
        self.dtype = np.float64


class CountryVariable(Variable):
    """A country as an ISO 3166-1 alpha-3 code (upper case). The decision refuses any other
    value as input (``kosh.rules.decision``), so "RU", "rus" or "XXX" cannot slip past a
    list of excluded countries. Subclasses still declare ``value_type = str``."""


class citizenship(CountryVariable):
    value_type = str
    max_length = 3
    entity = Applicant
    definition_period = ETERNITY
    label = "Citizenship (ISO 3166-1 alpha-3); empty for a stateless person"


class is_foreign_citizen(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Is not a citizen of Kazakhstan"

    def formula(applicant, period, parameters):
        return applicant("citizenship", period) != KAZAKHSTAN


class is_ethnic_kazakh(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Declares Kazakh nationality (proven by a document)"


class criminal_record_clear(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Certificate of no criminal record provided"


class holds_valid_document(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Already holds a valid document of the instrument applied for (registry check)"


class passport_expires_on(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Expiry date of the national passport"


class monthly_income(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = MONTH
    label = "Income received in the month, in the income currency"


class income_currency(Variable):
    value_type = Enum
    possible_values = Currency
    default_value = Currency.USD
    entity = Applicant
    definition_period = ETERNITY
    label = "Currency of the declared income"


class monthly_income_usd(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = MONTH
    label = "Income of the month in US dollars, at the rate of the month's last day, to cents"
    reference = "kosh/rules/data/README.md (rate of the day: last rate on or before the day)"

    def formula(applicant, period, parameters):
        currency = applicant("income_currency", period)
        last_day = np.datetime64(str(period.stop), "D")
        rate = usd_per_unit(currency.view(np.ndarray), last_day)
        return np.round(applicant("monthly_income", period) * rate, 2)


class passport_valid(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The national passport is valid on the day of assessment"

    def formula(applicant, period, parameters):
        return applicant("passport_expires_on", period) >= day_of(period)


class issue_date(Variable):
    value_type = date
    entity = Applicant
    definition_period = ETERNITY
    label = "Day the document would be issued (the decision day; the assessment day before)"


class profession(Variable):
    value_type = str
    max_length = 40
    entity = Applicant
    definition_period = ETERNITY
    label = "Profession (code of the maintained list of professions in demand, or 'other')"


def years_from(days: np.ndarray, years: int) -> np.ndarray:
    """The last day of a validity of ``years`` years starting on ``days``."""
    return dates_add_months(days, 12 * years) - np.timedelta64(1, "D")
