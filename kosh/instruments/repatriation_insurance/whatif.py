"""The repatriation insurance check in the what-if: its parameter and the synthetic
applicants' inputs (a stay starting after the assessment day and the policy covering it)."""

from datetime import date

import numpy as np
from django.utils.translation import gettext_lazy as _

from kosh.whatif.applicants import Applicants
from kosh.whatif.hooks import Inputs, WhatIfParameter, day64

PARAMETERS = (
    WhatIfParameter("repatriation_insurance.stay_days_without_insurance",
                    _("Longest stay without insurance, days"), low=1, high=3650, whole=True),
)


def inputs(people: Applicants, on: date) -> Inputs:
    start = day64(on) + people.stay_offset
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
