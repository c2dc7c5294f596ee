from django.urls import path

from einclusie.monitoring import (
    views_local,
    views_public,
    views_region,
    views_research,
    views_residents,
    views_survey,
    views_survey_public,
)

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views_public.public, name="public"),
    path("cijfers/gemeenten/<str:nis_code>/", views_public.public_municipality, name="public_municipality"),
    path("cijfers/bevragingen/", views_survey_public.survey_rounds_public, name="survey_rounds_public"),
    path(
        "cijfers/bevragingen/<slug:audience>/<int:year>/",
        views_survey_public.survey_round_public,
        name="survey_round_public",
    ),
    path("cijfers/open-data/", views_public.open_data, name="open_data"),
    path("cijfers/open-data/<slug:dataset>/", views_public.dataset_download, name="dataset_download"),
    path("werk/monitoring/", views_local.local, name="local"),
    path("werk/monitoring/regio/", views_region.region, name="region"),
    path("werk/monitoring/onderzoek/", views_research.research, name="research"),
    path("werk/monitoring/quickscan/", views_survey.survey_region, name="survey_region"),
    path("werk/monitoring/quickscan/invullen/", views_survey.survey_local, name="survey_local"),
    path("werk/monitoring/inwonersbevraging/", views_residents.residents_region, name="residents_region"),
    path("enquete/<int:year>/", views_residents.residents_public, name="residents_public"),
]
