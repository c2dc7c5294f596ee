from django.utils.functional import SimpleLazyObject

from einclusie.organisations.access import current_membership


class CurrentOrganisationMiddleware:
    """Sets request.current_membership and request.current_organisation for the logged-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_membership = SimpleLazyObject(lambda: current_membership(request))
        request.current_organisation = SimpleLazyObject(
            lambda: request.current_membership.organisation if request.current_membership else None
        )
        return self.get_response(request)
