from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kosh.web"
    label = "web"
