from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "kosh.linkage"
    label = "linkage"
    verbose_name = "Record linkage"
