from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "kosh.occupations"
    label = "occupations"
