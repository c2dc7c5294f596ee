from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "einclusie.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from einclusie.accounts.second_factor import note_step_after_login

        # Not business logic: which step of logging in is still to take, kept in the session.
        user_logged_in.connect(note_step_after_login, dispatch_uid="einclusie_second_factor_step")
