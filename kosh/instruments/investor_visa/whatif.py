"""The investor visa in the what-if: its parameters and the synthetic applicants' inputs (a
one-time investment in US dollars made some days before the assessment day)."""

from datetime import date

import numpy as np
from django.utils.translation import gettext_lazy as _

from kosh.whatif.applicants import Applicants
from kosh.whatif.hooks import Inputs, WhatIfParameter, day64

PARAMETERS = (
    WhatIfParameter("investor_visa.min_investment_usd",  # whole dollars
                    _("Minimum investment, USD"), high=1e10, whole=True),
    WhatIfParameter("investor_visa.investment_threshold_inclusive",
                    _("An investment equal to the minimum is enough"), boolean=True),
    WhatIfParameter("investor_visa.investment_max_age_months",
                    _("Oldest investment counted, months"), low=0, high=600, whole=True),
)


def inputs(people: Applicants, on: date) -> Inputs:
    day = day64(on)
    return {
        "citizenship": people.citizenship,
        "investment_amount": people.investment_usd,
        "investment_currency": np.zeros(people.size, dtype=np.int16),  # USD
        "investment_date": day - people.investment_age_days,
        "investment_in_kazakhstan": people.investment_in_kazakhstan,
        "issue_date": np.full(people.size, day),
    }
