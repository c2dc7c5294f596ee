from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from einclusie.accounts import forms, oidc, views, views_second_factor

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("aanmelden/oidc/", oidc.ProviderLoginView.as_view(), name="oidc_login"),
    path("aanmelden/oidc/terug/", oidc.ProviderCallbackView.as_view(), name="oidc_callback"),
    path("aanmelden/code/", views_second_factor.verify, name="second_factor"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/beveiliging/", views_second_factor.security, name="security"),
    path("account/beveiliging/instellen/", views_second_factor.setup, name="second_factor_setup"),
    path("account/beveiliging/herstelcodes/", views_second_factor.recovery_codes, name="recovery_codes"),
    path(
        "account/beveiliging/herstelcodes/nieuw/",
        views_second_factor.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path(
        "account/beveiliging/herstelcodes.txt",
        views_second_factor.recovery_codes_download,
        name="recovery_codes_download",
    ),
    path(
        "account/wachtwoord/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=forms.ChangePasswordForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=forms.ResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=forms.NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
