from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "einclusie.core"
    label = "core"
    verbose_name = "e-inclusie"

    def ready(self):
        from einclusie.core import audit_changes

        audit_changes.register()
