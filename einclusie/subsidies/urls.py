from django.urls import path

from einclusie.subsidies import views_programme, views_public

app_name = "subsidies"

urlpatterns = [
    path("programma/oproepen/", views_programme.call_list, name="call_list"),
    path("programma/oproepen/nieuw/", views_programme.call_edit, name="call_create"),
    path("programma/oproepen/<int:call_id>/", views_programme.call_detail, name="call_detail"),
    path("programma/oproepen/<int:call_id>/bewerken/", views_programme.call_edit, name="call_edit"),
    path("programma/oproepen/<int:call_id>/uitstel/", views_programme.deadline_add, name="deadline_add"),
    path("programma/uitstel/<int:override_id>/verwijderen/", views_programme.deadline_remove, name="deadline_remove"),
    path("programma/oproepen/<int:call_id>/verdeelsleutels/nieuw/", views_programme.key_edit, name="key_create"),
    path("programma/verdeelsleutels/<int:key_id>/", views_programme.key_detail, name="key_detail"),
    path("programma/verdeelsleutels/<int:key_id>/bewerken/", views_programme.key_edit, name="key_edit"),
    path("programma/verdeelsleutels/<int:key_id>/berekenen/", views_programme.key_compute, name="key_compute"),
    path("programma/verdeelsleutels/<int:key_id>/publiceren/", views_programme.key_publish, name="key_publish"),
    path("programma/verdeelsleutels/<int:key_id>/nieuwe-versie/", views_programme.key_copy, name="key_copy"),
    path("programma/verdeelsleutels/<int:key_id>/inlezen/", views_programme.key_import, name="key_import"),
    path("programma/verdeelsleutels/<int:key_id>/vergelijken/", views_programme.key_compare, name="key_compare"),
    path("subsidies/<slug:slug>/", views_public.call_public, name="call_public"),
    path(
        "subsidies/<slug:slug>/trekkingsrecht/<str:nis_code>/",
        views_public.drawing_right_explained,
        name="drawing_right_explained",
    ),
]
