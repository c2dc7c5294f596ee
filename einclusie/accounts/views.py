from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from einclusie.organisations.models import Membership


@login_required
def profile(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships})
