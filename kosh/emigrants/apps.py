from pathlib import Path

from django.apps import AppConfig


class EmigrantsConfig(AppConfig):
    name = "kosh.emigrants"
    label = "emigrants"
    verbose_name = "Citizens working abroad"

    def ready(self) -> None:
        """Register the dated parameters with the rules (node ``emigrants``)."""
        from kosh.rules.system import PACKAGES, rules_register

        from . import rules

        if "emigrants" not in PACKAGES:
            rules_register(code="emigrants", variables=rules,
                           parameters=Path(self.path) / "parameters")
