"""Neo Nomad in the what-if: the parameters an analyst may change and the inputs of the
synthetic applicants (income of the months before the day, work, insurance around entry)."""

from datetime import date

import numpy as np
from django.utils.translation import gettext_lazy as _
from openfisca_core.periods import MONTH, period

from kosh.rules.rates import CURRENCY_CODES
from kosh.whatif.applicants import Applicants
from kosh.whatif.hooks import Inputs, WhatIfParameter, codes, day64

from .variables import WorkArrangement

PARAMETERS = (
    WhatIfParameter("neo_nomad.min_monthly_income_usd",  # whole dollars
                    _("Minimum monthly income, USD"), high=1e7, whole=True),
    WhatIfParameter("neo_nomad.income_months",
                    _("Months of income checked"), low=1, high=12, whole=True),
    WhatIfParameter("neo_nomad.income_threshold_inclusive",
                    _("An income equal to the minimum is enough"), boolean=True),
    WhatIfParameter("neo_nomad.local_work_allowed",
                    _("Work for a Kazakh employer is allowed"), boolean=True),
)


def inputs(people: Applicants, on: date) -> Inputs:
    """Every applicant's inputs assessed on ``on``: statements cover each month and the
    tax return is provided (the population models income, not paperwork)."""
    entry = day64(on) + people.entry_offset
    insured_from = entry + people.insurance_start_offset
    first = period(f"{on:%Y-%m}")
    months = {
        str(first.offset(-(k + 1), MONTH)): people.monthly_income[k]
        for k in range(people.monthly_income.shape[0])
    }
    return {
        "citizenship": people.citizenship,
        "monthly_income": months,
        "statement_covers_month": {month: np.ones(people.size, dtype=bool) for month in months},
        "tax_return_provided": np.ones(people.size, dtype=bool),
        "income_currency": codes(people.income_currency, CURRENCY_CODES),
        "work_arrangement": codes(people.work_arrangement,
                                  tuple(m.name for m in WorkArrangement)),
        "employer_country": people.employer_country,
        "has_local_employment": people.has_local_employment,
        "intended_entry_date": entry,
        "medical_insurance_from": insured_from,
        "medical_insurance_until": insured_from + people.insurance_days,
        "criminal_record_clear": people.criminal_record_clear,
        "has_invitation": people.has_invitation,
    }
