"""Public pages of the platform, the health check and the error pages."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from einclusie.core import demo
from einclusie.territory.models import Municipality


def home(request):
    context = {"municipality_count": Municipality.objects.flemish().current().count()}
    if settings.DEMO:
        context.update(demo_accounts=demo.ACCOUNTS, demo_password=demo.DEMO_PASSWORD)
    return render(request, "www/home.html", context)


def about(request):
    return render(request, "www/about.html")


def accessibility(request):
    return render(request, "www/accessibility.html")


def privacy(request):
    return render(request, "www/privacy.html", {"course_retention_months": settings.COURSE_RETENTION_MONTHS})


@never_cache
def healthz(request):
    """Database and task-queue status as JSON; 503 when something is down."""
    status = {
        "status": "ok",
        "database": {"status": "ok", "vendor": connection.vendor},
        "tasks": {"status": "ok"},
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        status["status"] = "error"
        status["database"] = {"status": "error", "error": error.__class__.__name__}
    try:
        from django_tasks_db.models import DBTaskResult

        status["tasks"]["backend"] = "database"
        status["tasks"]["ready"] = DBTaskResult.objects.ready().count()
        status["tasks"]["failed"] = DBTaskResult.objects.failed().count()
    except Exception as error:  # noqa: BLE001 - any queue failure means unhealthy
        status["status"] = "error"
        status["tasks"] = {"status": "error", "error": error.__class__.__name__}
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


def csrf_failure(request, reason=""):
    return render(request, "www/csrf_failure.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
