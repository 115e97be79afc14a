from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "kosh.ratings"
    label = "ratings"
    verbose_name = "Ratings"
