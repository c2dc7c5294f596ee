"""How a request reaches organisation data. Every organisation-owned object goes through here.

An outsider (someone without a membership in the owning organisation) gets 404, never 403:
we do not confirm that another organisation's object exists.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from einclusie.organisations.models import Membership

SESSION_KEY = "current_organisation_id"


def current_membership(request):
    """The membership the person works in now: the one chosen in the session, else the one they joined first."""
    if not request.user.is_authenticated:
        return None
    memberships = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        membership = next((m for m in memberships if m.organisation_id == chosen), None)
        if membership is not None:
            return membership
    return memberships.first()


def switch_organisation(request, organisation_id):
    """Make another organisation of the person the current one; 404 if they are not a member."""
    membership = get_object_or_404(
        Membership.objects.active().select_related("organisation"),
        user=request.user,
        organisation_id=organisation_id,
    )
    request.session[SESSION_KEY] = membership.organisation_id
    return membership


def require(request, action):
    """The current membership if it allows the action; otherwise 404."""
    membership = request.current_membership
    if not membership or not membership.allows(action):
        raise Http404
    return membership


def get_for_organisation_or_404(request, queryset, *, action="organisation.view", owner="organisation", **lookup):
    """Fetch an object owned by the current organisation, checking the person's role allows the action.

    `owner` is the lookup path from the object to its organisation, e.g. "service__organisation".
    """
    membership = require(request, action)
    return get_object_or_404(queryset, **{owner: membership.organisation}, **lookup)
