from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "kosh.quotas"
    label = "quotas"
