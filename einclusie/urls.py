from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from einclusie.helppoints.api import hsds_api
from einclusie.monitoring.api import open_data_api
from einclusie.www import views as www_views

urlpatterns = [
    path("", include("einclusie.www.urls")),
    path("", include("einclusie.accounts.urls")),
    path("", include("einclusie.organisations.urls")),
    path("", include("einclusie.territory.urls")),
    path("", include("einclusie.helppoints.urls")),
    path("", include("einclusie.contacts.urls")),
    path("", include("einclusie.courses.urls")),
    path("", include("einclusie.subsidies.urls")),
    path("", include("einclusie.core.urls")),
    path("", include("einclusie.devices.urls")),
    path("", include("einclusie.operation.urls")),
    path("", include("einclusie.a11y.urls")),
    path("", include("einclusie.monitoring.urls")),
    path("api/hsds/", hsds_api.urls),
    path("api/v1/", open_data_api.urls),
    path("taal/", csrf_exempt(set_language), name="set_language"),
    path("healthz", www_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "einclusie.www.views.page_not_found"
handler500 = "einclusie.www.views.server_error"
