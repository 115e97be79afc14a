from importlib import import_module
from pkgutil import iter_modules

from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "kosh.instruments"
    label = "instruments"
    verbose_name = "Instruments"

    def ready(self) -> None:
        """Import every instrument package (a folder with a manifest): each registers
        itself with the rules and the case engine."""
        for module in iter_modules([self.path]):
            if module.ispkg:
                import_module(f"{self.name}.{module.name}")
