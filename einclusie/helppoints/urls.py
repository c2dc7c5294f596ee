from django.urls import path

from einclusie.helppoints import views, views_public

app_name = "helppoints"

urlpatterns = [
    path("hulp/", views_public.finder_view, name="finder"),
    path("hulp/<uuid:help_point_uuid>/", views_public.detail, name="public_detail"),
    path("werk/digipunten/", views.overview, name="overview"),
    path("werk/hulpaanbod/nieuw/", views.service_form, name="service_create"),
    path("werk/hulpaanbod/<int:service_id>/bewerken/", views.service_form, name="service_edit"),
    path("werk/hulpaanbod/<int:service_id>/digipunt-toevoegen/", views.help_point_create, name="help_point_create"),
    path("werk/locaties/nieuw/", views.location_form, name="location_create"),
    path("werk/locaties/<int:location_id>/bewerken/", views.location_form, name="location_edit"),
    path("werk/digipunten/importeren/", views.hsds_import_view, name="hsds_import"),
    path("werk/digipunten/exporteren/", views.overview_export, name="export"),
    path("werk/digipunten/<int:help_point_id>/", views.help_point_detail, name="detail"),
    path("werk/digipunten/<int:help_point_id>/bewerken/", views.help_point_edit, name="help_point_edit"),
    path("werk/digipunten/<int:help_point_id>/openingsuren/", views.hours, name="hours"),
    path("werk/digipunten/<int:help_point_id>/uitzondering/", views.exception_create, name="exception_create"),
    path("werk/uitzonderingen/<int:exception_id>/verwijderen/", views.exception_delete, name="exception_delete"),
    path("beheer/digipunten/", views_public.programme_overview, name="programme_overview"),
]
