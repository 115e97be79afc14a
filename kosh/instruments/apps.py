from importlib import import_module

from django.apps import AppConfig

MODULES = ("neo_nomad", "investor_visa", "demanded_professions", "teachers_scientists",
           "ethnic_kazakh_skills", "ata_zholy", "repatriation_insurance")


class InstrumentsConfig(AppConfig):
    name = "kosh.instruments"
    label = "instruments"
    verbose_name = "Instruments"

    def ready(self) -> None:
        for module in MODULES:
            import_module(f"{self.name}.{module}")
