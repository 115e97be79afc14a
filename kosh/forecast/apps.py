from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "kosh.forecast"
    label = "forecast"
    verbose_name = "Forecast"
