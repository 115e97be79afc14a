"""OpenFisca variables of the settlement rules. One applicant row stands for one family:
its size, the rent the region set, the housing price per m² at the new place, and for
kandas whether the applicant is of Kazakh nationality and was never a citizen."""

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from kosh.rules.entities import Applicant
from kosh.rules.variables.common import MoneyVariable


class settlement_family_size(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Members of the family, head included"


class settlement_rent_mci(Variable):
    value_type = int
    entity = Applicant
    definition_period = ETERNITY
    label = "Monthly rent subsidy the region set for the family, in MCI"


class settlement_housing_price_m2(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = ETERNITY
    label = "Price of housing per m² in the district of the new place, KZT"


class settlement_was_kz_citizen(Variable):
    value_type = bool
    entity = Applicant
    definition_period = ETERNITY
    label = "Was a citizen of Kazakhstan before"


class settlement_mci(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "The MCI in force on the day, KZT"

    def formula(applicant, period, parameters):
        return np.full(applicant.count, float(parameters(period).mci))


class settlement_kandas_eligible(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "May be granted kandas status: of Kazakh nationality and never a citizen"

    def formula(applicant, period, parameters):
        return applicant("is_ethnic_kazakh", period) & ~applicant(
            "settlement_was_kz_citizen", period)


class settlement_relocation_kzt(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "One-off relocation subsidy of the family, KZT"

    def formula(applicant, period, parameters):
        per_member = parameters(period).settlement.support.relocation_mci_per_member
        return (applicant("settlement_family_size", period) * per_member
                * applicant("settlement_mci", period))


class settlement_rent_monthly_kzt(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "Monthly rent and utilities subsidy of the family, KZT"

    def formula(applicant, period, parameters):
        return applicant("settlement_rent_mci", period) * applicant("settlement_mci", period)


class settlement_rent_in_bounds(Variable):
    value_type = bool
    entity = Applicant
    definition_period = DAY
    label = "The rent the region set lies within the bounds of the rules"

    def formula(applicant, period, parameters):
        support = parameters(period).settlement.support
        rent = applicant("settlement_rent_mci", period)
        return (rent >= support.rent_mci_min) & (rent <= support.rent_mci_max)


class settlement_housing_cost_kzt(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "Housing cost of the family at the new place: price per m² × norm × members"

    def formula(applicant, period, parameters):
        norm = parameters(period).settlement.certificate.area_norm_m2_per_member
        return (applicant("settlement_housing_price_m2", period) * norm
                * applicant("settlement_family_size", period))


class settlement_certificate_cap_kzt(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "Largest economic mobility certificate on the day, KZT"

    def formula(applicant, period, parameters):
        return (parameters(period).settlement.certificate.cap_mci
                * applicant("settlement_mci", period))


class settlement_certificate_kzt(MoneyVariable):
    value_type = float
    entity = Applicant
    definition_period = DAY
    label = "Economic mobility certificate: the share of the housing cost (whole tenge), capped"

    def formula(applicant, period, parameters):
        share = parameters(period).settlement.certificate.share_of_housing_cost
        wanted = np.floor(share * applicant("settlement_housing_cost_kzt", period))
        return np.minimum(wanted, applicant("settlement_certificate_cap_kzt", period))
