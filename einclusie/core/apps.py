from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "einclusie.core"
    label = "core"
    verbose_name = "e-inclusie"
