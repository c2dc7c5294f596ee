from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelppointsConfig(AppConfig):
    name = "einclusie.helppoints"
    label = "helppoints"
    verbose_name = _("Digipunten")
