from django.apps import AppConfig


class WhatIfConfig(AppConfig):
    name = "kosh.whatif"
    label = "whatif"
    verbose_name = "What-if of rule changes"
