from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from einclusie.accounts import second_factor

# Pages that open before the second step: the step itself, logging out, the language, monitoring.
OPEN_ROUTES = {
    second_factor.VERIFY: ("accounts:second_factor", "accounts:logout", "set_language", "healthz"),
    second_factor.SET_UP: ("accounts:second_factor_setup", "accounts:logout", "set_language", "healthz"),
}
DESTINATION = {second_factor.VERIFY: "accounts:second_factor", second_factor.SET_UP: "accounts:second_factor_setup"}


class SecondFactorMiddleware:
    """After the password, a person who still has a second step to take sees only that step (and can log out).

    The step is noted in the session at login (second_factor.note_step_after_login), so a page costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self, step):
        if self._open_paths is None:
            self._open_paths = {key: {reverse(name) for name in names} for key, names in OPEN_ROUTES.items()}
        return self._open_paths[step]

    def __call__(self, request):
        step = request.session.get(second_factor.SESSION_KEY) if hasattr(request, "session") else None
        if (
            step in DESTINATION
            and request.path_info not in self.open_paths(step)
            and not request.path_info.startswith(settings.STATIC_URL)
            and request.user.is_authenticated
        ):
            url = reverse(DESTINATION[step])
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)
