from django.apps import AppConfig


class LabourConfig(AppConfig):
    name = "kosh.labour"
    label = "labour"
    default_auto_field = "django.db.models.BigAutoField"
