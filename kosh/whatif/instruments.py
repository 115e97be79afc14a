"""What each instrument offers the what-if: the parameters an analyst may change (with
their bounds and translated labels) and the vectorised OpenFisca inputs of the synthetic
applicants.

One :class:`WhatIfInstrument` per instrument, looked up in :data:`WHATIF_INSTRUMENTS` (a
dict, not an if-chain). These entries are meant to move into each instrument's manifest
(``whatif_parameters`` and the ``whatif_inputs`` hook) once instruments have one."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openfisca_core.periods import MONTH, period

from kosh.rules.rates import CURRENCY_CODES
from kosh.rules.variables.neo_nomad import WorkArrangement

from .applicants import Applicants

Inputs = dict[str, object]


@dataclass(frozen=True)
class WhatIfParameter:
    """A parameter a what-if may change: its dotted path, its label, the lowest and highest
    value it may take (``None``: no upper bound), and whether it is yes/no."""

    path: str
    label: Promise
    low: float = 0
    high: float | None = None
    boolean: bool = False
    whole: bool = False

    def allows(self, value: float | bool) -> bool:
        """Whether ``value`` is of the right kind and within the bounds."""
        if self.boolean or isinstance(value, bool):
            return self.boolean and isinstance(value, bool)
        if self.whole and not float(value).is_integer():
            return False
        return self.low <= value and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class WhatIfInstrument:
    """An instrument's what-if: its label, its parameters and its inputs builder, which
    turns the population into OpenFisca inputs with dates relative to the assessment day."""

    code: str
    label: Promise
    parameters: tuple[WhatIfParameter, ...]
    inputs: Callable[[Applicants, date], Inputs]


def _codes(values: np.ndarray, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Indices into ``vocabulary`` of byte-string ``values`` (all must be present)."""
    vocab = np.array([v.encode() for v in vocabulary])
    order = np.argsort(vocab)
    return order[np.searchsorted(vocab, values, sorter=order)].astype(np.int16)


def _day(on: date) -> np.datetime64:
    return np.datetime64(on.isoformat(), "D")


def neo_nomad_inputs(people: Applicants, on: date) -> Inputs:
    """Neo Nomad: income of the months before ``on``, work, insurance around the entry."""
    entry = _day(on) + people.entry_offset
    insured_from = entry + people.insurance_start_offset
    first = period(f"{on:%Y-%m}")
    months = {
        str(first.offset(-(k + 1), MONTH)): people.monthly_income[k]
        for k in range(people.monthly_income.shape[0])
    }
    return {
        "citizenship": people.citizenship,
        "monthly_income": months,
        "income_currency": _codes(people.income_currency, CURRENCY_CODES),
        "work_arrangement": _codes(people.work_arrangement,
                                   tuple(m.name for m in WorkArrangement)),
        "employer_country": people.employer_country,
        "has_local_employment": people.has_local_employment,
        "intended_entry_date": entry,
        "medical_insurance_from": insured_from,
        "medical_insurance_until": insured_from + people.insurance_days,
        "criminal_record_clear": people.criminal_record_clear,
        "has_invitation": people.has_invitation,
    }


def investor_visa_inputs(people: Applicants, on: date) -> Inputs:
    """Investor visa: a one-time investment in US dollars made some days before ``on``."""
    day = _day(on)
    return {
        "citizenship": people.citizenship,
        "investment_amount": people.investment_usd,
        "investment_currency": np.zeros(people.size, dtype=np.int16),  # USD
        "investment_date": day - people.investment_age_days,
        "investment_in_kazakhstan": people.investment_in_kazakhstan,
        "issue_date": np.full(people.size, day),
    }


def repatriation_insurance_inputs(people: Applicants, on: date) -> Inputs:
    """Repatriation insurance: a stay starting after ``on`` and the policy covering it."""
    start = _day(on) + people.stay_offset
    end = start + people.stay_days - 1
    policy = np.where(people.has_policy, b"P", b"")
    return {
        "citizenship": people.citizenship,
        "travel_direction": np.where(people.citizenship == b"KAZ", b"departure_citizen",
                                     b"arrival_foreigner"),
        "stay_from": start,
        "stay_until": end,
        "insurance_policy_number": policy,
        "insurer_name": policy,
        "insurance_cover_from": start,
        "insurance_cover_until": end - people.cover_shortfall_days,
    }


WHATIF_INSTRUMENTS: dict[str, WhatIfInstrument] = {
    spec.code: spec for spec in (
        WhatIfInstrument(
            code="neo_nomad", label=_("Neo Nomad Visa"), inputs=neo_nomad_inputs,
            parameters=(
                WhatIfParameter("neo_nomad.min_monthly_income_usd",  # whole dollars
                                _("Minimum monthly income, USD"), high=1e7, whole=True),
                WhatIfParameter("neo_nomad.income_months",
                                _("Months of income checked"), low=1, high=12, whole=True),
                WhatIfParameter("neo_nomad.income_threshold_inclusive",
                                _("An income equal to the minimum is enough"), boolean=True),
                WhatIfParameter("neo_nomad.local_work_allowed",
                                _("Work for a Kazakh employer is allowed"), boolean=True),
            ),
        ),
        WhatIfInstrument(
            code="investor_visa", label=_("Investor visa"), inputs=investor_visa_inputs,
            parameters=(
                WhatIfParameter("investor_visa.min_investment_usd",  # whole dollars
                                _("Minimum investment, USD"), high=1e10, whole=True),
                WhatIfParameter("investor_visa.investment_threshold_inclusive",
                                _("An investment equal to the minimum is enough"),
                                boolean=True),
                WhatIfParameter("investor_visa.investment_max_age_months",
                                _("Oldest investment counted, months"), low=0, high=600,
                                whole=True),
            ),
        ),
        WhatIfInstrument(
            code="repatriation_insurance", label=_("Repatriation insurance check"),
            inputs=repatriation_insurance_inputs,
            parameters=(
                WhatIfParameter("repatriation_insurance.stay_days_without_insurance",
                                _("Longest stay without insurance, days"), low=1,
                                high=3650, whole=True),
            ),
        ),
    )
}
WHATIF_PARAMETERS: dict[str, WhatIfParameter] = {
    p.path: p for spec in WHATIF_INSTRUMENTS.values() for p in spec.parameters
}
