"""An optional read replica for the dashboards, the open data and the API (DATABASE_REPLICA_URL).

Views wrapped in `reads_from_replica` send their reads to the "replica" database; everything else, every
write, and every request of a person who changed something in the last STICKY_SECONDS (a short-lived cookie
set by PinPrimaryAfterWriteMiddleware on any POST/PUT/PATCH/DELETE) stays on the primary, so nobody sees
their own change disappear because the replica lags. Without DATABASE_REPLICA_URL nothing changes.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

PRIMARY_COOKIE = "einclusie_primary"
STICKY_SECONDS = 10
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_use_replica = contextvars.ContextVar("einclusie_use_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def reads_from_replica(view):
    """Send the view's reads to the replica, unless the person just changed something or it is a write."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS or request.COOKIES.get(PRIMARY_COOKIE):
            return view(request, *args, **kwargs)
        token = _use_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _use_replica.reset(token)

    return wrapper


@contextlib.contextmanager
def primary():
    """Read from the primary inside this block (e.g. a refresh that runs during a replica-read page view)."""
    token = _use_replica.set(False)
    try:
        yield
    finally:
        _use_replica.reset(token)


class PinPrimaryAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE,
                "1",
                max_age=STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
