"""The Kosh tax-benefit system: the applicant entity, the variables and the dated
parameters, loaded once per process; and the version of the rules it embodies."""

import hashlib
from datetime import date
from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities
from .variables import VARIABLES

HERE = Path(__file__).resolve().parent
PARAMETERS_DIR = HERE / "parameters"
RULE_SOURCES = (PARAMETERS_DIR, HERE / "variables", HERE / "data")


class KoshRules(TaxBenefitSystem):
    """Variables from ``variables/``, parameters from ``parameters/``."""

    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables(*VARIABLES)
        self.load_parameters(str(PARAMETERS_DIR))


@cache
def rules_system() -> KoshRules:
    """The baseline rules (built once; treat as read-only — reforms copy it)."""
    return KoshRules()


def _rule_version() -> str:
    """``kosh-rules-<12 hex>``: a digest of every parameter file, formula module and data
    file the rules read, so two decisions with the same version used the same rules."""
    digest = hashlib.sha256()
    for root in RULE_SOURCES:
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".yaml", ".csv"}):
            digest.update(str(path.relative_to(HERE)).encode())
            digest.update(path.read_bytes())
    return f"kosh-rules-{digest.hexdigest()[:12]}"


RULE_VERSION = _rule_version()


def parameter_value(path: str, on: date) -> object:
    """The baseline value of the parameter at ``path`` (dotted) in force on ``on``."""
    node = rules_system().parameters(on.isoformat())
    for part in path.split("."):
        node = node[part]
    return node
