from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from einclusie.accounts.forms import LoginForm
from einclusie.organisations.models import Membership


@login_required
def profile(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships})


class LoginView(auth_views.LoginView):
    """The password form, and "Aanmelden met …" when an OpenID Connect provider is configured."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""
        return context
