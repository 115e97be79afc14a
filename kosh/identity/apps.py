from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "kosh.identity"
    label = "identity"
