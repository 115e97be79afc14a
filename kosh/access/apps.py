from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "kosh.access"
    label = "access"
