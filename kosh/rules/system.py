"""The Kosh tax-benefit system: the applicant entity, the variables and the dated
parameters, built once per process from what is registered; and the version of the rules
it embodies.

The rules package holds what instruments share (``variables/common.py``, the shared
parameters of ``parameters/``: appeal terms, case-engine settings; exchange rates in
``data/``). Each instrument brings its own variables module and parameter folder and
registers them with :func:`rules_register` when its package is imported (the instruments
app does so while Django loads); the system is built lazily at its first use, after every
instrument registered, and a registration after that is refused."""

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady
from openfisca_core.parameters import ParameterNode
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from .entities import entities
from .variables import common
from .variables.common import InstrumentRules

HERE = Path(__file__).resolve().parent
PARAMETERS_DIR = HERE / "parameters"
RULE_SOURCES = (PARAMETERS_DIR, HERE / "variables", HERE / "data")


@dataclass(frozen=True)
class RulePackage:
    """An instrument's rules: ``variables`` (a module of OpenFisca variables, with ``RULES``
    naming its criteria and outputs) and ``parameters``, the folder that becomes the
    parameter node ``<code>``."""

    code: str
    variables: ModuleType
    parameters: Path

    @property
    def sources(self) -> tuple[Path, ...]:
        """The files whose content is part of the rule version."""
        return (Path(self.variables.__file__), *sorted(self.parameters.rglob("*.yaml")))


PACKAGES: dict[str, RulePackage] = {}
# the registered instruments' criteria and outputs, by instrument code
INSTRUMENT_RULES: dict[str, InstrumentRules] = {}


def rules_register(*, code: str, variables: ModuleType, parameters: Path) -> RulePackage:
    """Add an instrument's variables and parameter folder to the rules. Refused (a
    ``RuntimeError``, a programming error) once the system has been built, or twice."""
    if rules_system.cache_info().currsize or code in PACKAGES:
        raise RuntimeError(f"rules of {code!r} registered twice or after the system was built")
    if not (parameters / "index.yaml").is_file():
        raise RuntimeError(f"{parameters} has no index.yaml")
    package = RulePackage(code=code, variables=variables, parameters=parameters)
    PACKAGES[code] = package
    rules = getattr(variables, "RULES", None)
    if isinstance(rules, InstrumentRules):
        INSTRUMENT_RULES[rules.instrument] = rules
    return package


def _variables_of(module: ModuleType) -> list[type[Variable]]:
    """The OpenFisca variables a module defines (not those it imports)."""
    return [
        obj for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, Variable) and "entity" in vars(obj)
        and obj.__module__ == module.__name__
    ]


class KoshRules(TaxBenefitSystem):
    """The shared variables and parameters, and every registered instrument's."""

    def __init__(self, packages: tuple[RulePackage, ...]) -> None:
        super().__init__(entities)
        self.add_variables(*_variables_of(common))
        root = ParameterNode("", directory_path=str(PARAMETERS_DIR))
        for package in packages:
            self.add_variables(*_variables_of(package.variables))
            root.add_child(package.code, ParameterNode(
                package.code, directory_path=str(package.parameters)))
        self.parameters = root


def _ready() -> tuple[RulePackage, ...]:
    """The registered packages; refuses to build before Django loaded the apps (when
    instruments register)."""
    if not apps.ready:
        raise AppRegistryNotReady("the rules are built after the instruments registered")
    return tuple(PACKAGES[code] for code in sorted(PACKAGES))


@cache
def rules_system() -> KoshRules:
    """The baseline rules (built once; treat as read-only — reforms copy it)."""
    return KoshRules(_ready())


@cache
def rule_version() -> str:
    """``kosh-rules-<12 hex>``: a digest of every parameter file, formula module and data
    file the rules read (shared and registered), so two decisions with the same version
    used the same rules."""
    digest = hashlib.sha256()
    files = [p for root in RULE_SOURCES for p in sorted(root.rglob("*"))
             if p.suffix in {".py", ".yaml", ".csv"}]
    for package in _ready():
        files.extend(package.sources)
    for path in files:
        name = path.relative_to(HERE) if path.is_relative_to(HERE) else path.relative_to(
            HERE.parent)
        digest.update(str(name).encode())
        digest.update(path.read_bytes())
    return f"kosh-rules-{digest.hexdigest()[:12]}"


def __getattr__(name: str) -> Any:
    """``RULE_VERSION``, computed at first use (after the instruments registered)."""
    if name == "RULE_VERSION":
        return rule_version()
    raise AttributeError(name)


def parameter_value(path: str, on: date) -> object:
    """The baseline value of the parameter at ``path`` (dotted) in force on ``on``."""
    node = rules_system().parameters(on.isoformat())
    for part in path.split("."):
        node = node[part]
    return node


def parameter_metadata(path: str) -> dict[str, Any]:
    """The ``metadata`` of the parameter or node at ``path`` (dotted), e.g. an
    instrument's ``status`` in its ``index.yaml``."""
    node = rules_system().parameters
    for part in path.split("."):
        node = node.children[part]
    return dict(node.metadata or {})
