from pathlib import Path

from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "kosh.protection"
    label = "protection"
    verbose_name = "Protection (asylum and statelessness)"

    def ready(self) -> None:
        """Register the dated parameters with the rules (node ``protection``) and the
        certificates' document kinds with ``kosh.documents``."""
        from kosh.rules.system import PACKAGES, rules_register

        from . import rules
        from .documents import kinds_register

        kinds_register()

        if "protection" not in PACKAGES:
            rules_register(code="protection", variables=rules,
                           parameters=Path(self.path) / "parameters")
