from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    name = "kosh.settlement"
    label = "settlement"
    verbose_name = _("Kandas and resettlers")

    def ready(self) -> None:
        """Register the settlement variables and dated parameters with the rules (node
        ``settlement``), before the rules system is first built; register the kandas status
        decision with ``kosh.documents``."""
        from kosh.rules.system import rules_register

        from . import variables
        from .documents import decision_kind_register

        decision_kind_register()

        rules_register(code="settlement", variables=variables,
                       parameters=Path(__file__).resolve().parent / "parameters")
