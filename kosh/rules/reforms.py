"""What-if reforms: change parameters from a date without touching the live rules.

A reform is a copy of the baseline system whose parameters differ from ``start`` on; the
country-template's ``modify_parameters`` idiom. Decisions keep using the baseline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openfisca_core import periods
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .decision import RulesUnavailable
from .system import rules_system


@dataclass(frozen=True)
class ParameterChange:
    """``path`` (``<instrument>.<name>``) takes ``value`` from ``start``."""

    path: str
    value: float | int | bool
    start: date

    @property
    def instrument(self) -> str:
        return self.path.split(".", 1)[0]


class ParameterReform(Reform):
    """The baseline with some parameters changed from their dates."""

    name = "Kosh what-if"

    def __init__(self, baseline: TaxBenefitSystem, changes: Iterable[ParameterChange]) -> None:
        self.changes = tuple(changes)
        super().__init__(baseline)

    def apply(self) -> None:
        self.modify_parameters(modifier_function=self._modify)

    def _modify(self, parameters: ParameterNode) -> ParameterNode:
        for change in self.changes:
            _descendant(parameters, change.path).update(
                start=periods.instant(change.start.isoformat()), value=change.value
            )
        return parameters


def _descendant(node: ParameterNode, path: str) -> ParameterNode | Parameter | None:
    for part in path.split("."):
        node = node.children.get(part) if isinstance(node, ParameterNode) else None
    return node


def parameter_get(path: str) -> Parameter:
    """The baseline parameter at ``path``; raises ``RulesUnavailable`` when there is none."""
    node = _descendant(rules_system().parameters, path)
    if not isinstance(node, Parameter):
        raise RulesUnavailable("unknown_parameter", path)
    return node


def reform_build(changes: Iterable[ParameterChange]) -> ParameterReform:
    """A reform of the baseline; every path must name an existing single parameter whose
    value has the same kind (number or yes/no) as the change."""
    changes = tuple(changes)
    for change in changes:
        current = parameter_get(change.path).values_list[0].value
        whole = isinstance(current, int) and not isinstance(current, bool)
        if (
            isinstance(current, bool) != isinstance(change.value, bool)
            or isinstance(current, list | str)
            or (whole and not float(change.value).is_integer())
        ):
            raise RulesUnavailable("bad_value", change.path)
    return ParameterReform(rules_system(), changes)
