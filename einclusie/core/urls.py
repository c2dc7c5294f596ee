from django.urls import path

from einclusie.core import views_audit, views_privacy

app_name = "core"

urlpatterns = [
    path("werk/logboek/", views_audit.event_list, name="audit_log"),
    path("werk/personen/", views_privacy.person_search, name="person_search"),
    path("werk/personen/gegevens.json", views_privacy.person_export, name="person_export"),
    path("werk/personen/wissen/", views_privacy.person_erase, name="person_erase"),
]
