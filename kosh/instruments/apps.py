from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules

from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "kosh.instruments"
    label = "instruments"
    verbose_name = "Instruments"

    def ready(self) -> None:
        """Import every instrument package (a folder with its ``parameters/``, whose
        ``__init__`` registers the manifest) with the rules and the case engine."""
        for module in iter_modules([self.path]):
            if module.ispkg and (Path(self.path) / module.name / "parameters").is_dir():
                import_module(f"{self.name}.{module.name}")
