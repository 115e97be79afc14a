"""OpenFisca variables of Kosh, one module per instrument plus the shared inputs.

Each instrument module defines its input variables, one boolean variable per criterion
(named ``<instrument>_<criterion>``), an ``<instrument>_eligible`` variable that is true
when every criterion is, outputs (validity, processing days) and ``RULES``, which lists
them for the decision function."""

from openfisca_core.variables import Variable

from . import (
    ata_zholy,
    common,
    demanded_professions,
    ethnic_kazakh_skills,
    investor_visa,
    neo_nomad,
    repatriation_insurance,
    teachers_scientists,
)
from .common import InstrumentRules

MODULES = (
    common, neo_nomad, investor_visa, demanded_professions, teachers_scientists,
    ethnic_kazakh_skills, ata_zholy, repatriation_insurance,
)

VARIABLES: tuple[type[Variable], ...] = tuple(
    obj for module in MODULES for obj in vars(module).values()
    if isinstance(obj, type) and issubclass(obj, Variable) and "entity" in vars(obj)
    and obj.__module__ == module.__name__
)

INSTRUMENT_RULES: dict[str, InstrumentRules] = {
    module.RULES.instrument: module.RULES for module in MODULES if hasattr(module, "RULES")
}
