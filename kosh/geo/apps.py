from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "kosh.geo"
    label = "geo"
