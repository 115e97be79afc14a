"""The settlement rules as the services ask them: one OpenFisca simulation of a family on a
day, and the dated parameters read by name. No amount or term is written in code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from openfisca_core.errors import ParameterNotFound
from openfisca_core.simulation_builder import SimulationBuilder

from kosh.errors import DomainError
from kosh.rules.system import parameter_value, rule_version, rules_system

NO_RULES = _("The settlement rules have no value for %(day)s.")
OUTPUTS = ("settlement_mci", "settlement_kandas_eligible", "settlement_relocation_kzt",
           "settlement_rent_monthly_kzt", "settlement_rent_in_bounds",
           "settlement_housing_cost_kzt", "settlement_certificate_cap_kzt",
           "settlement_certificate_kzt")


@dataclass(frozen=True)
class FamilyRules:
    """What the rules give one family on one day (amounts in whole tenge)."""

    on: date
    rule_version: str
    mci: int
    kandas_eligible: bool
    relocation_kzt: int
    rent_monthly_kzt: int
    rent_in_bounds: bool
    housing_cost_kzt: int
    certificate_cap_kzt: int
    certificate_kzt: int

    @property
    def capped(self) -> bool:
        """The certificate is the cap (half the housing cost would be as much or more)."""
        return self.certificate_kzt == self.certificate_cap_kzt


def family_rules(*, on: date, family_size: int, rent_mci: int = 0,
                 housing_price_m2: float = 0.0, ethnic_kazakh: bool = True,
                 was_kz_citizen: bool = False) -> FamilyRules:
    """Evaluate the settlement variables for one family on ``on``; refused with
    ``no_rules`` when a parameter has no value on that day."""
    inputs = {
        "settlement_family_size": {"ETERNITY": family_size},
        "settlement_rent_mci": {"ETERNITY": rent_mci},
        "settlement_housing_price_m2": {"ETERNITY": float(housing_price_m2)},
        "settlement_was_kz_citizen": {"ETERNITY": was_kz_citizen},
        "is_ethnic_kazakh": {"ETERNITY": ethnic_kazakh},
    }
    try:
        simulation = SimulationBuilder().build_from_entities(
            rules_system(), {"applicants": {"family": inputs}})
        day = on.isoformat()
        values = {name: simulation.calculate(name, day)[0] for name in OUTPUTS}
    except ParameterNotFound as err:
        raise DomainError("no_rules", NO_RULES % {"day": on.isoformat()}) from err
    return FamilyRules(
        on=on, rule_version=rule_version(), mci=int(values["settlement_mci"]),
        kandas_eligible=bool(values["settlement_kandas_eligible"]),
        relocation_kzt=round(values["settlement_relocation_kzt"]),
        rent_monthly_kzt=round(values["settlement_rent_monthly_kzt"]),
        rent_in_bounds=bool(values["settlement_rent_in_bounds"]),
        housing_cost_kzt=round(values["settlement_housing_cost_kzt"]),
        certificate_cap_kzt=round(values["settlement_certificate_cap_kzt"]),
        certificate_kzt=int(values["settlement_certificate_kzt"]),
    )


def parameter(name: str, on: date) -> object:
    """A settlement parameter (dotted, under ``settlement.``) in force on ``on``; refused
    with ``no_rules`` when it has no value then."""
    try:
        return parameter_value(f"settlement.{name}", on)
    except ParameterNotFound as err:
        raise DomainError("no_rules", NO_RULES % {"day": on.isoformat()}) from err


def settlement_regions(*, kind: str, on: date) -> list[str]:
    """KATO codes of the regions where families of ``kind`` (kandas / resettlers) settle."""
    return [str(code) for code in parameter(f"regions.{kind}", on)]
