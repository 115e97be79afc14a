from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "kosh.rules"
    label = "rules"
    verbose_name = "Rules (OpenFisca)"
