from django.apps import AppConfig


class LabourConfig(AppConfig):
    name = "kosh.labour"
    label = "labour"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the work permit, its refusal and the household-worker permit with
        ``kosh.documents``."""
        from .documents import kinds_register

        kinds_register()
