from django.urls import path

from einclusie.core import views_audit

app_name = "core"

urlpatterns = [
    path("werk/logboek/", views_audit.event_list, name="audit_log"),
]
