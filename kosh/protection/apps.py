from pathlib import Path

from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "kosh.protection"
    label = "protection"
    verbose_name = "Protection (asylum and statelessness)"

    def ready(self) -> None:
        """Register the dated parameters with the rules (node ``protection``)."""
        from kosh.rules.system import PACKAGES, rules_register

        from . import rules

        if "protection" not in PACKAGES:
            rules_register(code="protection", variables=rules,
                           parameters=Path(self.path) / "parameters")
