from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class A11yConfig(AppConfig):
    name = "einclusie.a11y"
    label = "a11y"
    verbose_name = _("Toegankelijke digitale dienstverlening")
